import type { Message, MessageStatus } from '../schemas';
import { histogramBucket } from './histogram';
import { phoneSent } from './engagement-metrics';

const FAILED: ReadonlySet<MessageStatus> = new Set(['failed', 'undelivered', 'rejected', 'expired']);
const NOT_CHARGED: ReadonlySet<MessageStatus> = new Set(['failed', 'rejected', 'expired', 'cancelled']);

/** One hour, in ms: the finest roll-up bucket. */
export const HOUR_MS = 3600_000;

/**
 * One counter cell of a message's roll-up contribution: `[selector, field, value]`. Selectors: `all` (every
 * message), one per single dimension (`c:<campaign>`, `t:<tag>` for each tag, `d:<deviceId>`, `d:<deviceId>:<sim>`,
 * `g:<gateway>`), and `x`, whose fields are prefixed by the message's dimension tuple
 * (`["<campaign>","<deviceId>",<sim>,"<gateway>"]|<metric>`) so that any mix of those filters is answered too.
 */
export type RollupCell = [selector: string, field: string, value: number];

/**
 * What one message, at one version, adds to the roll-ups: its creation hour and its cells. Roll-ups are the sum of
 * the latest state recorded for every message (see the rollups store), so recording a state is idempotent.
 */
export interface RollupState {
  messageId: string;
  /** The message's version this state was computed from; an older or equal version is ignored. */
  version: number;
  /** Start of the UTC hour of the message's createdAt (epoch ms). */
  hour: number;
  cells: RollupCell[];
  /**
   * Until when (epoch ms) the store must remember the state, to turn a later one into a difference: after the
   * message's retention (it cannot change once purged). Null: for ever.
   */
  keepUntil: number | null;
}

/** The dimension tuple of a message, the prefix of its `x` fields. */
export function rollupTuple(m: Pick<Message, 'campaign' | 'from' | 'gateway'>): string {
  return JSON.stringify([m.campaign ?? null, m.from?.deviceId ?? null, m.from?.sim ?? null, m.gateway ?? null]);
}

/**
 * The metric counters of one message, the same way {@link MetricsAccumulator} counts it: `messages`, `handedOver`,
 * `sent`, `delivered`, `failed`, `fc:<category>`, `fx:<code>`, `ttd:<bucket>` (time to deliver), `withLinks`,
 * `clickedWithLinks`, `replied`, `replies`, `optOuts`, `segments`, `clicks`, `unique`, `bots`.
 */
export function rollupMetrics(msg: Message): Record<string, number> {
  const c: Record<string, number> = { messages: 1 };
  const e = msg.engagement;
  const sent = phoneSent(msg);
  if (sent) c.sent = 1;
  if (sent || msg.attempts > 0) c.handedOver = 1;
  if (msg.status === 'delivered') {
    c.delivered = 1;
    if (msg.sentAt && msg.deliveredAt)
      c[`ttd:${histogramBucket(Math.max(0, Date.parse(msg.deliveredAt) - Date.parse(msg.sentAt)))}`] = 1;
    if (e?.links) {
      c.withLinks = 1;
      if (e.clicks > 0) c.clickedWithLinks = 1;
    }
    if (e?.replies) c.replied = 1;
  }
  if (e?.optedOut) c.optOuts = 1;
  if (FAILED.has(msg.status)) {
    c.failed = 1;
    c[`fc:${msg.failure?.category ?? (msg.status === 'expired' ? 'expired' : 'unknown')}`] = 1;
    c[`fx:${msg.failure?.code ?? msg.status}`] = 1;
  }
  if (sent && !NOT_CHARGED.has(msg.status) && msg.segments) c.segments = msg.segments;
  if (e) {
    if (e.clicks) c.clicks = e.clicks;
    if (e.uniqueClicks) c.unique = e.uniqueClicks;
    if (e.botHits) c.bots = e.botHits;
    if (e.replies) c.replies = e.replies;
  }
  return c;
}

/** The roll-up state of `m` as stored (its version included); `graceMs` is added to its retainUntil. */
export function rollupState(m: Message, graceMs = 7 * 86400_000): RollupState {
  const metrics = Object.entries(rollupMetrics(m));
  const selectors = ['all', ...new Set((m.tags ?? []).map((t) => `t:${t}`))];
  if (m.campaign) selectors.push(`c:${m.campaign}`);
  if (m.from) selectors.push(`d:${m.from.deviceId}`, `d:${m.from.deviceId}:${m.from.sim}`);
  if (m.gateway) selectors.push(`g:${m.gateway}`);
  const cells: RollupCell[] = [];
  for (const s of selectors) for (const [f, n] of metrics) cells.push([s, f, n]);
  const tuple = rollupTuple(m);
  for (const [f, n] of metrics) cells.push(['x', `${tuple}|${f}`, n]);
  return {
    messageId: m.id,
    version: m.version,
    hour: Math.floor(Date.parse(m.createdAt) / HOUR_MS) * HOUR_MS,
    cells,
    keepUntil: m.retainUntil === undefined ? null : Date.parse(m.retainUntil) + graceMs,
  };
}
