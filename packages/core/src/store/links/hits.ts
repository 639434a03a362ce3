/**
 * The hit log shared by both stores: how a code picks its partition and how hit ids order.
 *
 * A link's hits all go to one partition (chosen by its code), so that resolving the code and logging the hit is one
 * atomic step in one Redis slot, and a link's hits are counted in log order (what makes counting idempotent).
 */

/** Partitions of the hit log: the worker drains them independently; on Cluster they spread over nodes. */
export const HIT_PARTITIONS = 16;

/** The partition of `code` (FNV-1a of its characters, modulo {@link HIT_PARTITIONS}). */
export function hitPartition(code: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % HIT_PARTITIONS;
}

/** True when hit id `a` (`<ms>-<seq>`) comes after `b`; every id comes after '' (nothing yet). */
export function hitAfter(a: string, b: string): boolean {
  if (b === '') return true;
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am > bm : as > bs;
}

/** Validate a partition number. */
export function isPartition(p: unknown): p is number {
  return Number.isInteger(p) && (p as number) >= 0 && (p as number) < HIT_PARTITIONS;
}
