// A partnership's status read through get and through iterate, from a service whose
// vocabularies hold values openapi.yaml does not list.
// Run by tests/test_sdk_typescript.py: node test/vocabulary.mjs BASE_URL ID
import { createPartnershipClient, iterate, unwrap } from "partnership-api-client";

const client = createPartnershipClient({ baseUrl: process.argv[2] });
const id = process.argv[3];
const path = { partnership_id: id };
const got = unwrap(await client.GET("/v1/partnerships/{partnership_id}", { params: { path } }));
let listed;
for await (const partnership of iterate(client, "/v1/partnerships")) {
  if (partnership.id === id) listed = partnership;
}
console.log(JSON.stringify({ got: got.status, listed: listed?.status }));
