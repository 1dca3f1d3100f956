/** Retries of reads the service refused for now (429, 502, 503, 504) or that never arrived. */
import { type Transport, sleep } from "./transport.js";

/** What a caller's `onRetry` hears before each wait. */
export interface RetryInfo {
  url: string;
  /** 1 for the first retry. */
  attempt: number;
  /** Seconds about to be waited. */
  wait: number;
  /** The refused answer's status; absent when the request failed without one. */
  status?: number;
  /** The answer's Retry-After in seconds, when it sent one. */
  retryAfter?: number;
  /** Why fetch rejected, when it did. */
  error?: unknown;
}

export interface RetryOptions {
  maxRetries: number;
  /** Seconds: a Retry-After longer than this is not waited for. */
  maxRetryWait: number;
  onRetry?: (info: RetryInfo) => void;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
// Reads only: repeating them changes nothing on the server.
const RETRIED_METHODS = new Set(["GET", "HEAD"]);

/** Retry-After in seconds (delta-seconds or an HTTP-date), or undefined when absent or bad. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export function retrying(next: Transport, options: RetryOptions): Transport {
  const { maxRetries, maxRetryWait, onRetry } = options;
  return async (request) => {
    if (!RETRIED_METHODS.has(request.method)) return next(request);
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        // A clone each time: a Request is spent once it has been sent.
        response = await next(request.clone());
      } catch (error) {
        if (request.signal.aborted) throw error;
        failure = error;
      }
      if (response !== undefined && !RETRIED_STATUSES.has(response.status)) return response;
      const retryAfter = parseRetryAfter(response?.headers.get("Retry-After") ?? null);
      const wait = retryAfter ?? 0.5 * 2 ** attempt;
      if (attempt >= maxRetries || wait > maxRetryWait) {
        if (response !== undefined) return response;
        throw failure;
      }
      onRetry?.({
        url: request.url,
        attempt: attempt + 1,
        wait,
        ...(response !== undefined ? { status: response.status } : { error: failure }),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
      // Frees the connection of the answer not read.
      await response?.body?.cancel();
      await sleep(wait, request.signal);
    }
  };
}
