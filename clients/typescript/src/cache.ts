/** A conditional-request cache: JSON answers kept by URL, revalidated with If-None-Match. */
import type { Transport } from "./transport.js";

interface Entry {
  body: string;
  headers: Headers;
  etag: string;
  /** Epoch milliseconds until which the answer is used without asking; 0 to always ask. */
  freshUntil: number;
}

// Not kept with a cached body: it is stored decoded, so its length and coding are not the wire's.
const WIRE_HEADERS = ["content-encoding", "content-length", "transfer-encoding"];

function isJson(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  // Not the NDJSON export: it is large and streamed.
  return type === "application/json" || type.endsWith("+json");
}

function directive(cacheControl: string, name: string): string | undefined {
  for (const part of cacheControl.toLowerCase().split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === name) return value ?? "";
  }
  return undefined;
}

/** Until when an answer may be used without a request: only one its server calls immutable (a
 * read of a named version), for its max-age less the time it spent in caches on the way. */
function freshness(headers: Headers): number {
  const cacheControl = headers.get("Cache-Control") ?? "";
  const maxAge = Number(directive(cacheControl, "max-age"));
  if (directive(cacheControl, "immutable") === undefined || !Number.isFinite(maxAge)) return 0;
  const age = Number(headers.get("Age") ?? 0) || 0;
  return Date.now() + (maxAge - age) * 1000;
}

function answer(entry: Entry): Response {
  return new Response(entry.body, { status: 200, statusText: "OK", headers: entry.headers });
}

export function caching(next: Transport, size: number): Transport {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<string, Entry>();

  function use(url: string): Entry | undefined {
    const entry = entries.get(url);
    if (entry !== undefined) {
      entries.delete(url);
      entries.set(url, entry);
    }
    return entry;
  }

  async function keep(url: string, response: Response): Promise<void> {
    const etag = response.headers.get("ETag");
    const cacheControl = response.headers.get("Cache-Control") ?? "";
    if (response.status !== 200 || etag === null || !isJson(response.headers.get("Content-Type")))
      return;
    if (directive(cacheControl, "no-store") !== undefined) return;
    const headers = new Headers(response.headers);
    for (const name of WIRE_HEADERS) headers.delete(name);
    const body = await response.clone().text();
    entries.delete(url);
    entries.set(url, { body, headers, etag, freshUntil: freshness(headers) });
    while (entries.size > size) entries.delete(entries.keys().next().value!);
  }

  return async (request) => {
    if (request.method !== "GET" || size <= 0) return next(request);
    const url = request.url;
    // A caller's own validator: the caller wants the 304, so it is passed on as it comes.
    if (request.headers.has("If-None-Match")) {
      const response = await next(request);
      await keep(url, response);
      return response;
    }
    const entry = use(url);
    if (entry !== undefined && entry.freshUntil > Date.now()) return answer(entry);
    let sent = request;
    if (entry !== undefined) {
      const headers = new Headers(request.headers);
      headers.set("If-None-Match", entry.etag);
      sent = new Request(request, { headers });
    }
    const response = await next(sent);
    if (response.status === 304 && entry !== undefined) {
      // The stored answer, its headers brought up to date by the 304's (RFC 9111, 4.3.4).
      response.headers.forEach((value, name) => {
        if (!WIRE_HEADERS.includes(name)) entry.headers.set(name, value);
      });
      entry.etag = entry.headers.get("ETag") ?? entry.etag;
      entry.freshUntil = freshness(entry.headers);
      return answer(entry);
    }
    await keep(url, response);
    return response;
  };
}
