import type { Message, MessageStatus } from '../schemas';

/** Statuses that end a message without it reaching the phone network or the handset: never charged. */
const FAILED: ReadonlySet<MessageStatus> = new Set(['failed', 'undelivered', 'rejected', 'expired']);
const NOT_CHARGED: ReadonlySet<MessageStatus> = new Set(['failed', 'rejected', 'expired', 'cancelled']);
/** Statuses a text reaches only after the phone sent it, even when the `sent` report itself was lost. */
const AFTER_SENDING: ReadonlySet<MessageStatus> = new Set(['sent', 'delivered', 'undelivered']);

/**
 * True when the phone sent the text: it reported the send, or a status only reachable after sending. A text refused
 * by the gateway or failed by the phone before it went out was handed over, but not sent.
 */
export function phoneSent(msg: Message): boolean {
  return msg.sentAt !== undefined || AFTER_SENDING.has(msg.status);
}

/** Pricing for the cost figure. */
export interface Pricing {
  /** Price of one segment, in `currency`. */
  perSegment: number;
  currency: string;
}

/** Engagement metrics of a set of messages. Rates are null when their denominator is 0. */
export interface EngagementMetrics {
  /** Messages created in the range. */
  messages: number;
  /** Messages handed to a phone (at least one hand-over), whatever became of them. */
  handedOver: number;
  /** Messages the phone sent (a sent report, or delivered/undelivered); texts that failed before sending are not. */
  sent: number;
  delivered: number;
  /** Final failures: failed, undelivered, rejected, expired. */
  failed: number;
  failedByCategory: Record<string, number>;
  failedByCode: Record<string, number>;
  /** delivered / handedOver: of the texts given to phones, the share that arrived */
  deliveryRate: number | null;
  /** From sent to delivered, in ms (nearest-rank percentiles). */
  timeToDeliverMs: { p50: number; p95: number } | null;
  clicks: { unique: number; total: number; bots: number };
  /** Delivered messages with a tracked link. */
  deliveredWithLinks: number;
  /** Delivered messages with a link that someone clicked / delivered messages with a link. */
  clickThroughRate: number | null;
  /** Inbound texts credited to these messages. */
  replies: number;
  /** Messages that got at least one reply / delivered. */
  replyRate: number | null;
  /** Opt-outs sent in reply to these messages. */
  optOuts: number;
  /** optOuts / delivered */
  optOutRate: number | null;
  /** Segments charged: of messages that were sent and did not fail (failed ones are refunded). */
  segments: number;
  cost: { amount: number; currency: string };
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Adds messages up, one at a time (so a caller can stream them from the store), into {@link EngagementMetrics}. */
export class MetricsAccumulator {
  private m = {
    messages: 0,
    handedOver: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    withLinks: 0,
    clickedWithLinks: 0,
    replies: 0,
    replied: 0,
    optOuts: 0,
    segments: 0,
    clicks: 0,
    unique: 0,
    bots: 0,
  };
  private readonly byCategory: Record<string, number> = {};
  private readonly byCode: Record<string, number> = {};
  private readonly deliverMs: number[] = [];

  constructor(private readonly pricing: Pricing) {}

  /** Count one message. */
  add(msg: Message): void {
    const m = this.m;
    const e = msg.engagement;
    m.messages++;
    const sent = phoneSent(msg);
    if (sent) m.sent++;
    if (sent || msg.attempts > 0) m.handedOver++;
    if (msg.status === 'delivered') {
      m.delivered++;
      if (msg.sentAt && msg.deliveredAt)
        this.deliverMs.push(Math.max(0, Date.parse(msg.deliveredAt) - Date.parse(msg.sentAt)));
      if (e?.links) {
        m.withLinks++;
        if (e.clicks > 0) m.clickedWithLinks++;
      }
      if (e?.replies) m.replied++;
      if (e?.optedOut) m.optOuts++;
    } else if (e?.optedOut) m.optOuts++;
    if (FAILED.has(msg.status)) {
      m.failed++;
      const cat = msg.failure?.category ?? (msg.status === 'expired' ? 'expired' : 'unknown');
      const code = msg.failure?.code ?? msg.status;
      this.byCategory[cat] = (this.byCategory[cat] ?? 0) + 1;
      this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    }
    if (sent && !NOT_CHARGED.has(msg.status)) m.segments += msg.segments;
    if (e) {
      m.clicks += e.clicks;
      m.unique += e.uniqueClicks;
      m.bots += e.botHits;
      m.replies += e.replies;
    }
  }

  /** The figures so far. */
  result(): EngagementMetrics {
    const m = this.m;
    const sorted = [...this.deliverMs].sort((a, b) => a - b);
    return {
      messages: m.messages,
      handedOver: m.handedOver,
      sent: m.sent,
      delivered: m.delivered,
      failed: m.failed,
      failedByCategory: { ...this.byCategory },
      failedByCode: { ...this.byCode },
      deliveryRate: rate(m.delivered, m.handedOver),
      timeToDeliverMs: sorted.length ? { p50: percentile(sorted, 50), p95: percentile(sorted, 95) } : null,
      clicks: { unique: m.unique, total: m.clicks, bots: m.bots },
      deliveredWithLinks: m.withLinks,
      clickThroughRate: rate(m.clickedWithLinks, m.withLinks),
      replies: m.replies,
      replyRate: rate(m.replied, m.delivered),
      optOuts: m.optOuts,
      optOutRate: rate(m.optOuts, m.delivered),
      segments: m.segments,
      cost: { amount: Math.round(m.segments * this.pricing.perSegment * 1e6) / 1e6, currency: this.pricing.currency },
    };
  }
}

/** One bucket of a metrics time series. */
export interface SeriesPoint {
  /** Start of the bucket. */
  at: string;
  handedOver: number;
  sent: number;
  delivered: number;
  failed: number;
  clicks: number;
  replies: number;
  optOuts: number;
  deliveryRate: number | null;
}

/** Buckets messages by their creation time (UTC hours or days) for charts. */
export class SeriesAccumulator {
  private readonly buckets = new Map<number, MetricsAccumulator>();
  constructor(
    private readonly bucketMs: number,
    private readonly pricing: Pricing,
  ) {}

  add(msg: Message): void {
    const t = Math.floor(Date.parse(msg.createdAt) / this.bucketMs) * this.bucketMs;
    let acc = this.buckets.get(t);
    if (!acc) {
      acc = new MetricsAccumulator(this.pricing);
      this.buckets.set(t, acc);
    }
    acc.add(msg);
  }

  /** Points oldest first; empty buckets between `since` and `until` are filled with zeros. */
  points(since: Date, until: Date): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    const first = Math.floor(since.getTime() / this.bucketMs) * this.bucketMs;
    for (let t = first; t < until.getTime() && out.length < 10_000; t += this.bucketMs) {
      const r = this.buckets.get(t)?.result();
      out.push({
        at: new Date(t).toISOString(),
        handedOver: r?.handedOver ?? 0,
        sent: r?.sent ?? 0,
        delivered: r?.delivered ?? 0,
        failed: r?.failed ?? 0,
        clicks: r?.clicks.total ?? 0,
        replies: r?.replies ?? 0,
        optOuts: r?.optOuts ?? 0,
        deliveryRate: r?.deliveryRate ?? null,
      });
    }
    return out;
  }
}
