// The layer's rules against a stand-in server (the `fetch` option), where a live service cannot
// easily be made to answer so: `npm test`, and tests/test_sdk_typescript.py.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createPartnershipClient,
  iterate,
  ProblemError,
  RateLimitedError,
  unwrap,
  VersionChangedError,
} from "partnership-api-client";

const JSON_TYPE = { "Content-Type": "application/json" };

/** A client whose requests are answered by `answers`, in turn; `sent` records them. */
function stubbed(answers, options = {}) {
  const sent = [];
  const client = createPartnershipClient({
    baseUrl: "http://api.test",
    fetch: async (request) => {
      sent.push(request);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next();
    },
    ...options,
  });
  return { client, sent };
}

const json = (body, headers = {}, status = 200) => () =>
  new Response(JSON.stringify(body), { status, headers: { ...JSON_TYPE, ...headers } });
const dataset = (client) => client.GET("/v1/dataset");

test("a read of a named version is served from the cache while its max-age lasts", async () => {
  const immutable = { ETag: '"v1"', "Cache-Control": "public, max-age=31536000, immutable" };
  const { client, sent } = stubbed([json({ version: "a" }, immutable)]);
  const query = { params: { query: { version: "0123456789abcdef" } } };
  assert.deepEqual(unwrap(await client.GET("/v1/dataset", query)), { version: "a" });
  assert.deepEqual(unwrap(await client.GET("/v1/dataset", query)), { version: "a" });
  assert.equal(sent.length, 1);
});

test("a 304 is the kept body with the 304's headers", async () => {
  const { client, sent } = stubbed([
    json({ version: "a" }, { ETag: '"v1"', "X-Dataset-Version": "a" }),
    () => new Response(null, { status: 304, headers: { ETag: '"v1"', "X-Dataset-Version": "b" } }),
  ]);
  await dataset(client);
  const again = await dataset(client);
  assert.equal(sent[1].headers.get("If-None-Match"), '"v1"');
  assert.equal(again.response.status, 200);
  assert.deepEqual(again.data, { version: "a" });
  assert.equal(again.response.headers.get("X-Dataset-Version"), "b");
});

test("the NDJSON export is never kept", async () => {
  const ndjson = { ETag: '"e"', "Content-Type": "application/x-ndjson" };
  const line = () => new Response('{"type":"dataset"}\n', { headers: ndjson });
  const { client, sent } = stubbed([line, line]);
  await client.GET("/v1/export", { parseAs: "text" });
  await client.GET("/v1/export", { parseAs: "text" });
  assert.equal(sent[1].headers.get("If-None-Match"), null);
});

test("a Retry-After given as an HTTP date is waited for", async () => {
  // An HTTP date counts whole seconds: 1.5 s ahead is 0.5 to 1.5 s ahead.
  const soon = new Date(Date.now() + 1500).toUTCString();
  const retries = [];
  const { client } = stubbed(
    [json({ title: "Too Many Requests" }, { "Retry-After": soon }, 429), json({ version: "a" })],
    { onRetry: (info) => retries.push(info) },
  );
  assert.deepEqual(unwrap(await dataset(client)), { version: "a" });
  assert.equal(retries.length, 1);
  assert.ok(retries[0].retryAfter > 0 && retries[0].retryAfter <= 1.5, retries[0]);
});

test("a Retry-After past maxRetryWait is not waited for: its error is thrown", async () => {
  const problem = { "Content-Type": "application/problem+json", "Retry-After": "120" };
  const body = { type: "about:blank", title: "Too Many Requests", status: 429 };
  const refused = json(body, problem, 429);
  const { client, sent } = stubbed([refused], { maxRetryWait: 5 });
  const error = await dataset(client).then(unwrap).catch((e) => e);
  assert.ok(error instanceof RateLimitedError);
  assert.equal(error.retryAfter, 120);
  assert.equal(sent.length, 1);
});

test("network failures are retried, then rethrown once the retries are spent", async () => {
  const down = new TypeError("fetch failed");
  const { client, sent } = stubbed([down, json({ version: "a" })], { maxRetries: 1 });
  assert.deepEqual(unwrap(await dataset(client)), { version: "a" });
  const spent = stubbed([down, down], { maxRetries: 1 });
  await assert.rejects(dataset(spent.client), down);
  assert.equal(sent.length + spent.sent.length, 4);
});

test("an answer that is not problem+json is still a ProblemError", async () => {
  const html = "<h1>Bad Gateway</h1>";
  const page = () => new Response(html, { status: 502, statusText: "Bad Gateway" });
  const { client } = stubbed([page], { maxRetries: 0 });
  const error = await dataset(client).then(unwrap).catch((e) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 502);
  assert.equal(error.title, "Bad Gateway");
  assert.equal(error.problem, undefined);
});

test("a list whose pages come from two versions throws VersionChangedError", async () => {
  const page = (version, next) =>
    json({ data: [{ id: version }], links: { next }, meta: { dataset_version: version } });
  const { client, sent } = stubbed([page("a", "/v1/changes?since=x&cursor=C2"), page("b", null)]);
  const seen = [];
  const changes = iterate(client, "/v1/changes", { params: { query: { since: "x" } } });
  await assert.rejects(async () => {
    for await (const change of changes) seen.push(change.id);
  }, VersionChangedError);
  assert.deepEqual(seen, ["a"]);
  // /v1/changes reads the current version only: its later pages cannot name one.
  assert.equal(new URL(sent[1].url).search, "?since=x&cursor=C2");
});
