/** How many message copies a Redis store keeps by default (about 1 KB each). */
export const DEFAULT_KEPT_COPIES = 4096;

/** A message's stored JSON and the version it was written at, exactly as the store wrote or read them. */
export interface StoredCopy {
  json: string;
  version: number;
}

/**
 * The messages a Redis store last wrote or read, newest kept, at most `max`. An update without a caller's copy tries
 * the kept one first: its compare-and-set on the version proves it current (every write of a message bumps it), so
 * a report about a message this hub just handed over costs the compare-and-set alone, with no read before it. A copy
 * made stale by another hub costs one failed compare-and-set, then the store reads as before; it never writes.
 */
export class KeptCopies {
  private readonly copies = new Map<string, StoredCopy>();

  constructor(private readonly max = DEFAULT_KEPT_COPIES) {}

  /** The kept copy of message `id`, if any (marked recently used). */
  get(id: string): StoredCopy | undefined {
    const c = this.copies.get(id);
    if (c === undefined) return undefined;
    this.copies.delete(id);
    this.copies.set(id, c);
    return c;
  }

  /** Keep `copy` as message `id`'s latest, unless a newer one is kept; the oldest copy goes when full. */
  keep(id: string, copy: StoredCopy): void {
    const had = this.copies.get(id);
    if (had !== undefined && had.version > copy.version) return;
    this.copies.delete(id);
    this.copies.set(id, copy);
    if (this.copies.size > this.max) this.copies.delete(this.copies.keys().next().value!);
  }

  /** Forget message `id`'s copy (stale, or the message is gone). */
  forget(id: string): void {
    this.copies.delete(id);
  }
}
