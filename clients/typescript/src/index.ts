/** The official client of the Partnership metadata API: openapi-fetch, typed by openapi.yaml,
 * over a transport that caches and retries, with functions for lists and errors. */
import createClient, { type Client } from "openapi-fetch";
import { caching } from "./cache.js";
import { type RetryInfo, retrying } from "./retries.js";
import type { paths } from "./schema.js";
import { type Transport, platformFetch } from "./transport.js";

export {
  BadRequestError,
  GoneError,
  NotFoundError,
  ProblemError,
  RateLimitedError,
  UnavailableError,
  VersionChangedError,
  unwrap,
  type FetchResult,
  type InvalidParam,
  type Problem,
} from "./errors.js";
export { iterate, type ListInit, type ListItem, type ListPath } from "./pages.js";
export type { RetryInfo } from "./retries.js";
export type { components, operations, paths } from "./schema.js";
export type { Transport } from "./transport.js";

export type PartnershipClient = Client<paths>;

export interface PartnershipClientOptions {
  /** Where the service answers, e.g. `https://partnerships.example.com`. */
  baseUrl: string;
  /** Retries of a read answered 429, 502, 503 or 504, or that failed on the network. */
  maxRetries?: number;
  /** Seconds: a Retry-After longer than this is not waited for (its error is thrown at once). */
  maxRetryWait?: number;
  /** Answers kept for conditional requests; 0 turns the cache off. */
  cacheSize?: number;
  /** What sends each request; the platform's fetch by default. */
  fetch?: Transport;
  /** Told before each wait for a retry, e.g. to log it. */
  onRetry?: (info: RetryInfo) => void;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export function createPartnershipClient(options: PartnershipClientOptions): PartnershipClient {
  const { baseUrl, maxRetries = 3, maxRetryWait = 30, cacheSize = 256, onRetry, headers } = options;
  // The cache outside the retries: a retried read is revalidated, and a fresh one never sent.
  const retries = { maxRetries, maxRetryWait, ...(onRetry ? { onRetry } : {}) };
  const transport = caching(retrying(options.fetch ?? platformFetch, retries), cacheSize);
  return createClient<paths>({ baseUrl, fetch: transport, ...(headers ? { headers } : {}) });
}
