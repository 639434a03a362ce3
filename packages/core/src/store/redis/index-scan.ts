import type { IndexPosition } from '../shared/cursor';
import type { ScoreRange } from '../shared/match';
import type { RedisClient } from './lua';

const bound = (n: number): string => (n === Infinity ? '+inf' : n === -Infinity ? '-inf' : String(n));

/**
 * Reader of a sorted set newest first (score desc, then member desc, as Redis orders ties), resuming
 * strictly after a position: entries at the cursor's score whose member is not below the cursor's are
 * skipped (member order is byte order, which JS string order matches for the ASCII ids used here).
 */
export function descending(redis: RedisClient, key: string, range: ScoreRange = { min: -Infinity, max: Infinity }) {
  return async (after: IndexPosition | undefined, n: number): Promise<IndexPosition[]> => {
    const hi = after && after.score < range.max ? after.score : range.max;
    const out: IndexPosition[] = [];
    for (let offset = 0; ; offset += n) {
      const flat = await redis.zrevrangebyscore(key, bound(hi), bound(range.min), 'WITHSCORES', 'LIMIT', offset, n);
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i]!;
        const score = Number(flat[i + 1]);
        if (after && score === after.score && id >= after.id) continue;
        out.push({ score, id });
        if (out.length === n) return out;
      }
      if (flat.length < 2 * n) return out;
    }
  };
}

/** Reader of a lexical sorted set (all scores 0) in ascending member order, resuming after a position. */
export function lexical(redis: RedisClient, key: string) {
  return async (after: IndexPosition | undefined, n: number): Promise<IndexPosition[]> => {
    const ids = await redis.zrangebylex(key, after ? `(${after.id}` : '-', '+', 'LIMIT', 0, n);
    return ids.map((id) => ({ score: 0, id }));
  };
}

/**
 * {@link descending} over several sorted sets (the partitions of one index) as if they were one: each is read from
 * the same position and the answers merged (score desc, then member desc), so cursors stay positions in the whole
 * index. One round trip per set per read.
 */
export function descendingMerged(
  redis: RedisClient,
  keys: string[],
  range: ScoreRange = { min: -Infinity, max: Infinity },
) {
  if (keys.length === 1) return descending(redis, keys[0]!, range);
  const readers = keys.map((k) => descending(redis, k, range));
  return async (after: IndexPosition | undefined, n: number): Promise<IndexPosition[]> => {
    const parts = await Promise.all(readers.map((read) => read(after, n)));
    return parts
      .flat()
      .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, n);
  };
}

/** {@link lexical} over several lexical sets (the partitions of one index), merged in ascending member order. */
export function lexicalMerged(redis: RedisClient, keys: string[]) {
  if (keys.length === 1) return lexical(redis, keys[0]!);
  const readers = keys.map((k) => lexical(redis, k));
  return async (after: IndexPosition | undefined, n: number): Promise<IndexPosition[]> => {
    const parts = await Promise.all(readers.map((read) => read(after, n)));
    return parts
      .flat()
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, n);
  };
}
