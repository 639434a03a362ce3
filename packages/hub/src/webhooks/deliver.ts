import type { OutboundEvent } from '@smsfleet/core';
import { postOnce } from './http-post';
import { signWebhook } from './signing';

/** What one HTTP attempt gave. */
export interface AttemptOutcome {
  /** True on a 2xx answer. */
  ok: boolean;
  statusCode?: number;
  /** Network error, timeout, or status with a response excerpt (at most 500 characters). */
  error?: string;
  durationMs: number;
}

/** Arguments of {@link attemptDelivery}. */
export interface AttemptArgs {
  url: string;
  secret: string;
  event: OutboundEvent;
  /** Signing time (`webhook-timestamp`). */
  at: Date;
  timeoutMs: number;
  /** Deliver through this fetch instead of node:http(s) with the process's keep-alive agents (tests, proxies). */
  fetch?: typeof fetch;
  userAgent?: string;
}

const EXCERPT = 200;

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  cause?: ErrorLike;
}

/** Errors from fetch may come from another realm (jest), so they are read by shape, not instanceof. */
function describeError(err: unknown, timeoutMs: number): string {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const cause = typeof e.cause === 'object' && e.cause !== null ? e.cause : undefined;
  return (cause?.message || cause?.code || e.message || e.code || 'request failed').slice(0, 500);
}

/** The outcome of a non-2xx answer: its status and an excerpt of its body. */
function refused(status: number, text: string, durationMs: number): AttemptOutcome {
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
  const note = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return { ok: false, statusCode: status, error: `HTTP ${status}${note}${excerpt ? `: ${excerpt}` : ''}`, durationMs };
}

/**
 * POST one signed event to one URL and report the outcome; never throws. Only a 2xx answer counts as
 * delivered: redirects are not followed. The timeout covers connecting, sending and reading the answer.
 */
export async function attemptDelivery(args: AttemptArgs): Promise<AttemptOutcome> {
  const body = JSON.stringify(args.event);
  const sig = signWebhook(args.secret, args.event.id, args.at, body);
  // One literal of fixed shape rather than a spread of the signature's headers (one object less per delivery).
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': args.userAgent ?? 'smsfleet-hub',
    'webhook-id': sig['webhook-id'],
    'webhook-timestamp': sig['webhook-timestamp'],
    'webhook-signature': sig['webhook-signature'],
  };
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  if (args.fetch) return viaFetch(args.fetch, args, headers, body, elapsed);
  // An excerpt of EXCERPT characters after whitespace is folded: read a few times that many bytes.
  const r = await postOnce(args.url, headers, body, args.timeoutMs, EXCERPT * 8);
  if (r.timedOut) return { ok: false, error: `timed out after ${args.timeoutMs} ms`, durationMs: elapsed() };
  if (r.statusCode === undefined)
    return { ok: false, error: describeError(r.error, args.timeoutMs), durationMs: elapsed() };
  if (r.statusCode >= 200 && r.statusCode < 300) return { ok: true, statusCode: r.statusCode, durationMs: elapsed() };
  return refused(r.statusCode, r.body ?? '', elapsed());
}

/** {@link attemptDelivery} through an injected fetch. */
async function viaFetch(
  f: typeof fetch,
  args: AttemptArgs,
  headers: Record<string, string>,
  body: string,
  elapsed: () => number,
): Promise<AttemptOutcome> {
  try {
    const res = await f(args.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(args.timeoutMs),
    });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: true, statusCode: res.status, durationMs: elapsed() };
    }
    return refused(res.status, await res.text().catch(() => ''), elapsed());
  } catch (err) {
    return { ok: false, error: describeError(err, args.timeoutMs), durationMs: elapsed() };
  }
}
