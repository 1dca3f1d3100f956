// The typed errors a caller catches: a missing item, a refused parameter, a version never
// published. Run by tests/test_sdk_typescript.py: node test/errors.mjs BASE_URL
import {
  BadRequestError,
  createPartnershipClient,
  iterate,
  NotFoundError,
  ProblemError,
  unwrap,
} from "partnership-api-client";

const client = createPartnershipClient({ baseUrl: process.argv[2] });
const NEVER_PUBLISHED = "0123456789abcdef";

async function caught(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return {
      class: error.constructor.name,
      problemError: error instanceof ProblemError,
      notFound: error instanceof NotFoundError,
      badRequest: error instanceof BadRequestError,
      status: error.status,
      detail: error.detail,
      invalidParams: error.invalidParams,
    };
  }
}

const drain = async (items) => {
  for await (const _ of items);
};
console.log(
  JSON.stringify({
    missing: await caught(async () =>
      unwrap(
        await client.GET("/v1/partnerships/{partnership_id}", {
          params: { path: { partnership_id: "no-such-partnership" } },
        }),
      ),
    ),
    limitZero: await caught(() =>
      drain(iterate(client, "/v1/partnerships", { params: { query: { limit: 0 } } })),
    ),
    neverPublished: await caught(async () =>
      unwrap(
        await client.GET("/v1/organizations", { params: { query: { version: NEVER_PUBLISHED } } }),
      ),
    ),
  }),
);
