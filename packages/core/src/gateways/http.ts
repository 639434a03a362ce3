import type { GatewayKind } from '../schemas/common';
import { GatewaySendError } from './gateway-send-error';
import { classifyGatewayFailure } from './mapping';

/** One HTTP request to a gateway. */
export interface GatewayCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  signal?: AbortSignal;
}

/** A gateway's answer, body already read. */
export interface GatewayAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
}

/** How an adapter reaches its gateway. */
export interface GatewayHttp {
  readonly gateway: GatewayKind;
  /** Send the request; network errors and timeouts become retryable device problems. Never throws on HTTP status. */
  call(c: GatewayCall): Promise<GatewayAnswer>;
}

/** Make a {@link GatewayHttp} over `fetchImpl` with a per-request timeout. */
export function gatewayHttp(gateway: GatewayKind, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): GatewayHttp {
  return {
    gateway,
    async call(c) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = c.signal ? AbortSignal.any([c.signal, timeout]) : timeout;
      let res: Response;
      let text: string;
      try {
        res = await fetchImpl(c.url, {
          method: c.method,
          headers: {
            accept: 'application/json',
            ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...c.headers,
          },
          body: c.body === undefined ? undefined : JSON.stringify(c.body),
          signal,
        });
        text = await res.text();
      } catch (e) {
        const timedOut = timeout.aborted && !c.signal?.aborted;
        const callerAborted = c.signal?.aborted === true;
        throw new GatewaySendError(
          timedOut
            ? `${gateway}: no answer from ${c.method} ${safeUrl(c.url)} within ${timeoutMs} ms`
            : callerAborted
              ? `${gateway}: ${c.method} ${safeUrl(c.url)} aborted by the caller`
              : `${gateway}: cannot reach ${safeUrl(c.url)}: ${(e as Error).message}`,
          {
            gateway,
            problem: timedOut ? 'timeout' : 'network',
            retryable: true,
            deviceProblem: !callerAborted,
            cause: e,
          },
        );
      }
      let json: unknown;
      if (text.length > 0) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: res.status, headers: res.headers, json, text };
    },
  };
}

/** The URL without its query string (which may hold credentials). */
function safeUrl(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}

/** The error text a gateway put in its body (`message`, `error`, `error.message`), if any. */
export function gatewayErrorText(a: GatewayAnswer): string | undefined {
  const j = a.json as Record<string, unknown> | undefined;
  if (j && typeof j === 'object') {
    for (const k of ['message', 'error', 'detail', 'reason']) {
      const v = j[k];
      if (typeof v === 'string' && v) return v;
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string')
        return (v as { message: string }).message;
    }
  }
  const t = a.text.trim();
  return t ? t.slice(0, 300) : undefined;
}

/** Options for {@link errorFromAnswer}. */
export interface ErrorFromAnswerOptions {
  /** What was being done, for the message ("send", "fetch status"). */
  action: string;
  /** The gateway is the phone itself (sms-gate local server): a 5xx means the phone is in trouble. */
  gatewayIsPhone?: boolean;
  /** A 404 means the phone is unknown to the gateway (textbee device path) rather than a missing message. */
  notFoundIsDevice?: boolean;
}

/**
 * Turn a non-2xx answer into a {@link GatewaySendError}: 400/422 is a permanent rejection with a classified
 * failure; 401/403 a configuration problem; 404 a missing device or message; 429 and 503 (queue limit) are
 * retryable device problems; other 5xx are retryable gateway problems.
 */
export function errorFromAnswer(
  gateway: GatewayKind,
  a: GatewayAnswer,
  opts: ErrorFromAnswerOptions,
): GatewaySendError {
  const text = gatewayErrorText(a);
  const rawCode = codeOf(a);
  const msg = `${gateway}: ${opts.action} failed with HTTP ${a.status}${text ? `: ${text}` : ''}`;
  const base = { gateway, httpStatus: a.status, gatewayCode: rawCode ?? text };
  const s = a.status;
  if (s === 401 || s === 403) {
    return new GatewaySendError(`${msg} (check the gateway credentials)`, {
      ...base,
      problem: 'auth',
      retryable: false,
      deviceProblem: false,
    });
  }
  if (s === 400 || s === 422) {
    const failure = { ...classifyGatewayFailure(gateway, rawCode ?? String(s), text), permanent: true };
    return new GatewaySendError(msg, { ...base, problem: 'rejected', retryable: false, deviceProblem: false, failure });
  }
  if (s === 404) {
    return new GatewaySendError(msg, {
      ...base,
      problem: opts.notFoundIsDevice ? 'device' : 'rejected',
      retryable: !!opts.notFoundIsDevice,
      deviceProblem: !!opts.notFoundIsDevice,
    });
  }
  if (s === 429)
    return new GatewaySendError(msg, { ...base, problem: 'rate_limited', retryable: true, deviceProblem: true });
  if (s === 503) return new GatewaySendError(msg, { ...base, problem: 'device', retryable: true, deviceProblem: true });
  if (s >= 500)
    return new GatewaySendError(msg, {
      ...base,
      problem: 'server',
      retryable: true,
      deviceProblem: !!opts.gatewayIsPhone,
    });
  return new GatewaySendError(msg, { ...base, problem: 'protocol', retryable: false, deviceProblem: false });
}

function codeOf(a: GatewayAnswer): string | undefined {
  const j = a.json as Record<string, unknown> | undefined;
  const c = j && typeof j === 'object' ? j.code : undefined;
  return typeof c === 'string' || typeof c === 'number' ? String(c) : undefined;
}

/** A 2xx answer whose body is not what the gateway documents. */
export function protocolError(gateway: GatewayKind, action: string, a: GatewayAnswer, what: string): GatewaySendError {
  return new GatewaySendError(`${gateway}: ${action}: unexpected answer (HTTP ${a.status}): ${what}`, {
    gateway,
    problem: 'protocol',
    retryable: false,
    deviceProblem: false,
    httpStatus: a.status,
  });
}

/** Join a base URL and a path without doubling or losing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
