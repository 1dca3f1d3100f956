// What the published types let a caller write, and refuse: compiled (never run) by the suite,
// against dist/ as an installed package's caller sees it.
import {
  type components,
  createPartnershipClient,
  iterate,
  NotFoundError,
  unwrap,
} from "partnership-api-client";

type Partnership = components["schemas"]["Partnership"];

export async function calls(): Promise<string[]> {
  const client = createPartnershipClient({ baseUrl: "http://127.0.0.1:8000" });
  const partnership: Partnership = unwrap(
    await client.GET("/v1/partnerships/{partnership_id}", {
      params: { path: { partnership_id: "honda-nissan-ev-collaboration" } },
    }),
  );
  // A vocabulary value openapi.yaml does not list is a value like any other.
  const paused: Partnership["status"] = "paused";
  const names: string[] = [partnership.status, paused];
  for await (const organization of iterate(client, "/v1/organizations", {
    params: { query: { limit: 1, country: "JP" } },
  })) {
    names.push(organization.id, organization.name ?? "");
  }
  const since = { since: "0123456789abcdef" };
  for await (const change of iterate(client, "/v1/changes", { params: { query: since } })) {
    names.push(change.id);
  }
  iterate(client, "/v1/partnerships");
  // @ts-expect-error: the path parameter is required.
  await client.GET("/v1/partnerships/{partnership_id}", { params: { path: {} } });
  // @ts-expect-error: /v1/changes needs `since`.
  iterate(client, "/v1/changes");
  // @ts-expect-error: /v1/dataset is not a list.
  iterate(client, "/v1/dataset");
  // @ts-expect-error: `limit` is a number.
  iterate(client, "/v1/events", { params: { query: { limit: "1" } } });
  try {
    unwrap(await client.GET("/v1/dataset"));
  } catch (error) {
    if (error instanceof NotFoundError) names.push(error.detail ?? error.title, error.type);
  }
  return names;
}
