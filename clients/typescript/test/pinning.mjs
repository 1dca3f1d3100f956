// Lists every organization a page at a time, stopping after the first for a line on stdin (a
// publish happens meanwhile), then every partnership afresh; prints each item's page version and
// the version its page was asked for.
// Run by tests/test_sdk_typescript.py: node test/pinning.mjs BASE_URL
import { createInterface } from "node:readline";
import { createPartnershipClient, iterate } from "partnership-api-client";

const client = createPartnershipClient({ baseUrl: process.argv[2] });
let page;
client.use({
  async onResponse({ request, response }) {
    page = {
      version: (await response.clone().json()).meta.dataset_version,
      asked: new URL(request.url).searchParams.get("version"),
    };
  },
});
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function listed(path, pause) {
  const items = [];
  for await (const item of iterate(client, path, { params: { query: { limit: 1 } } })) {
    items.push({ id: item.id, ...page });
    if (pause && items.length === 1) {
      console.log(JSON.stringify({ first: items[0] }));
      await lines.next();
    }
  }
  return items;
}

const organizations = await listed("/v1/organizations", true);
const partnerships = await listed("/v1/partnerships", false);
console.log(JSON.stringify({ organizations, partnerships }));
process.exit(0);
