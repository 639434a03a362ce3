import { SortedIndex } from './sorted-index';

/** A sorted set with a member-to-score map, like a Redis sorted set (used where members move between sets). */
export class ZSet {
  private readonly scores = new Map<string, number>();
  private readonly index = new SortedIndex();

  /** Number of members. */
  get size(): number {
    return this.scores.size;
  }

  /** Add or re-score a member. */
  add(member: string, score: number): void {
    const old = this.scores.get(member);
    if (old === score) return;
    if (old !== undefined) this.index.remove(old, member);
    this.scores.set(member, score);
    this.index.insert(score, member);
  }

  /** Remove a member; true if it was there. */
  remove(member: string): boolean {
    const old = this.scores.get(member);
    if (old === undefined) return false;
    this.scores.delete(member);
    this.index.remove(old, member);
    return true;
  }

  /** A member's score. */
  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  /** The lowest-scored entry. */
  first(): { id: string; score: number } | undefined {
    return this.index.size === 0 ? undefined : this.index.at(0);
  }

  /** The lowest score, or undefined when empty. */
  firstScore(): number | undefined {
    return this.index.size === 0 ? undefined : this.index.scoreAt(0);
  }

  /** Up to `n` members with score <= `max`, lowest first. */
  upTo(max: number, n: number): { id: string; score: number }[] {
    return this.index.page(undefined, n, -Infinity, max, false);
  }

  /** Up to `n` members, lowest score first. */
  lowest(n: number): { id: string; score: number }[] {
    return this.index.page(undefined, n, -Infinity, Infinity, false);
  }
}
