import type { IndexPosition } from '../shared/cursor';

/**
 * A sorted set of (score, id) pairs, ascending by score then id: the in-memory twin of a Redis sorted set
 * without the member-to-score map (callers know the score they inserted with). Two flat arrays keep it at
 * about 16 bytes per entry; appends in time order and removals of the first are O(1), other inserts and removals
 * shift the arrays.
 */
export class SortedIndex {
  private scores: number[] = [];
  private ids: string[] = [];

  /** Number of entries. */
  get size(): number {
    return this.ids.length;
  }

  /** Index of the first entry >= (score, id). */
  lowerBound(score: number, id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.scores[mid]!;
      if (s < score || (s === score && this.ids[mid]! < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first entry whose score is > `score`. */
  upperScore(score: number): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.scores[mid]! <= score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Add an entry (no-op when present). */
  insert(score: number, id: string): void {
    const n = this.ids.length;
    if (n === 0 || this.scores[n - 1]! < score || (this.scores[n - 1] === score && this.ids[n - 1]! < id)) {
      this.scores.push(score);
      this.ids.push(id);
      return;
    }
    const i = this.lowerBound(score, id);
    if (this.scores[i] === score && this.ids[i] === id) return;
    this.scores.splice(i, 0, score);
    this.ids.splice(i, 0, id);
  }

  /** Remove an entry; true if it was there. */
  remove(score: number, id: string): boolean {
    const i = this.lowerBound(score, id);
    if (this.scores[i] !== score || this.ids[i] !== id) return false;
    if (i === 0) {
      // The oldest goes most often (a capped log drops one per record): shift() is O(1) where V8 trims the array's
      // start in place, and splice(0, 1) copied the whole array (9 µs at 1,000 entries, per webhook delivery).
      this.scores.shift();
      this.ids.shift();
    } else {
      this.scores.splice(i, 1);
      this.ids.splice(i, 1);
    }
    return true;
  }

  /** The entry at position `i`. */
  at(i: number): IndexPosition {
    return { score: this.scores[i]!, id: this.ids[i]! };
  }

  /** The id at position `i` (the stored string itself, shared with other structures). */
  idAt(i: number): string {
    return this.ids[i]!;
  }

  /** The score at position `i`. */
  scoreAt(i: number): number {
    return this.scores[i]!;
  }

  /** Remove every entry with score <= `score`; returns how many. */
  dropThrough(score: number): number {
    const n = this.upperScore(score);
    if (n > 0) {
      this.scores.splice(0, n);
      this.ids.splice(0, n);
    }
    return n;
  }

  /**
   * Up to `n` entries strictly after `after` within [min, max], descending (newest first) when `desc`,
   * ascending otherwise.
   */
  page(after: IndexPosition | undefined, n: number, min: number, max: number, desc: boolean): IndexPosition[] {
    const out: IndexPosition[] = [];
    if (desc) {
      let i = this.upperScore(max) - 1;
      if (after) i = Math.min(i, this.lowerBound(after.score, after.id) - 1);
      for (; i >= 0 && out.length < n && this.scores[i]! >= min; i--) out.push(this.at(i));
    } else {
      let i = this.lowerBound(min, '');
      if (after) {
        const j = this.lowerBound(after.score, after.id);
        i = Math.max(i, this.ids[j] === after.id && this.scores[j] === after.score ? j + 1 : j);
      }
      for (; i < this.ids.length && out.length < n && this.scores[i]! <= max; i++) out.push(this.at(i));
    }
    return out;
  }
}
