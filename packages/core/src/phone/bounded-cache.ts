/**
 * A map that keeps at most `max` entries, dropping the least recently used: a `Map` keeps insertion order, so a hit
 * moves its key to the end and the first key is the oldest.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  }

  /** The value of `key`, marked as just used; undefined when absent. */
  get(key: K): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  /** Store `value` under `key`, dropping the least recently used entry when full. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }

  /** Drop every entry. */
  clear(): void {
    this.entries.clear();
  }
}
