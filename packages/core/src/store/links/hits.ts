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

/**
 * True when hit id `a` (`<ms>-<seq>`) comes after `b`; every id comes after '' (nothing yet). Compared in place (the
 * counter compares every hit of a batch): both parts are decimals without leading zeros, so the longer is larger.
 */
export function hitAfter(a: string, b: string): boolean {
  if (b === '') return true;
  const ad = a.indexOf('-');
  const bd = b.indexOf('-');
  const ms = compareDigits(a, 0, ad, b, 0, bd);
  return ms !== 0 ? ms > 0 : compareDigits(a, ad + 1, a.length, b, bd + 1, b.length) > 0;
}

/** Sign of the decimal a[as, ae) minus b[bs, be) (no leading zeros). */
function compareDigits(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  if (ae - as !== be - bs) return ae - as - (be - bs);
  for (let i = 0; i < ae - as; i++) {
    const d = a.charCodeAt(as + i) - b.charCodeAt(bs + i);
    if (d !== 0) return d;
  }
  return 0;
}

/** Validate a partition number. */
export function isPartition(p: unknown): p is number {
  return Number.isInteger(p) && (p as number) >= 0 && (p as number) < HIT_PARTITIONS;
}
