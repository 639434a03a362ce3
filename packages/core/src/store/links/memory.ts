import type { LinkStats, ShortLink } from '../../schemas';
import type { CountResult, HitResult, LinkRepo, LoggedHit } from '../links/port';
import { HIT_PARTITIONS, hitAfter, hitPartition, isPartition } from '../links/hits';
import { invalid } from '../shared/args';
import { checkHit, checkLinks, checkVisit, isStoredCodeShape } from '../links/check';
import { toMs } from '../shared/records';
import { SortedIndex } from '../memory/sorted-index';
import { deepFreeze } from './frozen';

interface Entry {
  json: string;
  /** The link parsed once and frozen, for the redirect: a JSON.parse per click cost more than the rest of visit. */
  frozen?: ShortLink;
  total: number;
  unique: number;
  bots: number;
  visitors: Set<string>;
  /** The link's first counted click. */
  firstClick: string;
  /** Per partition: the last hit id counted and the last announced. */
  counted: Map<number, string>;
  announced: Map<number, string>;
}

/** One partition of the hit log. */
interface Log {
  hits: LoggedHit[];
  lastMs: number;
  seq: number;
}

/** The in-memory {@link LinkRepo}: link JSON with counters and a visitor set, plus a retention index. */
export class MemoryLinks implements LinkRepo {
  private readonly links = new Map<string, Entry>();
  private readonly byRetention = new SortedIndex();
  private readonly logs: Log[] = Array.from({ length: HIT_PARTITIONS }, () => ({ hits: [], lastMs: 0, seq: 0 }));
  readonly hitPartitions = HIT_PARTITIONS;

  async create(links: ShortLink[]): Promise<void> {
    const ls = checkLinks(links);
    ls.forEach((l, i) => {
      if (this.links.has(l.code)) throw invalid(`links.${i}.code`, 'is already in use');
    });
    for (const l of ls) {
      this.links.set(l.code, {
        json: JSON.stringify(l),
        total: 0,
        unique: 0,
        bots: 0,
        visitors: new Set(),
        firstClick: '',
        counted: new Map(),
        announced: new Map(),
      });
      this.byRetention.insert(toMs(l.retainUntil), l.code);
    }
  }

  async get(code: string): Promise<ShortLink | undefined> {
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    return e && (JSON.parse(e.json) as ShortLink);
  }

  async recordHit(code: string, hit: { bot: boolean; visitor: string }): Promise<HitResult | undefined> {
    const h = checkHit(hit);
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    if (!e) return undefined;
    const newVisitor = count(e, h);
    return { stats: { total: e.total, unique: e.unique, bots: e.bots }, newVisitor };
  }

  async visit(code: string, hit: { bot: boolean; visitor: string; at: number }): Promise<ShortLink | undefined> {
    const h = checkVisit(hit);
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    if (!e) return undefined;
    const log = this.logs[hitPartition(code)]!;
    // Ids like a Redis stream's: increasing even when the clock steps back.
    if (h.at > log.lastMs) [log.lastMs, log.seq] = [h.at, 0];
    else log.seq++;
    // Not frozen (that cost the redirect some 0.3 µs a click): pendingHits hands out copies, made after the answer.
    log.hits.push({ id: `${log.lastMs}-${log.seq}`, code, bot: h.bot, visitor: h.visitor, at: h.at });
    e.frozen ??= deepFreeze(JSON.parse(e.json) as ShortLink);
    return e.frozen;
  }

  async pendingHits(partition: number, limit: number): Promise<LoggedHit[]> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    // Copies: the log's own hits are not frozen, and no caller may change them.
    return this.logs[partition]!.hits.slice(0, limit).map((h) => ({
      id: h.id,
      code: h.code,
      bot: h.bot,
      visitor: h.visitor,
      at: h.at,
    }));
  }

  async countHits(code: string, partition: number, hits: LoggedHit[]): Promise<CountResult | undefined> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    if (!e) return undefined;
    // The partition's mark read once and written once (the counter hands in hundreds of hits per batch).
    const before = e.counted.get(partition) ?? '';
    let last = before;
    try {
      for (const hit of hits) {
        if (!hitAfter(hit.id, last)) continue;
        last = hit.id;
        if (!hit.bot && e.total === 0) e.firstClick = hit.id;
        count(e, checkHit(hit));
      }
    } finally {
      if (last !== before) e.counted.set(partition, last); // also when a hit is refused: the ones before it count
    }
    return {
      stats: { total: e.total, unique: e.unique, bots: e.bots },
      firstClick: e.firstClick,
      announced: e.announced.get(partition) ?? '',
    };
  }

  async markAnnounced(code: string, partition: number, id: string): Promise<void> {
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    if (e && hitAfter(id, e.announced.get(partition) ?? '')) e.announced.set(partition, id);
  }

  async ackHits(partition: number, id: string): Promise<void> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    const log = this.logs[partition]!;
    const n = log.hits.findIndex((h) => hitAfter(h.id, id));
    log.hits.splice(0, n < 0 ? log.hits.length : n);
  }

  async stats(code: string): Promise<LinkStats | undefined> {
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    return e && { total: e.total, unique: e.unique, bots: e.bots };
  }

  /** Delete links whose retainUntil is before `now` (their logged hits are then dropped uncounted). */
  purge(now: number): number {
    let n = 0;
    while (this.byRetention.size > 0 && this.byRetention.scoreAt(0) < now) {
      const code = this.byRetention.idAt(0);
      this.byRetention.remove(this.byRetention.scoreAt(0), code);
      if (this.links.delete(code)) n++;
    }
    return n;
  }
}

/** Count one hit on `e`; true for a click by a new visitor. */
function count(e: Entry, h: { bot: boolean; visitor: string }): boolean {
  if (h.bot) {
    e.bots++;
    return false;
  }
  e.total++;
  if (e.visitors.has(h.visitor)) return false;
  e.visitors.add(h.visitor);
  e.unique++;
  return true;
}
