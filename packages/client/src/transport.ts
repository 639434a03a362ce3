/** One HTTP request as the client makes it. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** JSON text, when the request has a body. */
  body?: string;
}

/** One HTTP answer: its status, a header by (lower-case) name, and its body (text, or already parsed JSON). */
export interface TransportResponse {
  status: number;
  header(name: string): string | undefined;
  body: unknown;
}

/**
 * How requests reach the hub. The default is the platform's `fetch`; a front-end whose platform has its own HTTP helper
 * (n8n's `httpRequestWithAuthentication`, Zapier's `z.request`, which log, proxy and authenticate) passes one built on
 * it, so the client's error handling and rate-limit waits are the same everywhere. A transport must not throw on a
 * non-2xx status: the client turns that into a `HubError`.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** The default {@link Transport}: the global `fetch` (Node 18+). Network failures throw fetch's own error. */
export const fetchTransport: Transport = async (request) => {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: res.status, header: (name) => res.headers.get(name) ?? undefined, body: await res.text() };
};
