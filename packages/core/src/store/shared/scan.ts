import { scanBudget } from './constants';
import { encodeCursor, type IndexPosition } from './cursor';
import type { Page } from '../port';

/** An index a page is read from, in the index's own order (newest first for time indexes). */
export interface IndexSource<T> {
  /** Up to `n` entries strictly after `after` (from the start when undefined). */
  next(after: IndexPosition | undefined, n: number): Promise<IndexPosition[]>;
  /** The records of `ids`, undefined where one is gone (a dangling index entry is skipped). */
  load(ids: string[]): Promise<(T | undefined)[]>;
}

/**
 * Read one page: walk the index from the cursor, load records, keep those `match` accepts, stop at `limit`
 * items or when the scan budget is spent. The next cursor is the last position looked at, set only when
 * the index may hold more.
 */
export async function scanPage<T>(
  src: IndexSource<T>,
  opts: {
    after?: IndexPosition;
    limit: number;
    match?: (t: T) => boolean;
  },
): Promise<Page<T>> {
  const { limit, match } = opts;
  const items: T[] = [];
  let budget = scanBudget(limit);
  let pos = opts.after;
  for (;;) {
    const wanted = limit - items.length;
    // Unfiltered: one look-ahead entry tells whether another page exists. Filtered: read ahead in batches.
    const n = Math.min(budget, match ? Math.max(2 * wanted, 50) : wanted + 1);
    const entries = await src.next(pos, n);
    if (entries.length === 0) return { items };
    const records = await src.load(entries.map((e) => e.id));
    for (let i = 0; i < entries.length; i++) {
      if (items.length === limit) return { items, nextCursor: encodeCursor(pos!) };
      pos = entries[i]!;
      budget--;
      const r = records[i];
      if (r !== undefined && (!match || match(r))) items.push(r);
      if (budget === 0 && i < entries.length - 1) return { items, nextCursor: encodeCursor(pos) };
    }
    if (entries.length < n) return { items };
    if (items.length === limit || budget === 0) {
      const more = await src.next(pos, 1);
      return more.length > 0 ? { items, nextCursor: encodeCursor(pos!) } : { items };
    }
  }
}
