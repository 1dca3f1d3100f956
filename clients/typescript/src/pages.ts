/** Every item of a list, page after page, all from the dataset version of the first page. */
import type { Client, FetchOptions } from "openapi-fetch";
import { VersionChangedError, unwrap } from "./errors.js";
import type { components, paths } from "./schema.js";

type JsonOk<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;
type Page = {
  data: unknown[];
  links: components["schemas"]["Links"];
  meta: { dataset_version: string };
};

/** The paths whose answer is a page of a list. */
export type ListPath = {
  [P in keyof paths]: [JsonOk<P>] extends [never] ? never : JsonOk<P> extends Page ? P : never;
}[keyof paths];
/** An item of the list at `P`. */
export type ListItem<P extends ListPath> =
  JsonOk<P> extends { data: (infer Item)[] } ? Item : never;
/** What `client.GET(path, init)` takes for the list at `P`. */
export type ListInit<P extends ListPath> = FetchOptions<paths[P]["get"]>;

type Query<P extends ListPath> = NonNullable<paths[P]["get"]["parameters"]["query"]>;
type VersionedList = { [P in ListPath]: "version" extends keyof Query<P> ? P : never }[ListPath];
type CurrentOnlyList = Exclude<ListPath, VersionedList>;

// The lists that always read the current version (their pages are not a version's content), so
// a later page cannot be asked for the first's. The two checks below fail the build when
// openapi.yaml and this list part: every name here is such a list, and every such list is here.
const CURRENT_ONLY = [
  "/v1/changes",
  "/v1/dataset/versions",
] as const satisfies readonly CurrentOnlyList[];
type Unnamed = Exclude<CurrentOnlyList, (typeof CURRENT_ONLY)[number]>;
const everyCurrentOnlyListIsNamed: [Unnamed] extends [never] ? true : false = true;
void everyCurrentOnlyListIsNamed;

type PageResult = { data?: Page; error?: unknown; response: Response };
type PageCall = (path: string, init: object) => Promise<PageResult>;

/**
 * Every item of the list at `path`, following `links.next`. Later pages are asked for with the
 * first page's `meta.dataset_version` as `version` (where the list takes one), so a publish
 * during the iteration changes nothing; a page of another version throws VersionChangedError.
 * An answer outside 2xx throws its typed error (see unwrap).
 */
export async function* iterate<P extends ListPath>(
  client: Client<paths>,
  path: P,
  ...[init]: {} extends ListInit<P> ? [init?: ListInit<P>] : [init: ListInit<P>]
): AsyncGenerator<ListItem<P>, void, undefined> {
  // One call for every list: the signature above has checked the caller's types.
  const get = client.GET as unknown as PageCall;
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } };
  const pinnable = !(CURRENT_ONLY as readonly string[]).includes(path);
  let query = options.params?.query;
  let pinned: string | undefined;
  for (;;) {
    const page = unwrap(await get(path, { ...options, params: { ...options.params, query } }));
    const version = page.meta.dataset_version;
    pinned ??= version;
    if (version !== pinned) throw new VersionChangedError(path, pinned, version);
    yield* page.data as ListItem<P>[];
    if (page.links.next === null) return;
    // Only the cursor is taken from the link: every other parameter stays the caller's own.
    const cursor = new URL(page.links.next, "http://link.invalid").searchParams.get("cursor");
    if (cursor === null) throw new Error(`${path}: links.next has no cursor: ${page.links.next}`);
    query = { ...options.params?.query, cursor, ...(pinnable ? { version: pinned } : {}) };
  }
}
