// Reads one partnership twice: the second read is revalidated (If-None-Match) and its 304
// answered from the cache. Run by tests/test_sdk_typescript.py: node test/cache.mjs BASE_URL ID
import { createPartnershipClient, unwrap } from "partnership-api-client";

const sent = [];
const client = createPartnershipClient({
  baseUrl: process.argv[2],
  fetch: async (request) => {
    sent.push(request.headers.get("If-None-Match"));
    return fetch(request);
  },
});
const read = async () => {
  const result = await client.GET("/v1/partnerships/{partnership_id}", {
    params: { path: { partnership_id: process.argv[3] } },
  });
  return { status: result.response.status, body: unwrap(result) };
};
const first = await read();
const second = await read();
console.log(JSON.stringify({ first, second, sent }));
