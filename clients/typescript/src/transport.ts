/** What openapi-fetch calls to send a request: `fetch` itself, or a layer around it. */
export type Transport = (request: Request) => Promise<Response>;

/** The platform's fetch, looked up at call time so that a test's or polyfill's stand-in counts. */
export const platformFetch: Transport = (request) => globalThis.fetch(request);

/** Resolve after `seconds`, or reject as soon as `signal` aborts. */
export function sleep(seconds: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
