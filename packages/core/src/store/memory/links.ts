import type { LinkStats, ShortLink } from '../../schemas';
import type { BindingRepo, HitResult, LinkRepo } from '../port';
import type { Clock } from '../../clock';
import { invalid } from '../shared/args';
import { checkBindingKey, checkClaim, checkHit, checkLinks, isStoredCodeShape } from '../shared/links-bindings';
import { toMs } from '../shared/records';
import { SortedIndex } from './sorted-index';

interface Entry {
  json: string;
  total: number;
  unique: number;
  bots: number;
  visitors: Set<string>;
}

/** The in-memory {@link LinkRepo}: link JSON with counters and a visitor set, plus a retention index. */
export class MemoryLinks implements LinkRepo {
  private readonly links = new Map<string, Entry>();
  private readonly byRetention = new SortedIndex();

  async create(links: ShortLink[]): Promise<void> {
    const ls = checkLinks(links);
    ls.forEach((l, i) => {
      if (this.links.has(l.code)) throw invalid(`links.${i}.code`, 'is already in use');
    });
    for (const l of ls) {
      this.links.set(l.code, { json: JSON.stringify(l), total: 0, unique: 0, bots: 0, visitors: new Set() });
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
    let newVisitor = false;
    if (h.bot) e.bots++;
    else {
      e.total++;
      if (!e.visitors.has(h.visitor)) {
        e.visitors.add(h.visitor);
        e.unique++;
        newVisitor = true;
      }
    }
    return { stats: { total: e.total, unique: e.unique, bots: e.bots }, newVisitor };
  }

  async stats(code: string): Promise<LinkStats | undefined> {
    const e = isStoredCodeShape(code) ? this.links.get(code) : undefined;
    return e && { total: e.total, unique: e.unique, bots: e.bots };
  }

  /** Delete links whose retainUntil is before `now`. */
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

/** The in-memory {@link BindingRepo}, with expiry on read and an occasional sweep. */
export class MemoryBindings implements BindingRepo {
  private readonly map = new Map<string, { value: string; expiresAt: number }>();
  private nextSweep = 1024;
  constructor(private readonly clock: Clock) {}

  async claim(
    namespace: string,
    key: string,
    value: string,
    ttlMs?: number,
  ): Promise<{ value: string; created: boolean }> {
    const c = checkClaim(namespace, key, value, ttlMs);
    const k = JSON.stringify([c.namespace, c.key]);
    const now = this.clock.now();
    const cur = this.map.get(k);
    if (cur && cur.expiresAt > now) return { value: cur.value, created: false };
    this.map.set(k, { value: c.value, expiresAt: c.ttlMs === undefined ? Infinity : now + c.ttlMs });
    if (this.map.size >= this.nextSweep) {
      for (const [kk, e] of this.map) if (e.expiresAt <= now) this.map.delete(kk);
      this.nextSweep = Math.max(1024, this.map.size * 2);
    }
    return { value: c.value, created: true };
  }

  async get(namespace: string, key: string): Promise<string | undefined> {
    const c = checkBindingKey(namespace, key);
    const cur = this.map.get(JSON.stringify([c.namespace, c.key]));
    return cur && cur.expiresAt > this.clock.now() ? cur.value : undefined;
  }
}
