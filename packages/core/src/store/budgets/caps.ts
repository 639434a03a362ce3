import type { Refusal, ReserveOptions } from './port';

/** What a reservation's calendar periods and recipient cap hold now. */
export interface CapsState {
  /** Amount counted per period of `opts.periods`, in order. */
  used: number[];
  /** Distinct recipients of `opts.recipient`'s period, and whether its recipient is one of them. */
  recipients?: { count: number; known: boolean };
}

/**
 * Decide a reservation's calendar periods and recipient cap, as the Redis script does: undefined when `amount` fits
 * every period and the recipient is known or has a free slot; else the refusal, with the latest end among the
 * refusing periods (nothing frees up before then) combined with the sliding windows' `windowRetryAt`.
 */
export function capsRefusal(
  amount: number,
  opts: ReserveOptions,
  state: CapsState,
  windowRetryAt: number | null,
): Refusal | undefined {
  let retry = windowRetryAt;
  let by: Refusal['by'];
  (opts.periods ?? []).forEach((p, i) => {
    if ((state.used[i] ?? 0) + amount <= p.max) return;
    retry = Math.max(retry ?? 0, p.endsAt);
    by = 'period';
  });
  const r = opts.recipient;
  if (r && state.recipients && !state.recipients.known && state.recipients.count >= r.limit) {
    retry = Math.max(retry ?? 0, r.endsAt);
    by = 'recipients';
  }
  if (retry === null) return undefined;
  return by ? { ok: false, retryAt: retry, by } : { ok: false, retryAt: retry };
}
