import {
  hitAfter,
  hitPartition,
  isoTime,
  QueueWorkerLoop,
  rollupState,
  type Clock,
  type CountResult,
  type Engagement,
  type LoggedHit,
  type Message,
  type ShortLink,
  type Store,
} from '@smsfleet/core';
import type { EventPublisher } from '../webhooks/publisher';
import { clickedEvent } from './click-event';
import { withLinkStats } from './clicks';
import { coalesceWait, type CoalesceWindow } from './coalesce-window';

/** How many links {@link HitCounter} keeps at most. */
const LINK_CACHE = 10_000;
/** Links of a batch counted side by side before the counter lets the redirect answer again. */
const LINKS_PER_SLICE = 64;

const EMPTY: Engagement = { links: 0, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };

/** Dependencies and settings of a {@link HitCounter}. */
export interface HitCounterOptions {
  store: Pick<Store, 'links' | 'messages' | 'rollups'>;
  publisher: Pick<EventPublisher, 'publish'>;
  clock: Clock;
  /**
   * How often every partition is read, for hits another hub, or a crashed one, logged (this hub's own hits wake it at
   * once). Default 30 s.
   */
  idleMs?: number;
  /** How long after a failed batch it is tried again. Default 1 s. */
  retryMs?: number;
  /** Hits read from a partition per batch. Default 1000. */
  batch?: number;
  /**
   * How long a round woken by a local hit waits first, so that the clicks of a busy moment are counted as one batch
   * (one read, one count per link, one message update per message) rather than one round each: short after a quiet
   * round, long after a flood. Default: 250 ms, and 1 s after a round of 500 hits or more (coalesce-window.ts).
   */
  coalesce?: CoalesceWindow;
  logger?: { error(obj: unknown, msg: string): void };
}

/**
 * Counts what the redirect logged, after the 302 went out: per batch of a hit-log partition, each link's hits are
 * counted on the link (idempotent per hit id), the message's engagement follows its links' counts (one update per
 * message per batch, however hot its links), and each click not yet announced gets its `link.clicked` (id derived
 * from the hit id); only then is the batch acked. A crash anywhere before the ack redoes the batch, which counts and
 * announces nothing twice; several hubs draining one partition at once are as safe.
 */
export class HitCounter {
  private readonly loop: QueueWorkerLoop;
  private readonly batch: number;
  private readonly idleMs: number;
  /** Partitions this hub logged hits to since their last batch: a woken round reads only these. */
  private readonly dirty = new Set<number>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  /** Hits the last round counted: its traffic sets the next round's wait. */
  private lastRoundHits = 0;
  /** When the partitions whose batch failed are read again. */
  private retryAt = 0;
  /** Per partition, the batch under way. */
  private readonly busy = new Map<number, Promise<number>>();
  /**
   * Links this hub resolved lately, by code: links never change once made, so the redirect's copy spares the counter a
   * read per link and batch (a purged link is found out by countHits), and its partition a hash per click. Bounded:
   * cleared when full.
   */
  private readonly links = new Map<string, { link: ShortLink; partition: number }>();

  constructor(private readonly o: HitCounterOptions) {
    this.batch = o.batch ?? 1000;
    this.idleMs = o.idleMs ?? 30_000;
    this.loop = new QueueWorkerLoop({
      clock: o.clock,
      idleMs: this.idleMs,
      round: () => this.round(),
      // The loop sleeps until the retry of a failed batch, if one is pending, else for idleMs (or until woken).
      queues: {
        store: { nextDueAt: async () => (this.dirty.size > 0 && this.retryAt > 0 ? this.retryAt : undefined) },
        names: ['hits'],
      },
      onError: (err) => o.logger?.error({ err }, 'counting logged link hits failed (retried)'),
    });
  }

  /** Run the loop until {@link stop}. */
  start(signal?: AbortSignal): void {
    this.loop.start(signal);
  }

  /** Stop, waiting for the batch in progress. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** A hit on `code` (resolved to `link`) was logged here: count it soon rather than after the idle sleep. */
  wake(code: string, link?: ShortLink): void {
    let known = this.links.get(code);
    if (known === undefined && link && link.code === code) {
      if (this.links.size >= LINK_CACHE) this.links.clear();
      this.links.set(code, (known = { link, partition: hitPartition(code) }));
    }
    // The partition kept with the link: one lookup per click rather than a lookup and a hash of the code.
    const p = known?.partition ?? hitPartition(code);
    // Already dirty: the loop was woken for it since its last batch (waking it per click cost a few % of a click).
    if (this.dirty.has(p)) return;
    this.dirty.add(p);
    this.loop.wake();
  }

  /**
   * One round of the loop: every partition once per idle period (hits other hubs, or a crashed one, logged, and
   * batches that failed), else the partitions this hub logged to, after a short wait that lets a burst of clicks
   * gather into one batch.
   */
  private async round(): Promise<{ again: boolean }> {
    const now = this.o.clock.now();
    const sweep = now - this.lastSweep >= this.idleMs;
    if (!sweep) {
      if (this.dirty.size === 0 || now < this.retryAt) return { again: false };
      await this.o.clock.sleep(coalesceWait(this.lastRoundHits, this.o.coalesce));
    } else this.lastSweep = now;
    this.retryAt = 0;
    const ps = sweep ? Array.from({ length: this.o.store.links.hitPartitions }, (_, p) => p) : [...this.dirty];
    for (const p of ps) this.dirty.delete(p);
    const results = await Promise.allSettled(ps.map((p) => this.drainBatch(p)));
    let failure: unknown;
    this.lastRoundHits = 0;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') this.lastRoundHits += r.value;
      // A full batch may have more behind it (read it again at once); a failed one is read again after retryMs.
      if (r.status === 'rejected') failure ??= r.reason;
      if (r.status === 'rejected' || r.value === this.batch) this.dirty.add(ps[i]!);
    });
    if (failure !== undefined) {
      this.retryAt = this.o.clock.now() + (this.o.retryMs ?? 1000);
      throw failure; // reported by the loop
    }
    return { again: this.dirty.size > 0 };
  }

  /** Count everything pending, partition after partition, until the log is empty; resolves with how many hits. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /** One batch from each partition; resolves with how many hits were handled. */
  async drainOnce(): Promise<number> {
    const ps = Array.from({ length: this.o.store.links.hitPartitions }, (_, p) => p);
    // Every partition settled before a failure is reported: a drain retried at once must overlap no batch.
    const results = await Promise.allSettled(ps.map((p) => this.drainBatch(p)));
    let n = 0;
    for (const r of results) {
      if (r.status === 'rejected') throw r.reason;
      n += r.value;
    }
    return n;
  }

  /**
   * Count, announce and ack one batch of partition `p`, after the batch of `p` this counter already has under way (a
   * drain called while the loop runs): two batches read the same pending hits, and each would announce them.
   */
  drainBatch(p: number): Promise<number> {
    const run = (this.busy.get(p) ?? Promise.resolve(0)).catch(() => 0).then(() => this.countBatch(p));
    this.busy.set(p, run);
    const clear = () => {
      if (this.busy.get(p) === run) this.busy.delete(p);
    };
    run.then(clear, clear);
    return run;
  }

  private async countBatch(p: number): Promise<number> {
    const { links } = this.o.store;
    const hits = await links.pendingHits(p, this.batch);
    if (hits.length === 0) return 0;
    const byCode = new Map<string, LoggedHit[]>();
    for (const h of hits) {
      const g = byCode.get(h.code);
      if (g) g.push(h);
      else byCode.set(h.code, [h]);
    }
    // In slices, with a turn of the event loop between them: on the memory store a batch never waits for I/O, and
    // counting a thousand hits at once held up every redirect answer (closed-loop clients then all stall).
    const groups = [...byCode];
    for (let i = 0; i < groups.length; i += LINKS_PER_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.countSlice(p, groups.slice(i, i + LINKS_PER_SLICE));
    }
    await links.ackHits(p, hits[hits.length - 1]!.id);
    return hits.length;
  }

  /**
   * Count a slice of a batch's links, then credit their messages: the links of one message in one update, one roll-up
   * record and their events. All settled before a failure is thrown: the batch's retry must not overlap a link still
   * being counted (and announced).
   */
  private async countSlice(p: number, slice: [string, LoggedHit[]][]): Promise<void> {
    const counted = await Promise.allSettled(slice.map(([code, hits]) => this.countLink(code, p, hits)));
    const byMessage = new Map<string, CountedLink[]>();
    for (const r of counted) {
      if (r.status === 'rejected') throw r.reason; // nothing credited yet: the retry counts nothing twice
      if (!r.value) continue;
      const same = byMessage.get(r.value.link.messageId);
      if (same) same.push(r.value);
      else byMessage.set(r.value.link.messageId, [r.value]);
    }
    const done = await Promise.allSettled([...byMessage].map(([id, cs]) => this.creditMessage(id, p, cs)));
    const failed = done.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Count `hits` on link `code`; undefined when the link is gone (purged since: its hits are dropped with it). */
  private async countLink(code: string, p: number, hits: LoggedHit[]): Promise<CountedLink | undefined> {
    const { links } = this.o.store;
    const r = await links.countHits(code, p, hits);
    if (!r) this.links.delete(code);
    const link = r && (this.links.get(code)?.link ?? (await links.get(code)));
    if (!r || !link) return undefined;
    // The hits themselves when none is a bot (the usual batch): no copy per link and batch.
    const clicks = hits.some((h) => h.bot) ? hits.filter((h) => !h.bot) : hits;
    return { code, link, r, clicks, firstAt: clicks.length ? clicks[0]!.at : undefined };
  }

  /**
   * Credit message `id` with its counted links (one update, one roll-up record), then announce each link's clicks
   * not yet announced and mark them.
   */
  private async creditMessage(id: string, p: number, cs: CountedLink[]): Promise<void> {
    // The earliest click first: the message's first click time is the first one that sets it.
    cs.sort((x, y) => (x.firstAt ?? Number.POSITIVE_INFINITY) - (y.firstAt ?? Number.POSITIVE_INFINITY));
    // The message's counts follow from the links' counted stats (summed over its links, never lowered), so an update
    // repeated after a crash changes nothing.
    const updated = await this.o.store.messages.update(id, (m) => {
      let e = m.engagement ?? EMPTY;
      let changed = false;
      for (const c of cs) {
        const next = withLinkStats(e, c.code, c.r.stats, c.firstAt === undefined ? undefined : isoTime(c.firstAt));
        if (next) [e, changed] = [next, true];
      }
      return changed ? { message: { ...m, engagement: e } as Message, events: [] } : null;
    });
    // Recorded even when nothing changed: a counter killed between the update and this record is made good here.
    if (updated) await this.o.store.rollups.record(rollupState(updated.value));
    await Promise.all(cs.map((c) => this.announce(p, c, updated?.value?.campaign ?? c.link.campaign)));
  }

  /** Publish `link.clicked` for each click of `c` not yet announced, then mark them announced. */
  private async announce(p: number, c: CountedLink, campaign: string | undefined): Promise<void> {
    // The clicks are in log order and the mark is one id: the fresh ones are those after the first past the mark.
    // Usually all of them (a crash leaves some announced): no copy per link and batch then.
    const { clicks } = c;
    let first = 0;
    while (first < clicks.length && !hitAfter(clicks[first]!.id, c.r.announced)) first++;
    const fresh = first === 0 ? clicks : clicks.slice(first);
    if (fresh.length === 0) return;
    // Side by side (their store commands share a pipeline); the mark waits for all, so a failure redoes them all.
    await Promise.all(
      fresh.map((h) => this.o.publisher.publish(clickedEvent(c.link, h, h.id === c.r.firstClick, campaign))),
    );
    await this.o.store.links.markAnnounced(c.code, p, fresh[fresh.length - 1]!.id);
  }
}

/** A link's hits of a batch, counted on the link, waiting to be credited to its message. */
interface CountedLink {
  code: string;
  link: ShortLink;
  r: CountResult;
  /** The hits that are clicks (not bots), in log order. */
  clicks: LoggedHit[];
  /** Epoch ms of the first of them. */
  firstAt: number | undefined;
}
