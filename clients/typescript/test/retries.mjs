// Four reads in a row against a service that refuses a third request within a second: each
// refusal is retried after its Retry-After. Prints the data's versions and, per retry, the
// Retry-After and the seconds from the refusal to the next request sent.
// Run by tests/test_sdk_typescript.py: node test/retries.mjs BASE_URL
import { createPartnershipClient, unwrap } from "partnership-api-client";

const exchanges = [];
const retries = [];
const client = createPartnershipClient({
  baseUrl: process.argv[2],
  fetch: async (request) => {
    const exchange = { sent: performance.now() };
    exchanges.push(exchange);
    const response = await fetch(request);
    Object.assign(exchange, { received: performance.now(), status: response.status });
    return response;
  },
  onRetry: (info) => retries.push({ ...info, refused: exchanges.at(-1) }),
});
const versions = [];
for (let read = 0; read < 4; read++) {
  versions.push(unwrap(await client.GET("/v1/dataset")).version);
}
const waited = retries.map(({ status, retryAfter, wait, refused }) => {
  const next = exchanges[exchanges.indexOf(refused) + 1];
  return { status, retryAfter, wait, waited: (next.sent - refused.received) / 1000 };
});
console.log(JSON.stringify({ versions, retries: waited, requests: exchanges.length }));
