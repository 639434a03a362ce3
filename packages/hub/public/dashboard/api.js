// Every call goes to the hub's /v1 API with the API key the user logged in with (sessionStorage: gone when the tab
// closes). A refused key ends the session.
import { state } from './state.js';

/** A non-2xx answer of the API: its HTTP status and the `error` object of its body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body?.error ?? {};
  }
}

/** Call the API with the session's key; resolves to the parsed JSON (or text) body, throws {@link ApiError}. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${state.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && path !== '/v1/account') {
    logout();
    throw new ApiError(401, {});
  }
  const text = await res.text();
  const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Forget the key, close the live stream and start over at the login form. */
export function logout() {
  sessionStorage.removeItem('smsfleet-key');
  state.source?.close();
  location.reload();
}
