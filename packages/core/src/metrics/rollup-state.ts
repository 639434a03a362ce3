import type { Message, MessageStatus } from '../schemas';
import { histogramBucket } from './histogram';
import { phoneSent } from './engagement-metrics';

const FAILED: ReadonlySet<MessageStatus> = new Set(['failed', 'undelivered', 'rejected', 'expired']);
const NOT_CHARGED: ReadonlySet<MessageStatus> = new Set(['failed', 'rejected', 'expired', 'cancelled']);

/** One hour, in ms: the finest roll-up bucket. */
export const HOUR_MS = 3600_000;

/**
 * One counter cell of a message's roll-up contribution: `[selector, field, value]`. Selectors: `all` (every
 * message), one per single dimension (`c:<campaign>`, `t:<tag>` for each tag, `d:<deviceId>`, `ds:<sim>:<deviceId>`,
 * `g:<gateway>`), pairs (`cd:["<campaign>","<deviceId>"]`, `cds:[…, <sim>]`, `cg:["<campaign>","<gateway>"]`), and
 * `x`, whose fields are prefixed by the message's dimension tuple
 * (`["<campaign>","<deviceId>",<sim>,"<gateway>"]|<metric>`) so that any mix of those filters is answered too.
 */
export type RollupCell = [selector: string, field: string, value: number];

/** The dimensions a message is counted under. */
export interface RollupDims {
  campaign?: string;
  tags?: string[];
  deviceId?: string;
  sim?: number;
  gateway?: string;
}

/**
 * What one message, at one version, adds to the roll-ups: its creation hour, dimensions and metric counters (the
 * cells follow from those, see {@link rollupCells}). Roll-ups are the sum of the latest state recorded for every
 * message (see the rollups store), so recording a state is idempotent. Small on purpose: the store keeps one per
 * message, to turn the next into a difference.
 */
export interface RollupState {
  messageId: string;
  /** The message's version this state was computed from; an older or equal version is ignored. */
  version: number;
  /** Start of the UTC hour of the message's createdAt (epoch ms). */
  hour: number;
  dims: RollupDims;
  /** Metric -> count, see {@link rollupMetrics}. */
  metrics: Record<string, number>;
  /**
   * Until when (epoch ms) the store must remember the state, to turn a later one into a difference: after the
   * message's retention (it cannot change once purged). Null: for ever.
   */
  keepUntil: number | null;
}

/** The dimension tuple of a message, the prefix of its `x` fields. */
export function rollupTuple(d: RollupDims): string {
  return JSON.stringify([d.campaign ?? null, d.deviceId ?? null, d.sim ?? null, d.gateway ?? null]);
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

/** The cells of a state: each metric under every selector its dimensions give (see {@link RollupCell}). */
export function rollupCells(s: Pick<RollupState, 'dims' | 'metrics'>): RollupCell[] {
  const d = s.dims;
  const metrics = Object.entries(s.metrics);
  const selectors = ['all', ...new Set((d.tags ?? []).map((t) => `t:${t}`))];
  const { campaign: c, deviceId: dv, sim, gateway: g } = d;
  if (c !== undefined) selectors.push(`c:${c}`);
  if (dv !== undefined) selectors.push(`d:${dv}`, `ds:${sim}:${dv}`);
  if (g !== undefined) selectors.push(`g:${g}`);
  // The pairs people ask for (this campaign on this phone, or gateway): JSON, so no two of them collide.
  if (c !== undefined && dv !== undefined)
    selectors.push(`cd:${JSON.stringify([c, dv])}`, `cds:${JSON.stringify([c, dv, sim])}`);
  if (c !== undefined && g !== undefined) selectors.push(`cg:${JSON.stringify([c, g])}`);
  const cells: RollupCell[] = [];
  for (const sel of selectors) for (const [f, n] of metrics) cells.push([sel, f, n]);
  const tuple = rollupTuple(d);
  for (const [f, n] of metrics) cells.push(['x', `${tuple}|${f}`, n]);
  return cells;
}

/** The roll-up state of `m` as stored (its version included); `graceMs` is added to its retainUntil. */
export function rollupState(m: Message, graceMs = 7 * 86400_000): RollupState {
  const dims: RollupDims = {};
  if (m.campaign !== undefined) dims.campaign = m.campaign;
  if (m.tags?.length) dims.tags = m.tags;
  if (m.from) {
    dims.deviceId = m.from.deviceId;
    dims.sim = m.from.sim;
  }
  if (m.gateway !== undefined) dims.gateway = m.gateway;
  return {
    messageId: m.id,
    version: m.version,
    hour: Math.floor(Date.parse(m.createdAt) / HOUR_MS) * HOUR_MS,
    dims,
    metrics: rollupMetrics(m),
    keepUntil: m.retainUntil === undefined ? null : Date.parse(m.retainUntil) + graceMs,
  };
}
