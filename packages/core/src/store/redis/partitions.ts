// The partition arithmetic of the Redis layout (keys.ts describes the layout and re-exports these).

/**
 * How many partitions a Redis store on a single node (or Sentinel) splits its hot indexes and queues into unless told
 * otherwise: 1, one slot each and exact order (partitions would only add round trips there: hub README).
 */
export const DEFAULT_PARTITIONS = 1;
/** The same on a Redis Cluster: 16, so the queues and indexes spread over its masters, within the bound above. */
export const DEFAULT_CLUSTER_PARTITIONS = 16;
/** The most partitions a store may have (a list reads every partition's index once per page). */
export const MAX_PARTITIONS = 256;

/**
 * The partition of an id: FNV-1a (32 bit) over its UTF-16 code units, modulo `partitions`. Part of the layout: every
 * hub on a store must compute the same, so it never changes for a given partition count.
 */
export function partitionOf(id: string, partitions: number): number {
  if (partitions === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}
