/** The service's problem+json answers (RFC 9457) as typed errors, one class per status. */
import { parseRetryAfter } from "./retries.js";
import type { components } from "./schema.js";

export type Problem = components["schemas"]["Problem"];
export type InvalidParam = components["schemas"]["InvalidParam"];

/** An answer outside 2xx. `problem` is its parsed problem+json body, undefined when it sent
 * something else (a gateway's page, say): then the other fields hold what the status tells. */
export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  readonly invalidParams: InvalidParam[];
  readonly problem: Problem | undefined;
  readonly response: Response;

  constructor(response: Response, problem: Problem | undefined, text?: string) {
    const title = problem?.title ?? (response.statusText || `HTTP ${response.status}`);
    const detail = problem?.detail ?? (text || undefined);
    super(`${response.status} ${title}${detail === undefined ? "" : `: ${detail}`}`);
    this.name = new.target.name;
    this.status = response.status;
    this.title = title;
    this.detail = detail;
    this.type = problem?.type ?? "about:blank";
    this.invalidParams = problem?.invalid_params ?? [];
    this.problem = problem;
    this.response = response;
  }
}

/** 400: a parameter was refused; `invalidParams` names each one with its reason. */
export class BadRequestError extends ProblemError {}

/** 404: no such resource, or a `version` never published. */
export class NotFoundError extends ProblemError {}

/** 410: a version, or a cursor's version, no longer retained. */
export class GoneError extends ProblemError {}

/** 429: over the rate limit, still after the retries the client was allowed. */
export class RateLimitedError extends ProblemError {
  /** Seconds the service asked to wait, when it said. */
  readonly retryAfter: number | undefined = parseRetryAfter(
    this.response.headers.get("Retry-After"),
  );
}

/** 503: the service cannot answer for now, still after the retries. */
export class UnavailableError extends ProblemError {}

const BY_STATUS: Record<number, typeof ProblemError> = {
  400: BadRequestError,
  404: NotFoundError,
  410: GoneError,
  429: RateLimitedError,
  503: UnavailableError,
};

function isProblem(response: Response, body: unknown): body is Problem {
  const type = response.headers.get("Content-Type") ?? "";
  return type.startsWith("application/problem+json") && typeof body === "object" && body !== null;
}

/** The typed error for an answer outside 2xx, given the body openapi-fetch parsed from it. */
export function problemError(response: Response, body: unknown): ProblemError {
  const Class = BY_STATUS[response.status] ?? ProblemError;
  if (isProblem(response, body)) return new Class(response, body);
  return new Class(response, undefined, typeof body === "string" ? body.slice(0, 500) : undefined);
}

/** What an openapi-fetch call resolves to. */
export interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or the call's typed error thrown. */
export function unwrap<Data>(result: FetchResult<Data>): NonNullable<Data> {
  if (!result.response.ok || result.error !== undefined) {
    throw problemError(result.response, result.error);
  }
  return result.data as NonNullable<Data>;
}

/** A list changed dataset version between two of its pages. */
export class VersionChangedError extends Error {
  readonly path: string;
  readonly expected: string;
  readonly found: string;

  constructor(path: string, expected: string, found: string) {
    super(`${path}: a page of version ${found} followed pages of version ${expected}`);
    this.name = "VersionChangedError";
    this.path = path;
    this.expected = expected;
    this.found = found;
  }
}
