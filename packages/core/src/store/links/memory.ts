import type { LinkStats, ShortLink } from '../../schemas';
import type { HitResult, LinkRepo } from '../links/port';
import { invalid } from '../shared/args';
import { checkHit, checkLinks, isStoredCodeShape } from '../links/check';
import { toMs } from '../shared/records';
import { SortedIndex } from '../memory/sorted-index';

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
