import type { Job } from './port';
import { MAX_PROMOTE_PER_CLAIM } from '../shared/constants';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { QUEUE_SCRIPTS } from '../redis/scripts';

/** The six keys of one partition of a queue, in the order every queue script takes them. */
export function partitionKeys(keys: RedisKeys, queue: string, p: number): string[] {
  const q = keys.queue(queue, p);
  return [q.meta, q.payload, q.delayed, q.ready, q.readyDue, q.leased];
}

/**
 * What one partition's claim took, the earliest time anything is claimable there after it, and how many writes the
 * partition had counted when the claim looked (the due board raises its entry only if no other write was announced).
 */
export interface PartitionClaim<P> {
  jobs: Job<P>[];
  next: number | undefined;
  writes: number;
}

/** Claim up to `limit` due jobs of one partition: one script, atomic within the partition's tag. */
export async function claimPartition<P>(
  redis: RedisClient,
  keys: RedisKeys,
  queue: string,
  p: number,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<PartitionClaim<P>> {
  // The write count matters to the due board only (see redis-board.ts): asked for with partitions alone.
  const args = [now, limit, leaseMs, MAX_PROMOTE_PER_CLAIM, keys.partitions > 1 ? '1' : '0'];
  const flat = (await QUEUE_SCRIPTS.claim.run(redis, partitionKeys(keys, queue, p), args)) as string[];
  const jobs: Job<P>[] = [];
  for (let i = 0; i + 5 <= flat.length - 2; i += 5) {
    jobs.push({
      id: flat[i]!,
      payload: JSON.parse(flat[i + 1]!) as P,
      priority: Number(flat[i + 2]),
      dueAt: Number(flat[i + 3]),
      attempts: Number(flat[i + 4]),
    });
  }
  const next = flat[flat.length - 2];
  return { jobs, next: next === undefined || next === '' ? undefined : Number(next), writes: Number(flat.at(-1) ?? 0) };
}
