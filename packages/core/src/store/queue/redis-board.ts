import type { Job } from './port';
import { readyScore } from './ready-score';
import { claimPartition, partitionKeys } from './redis-partition';
import type { RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { QUEUE_SCRIPTS } from '../redis/scripts';

/**
 * How far ahead of a claim the due board puts at most a partition whose announced write it gave up (see
 * {@link BOARD_STALL_MS}): that partition is looked at again within this time, which bounds the delay of a job whose
 * writer stalled for longer than that between its announcement and its write. A partition whose claim saw every write
 * announced to it is put at the time the claim saw, however late (or nowhere when it is empty): an idle queue's board
 * wakes nobody.
 */
export const BOARD_HORIZON_MS = 10_000;
/**
 * How long (in claim time) settles wait for a write that was announced but not counted by its partition before they
 * give it up (its writer died between the two steps) and raise the partition's entry again.
 */
export const BOARD_STALL_MS = 10_000;

/**
 * Test seam: a step run once by the next claim of this process between its partition scripts and its settle, where a
 * concurrent write is most harmful (see the race tests), or, when the board shows nothing due, after reading it. Not
 * for production code.
 */
export function runBeforeNextSettle(step: () => Promise<void>): void {
  beforeSettle = step;
}
let beforeSettle: (() => Promise<void>) | undefined;
async function takeStep(): Promise<void> {
  const step = beforeSettle;
  beforeSettle = undefined;
  if (step) await step();
}
/** How long a due board lives without writes; a missing board makes the next claim visit every partition. */
export const BOARD_TTL_MS = 24 * 3600_000;

/**
 * The due board of a partitioned queue (`{q:<name>}:due`, see keys.ts): partition -> a time at or before which it may
 * hold claimable work. It lets an idle claim cost one round trip instead of one per partition.
 *
 * Invariant: a partition holding a job has an entry no later than the job's claimable time (its dueAt, or its lease
 * end). Writes that may make a partition due sooner (enqueue, enqueueIfAbsent, reschedule) announce themselves first
 * ({@link DueBoard.lower}: `ZADD LT` of the entry and one more write counted for the partition in `{q:<name>}:dw`),
 * then write the partition, whose script counts the write too. So a crash in between leaves an early entry (one
 * wasted look), never a late one. Only a claim raises entries, to what its partition scripts saw (capped at now + the
 * horizon), and only for a partition that had counted every write announced to it when the claim looked: a write
 * that lands between a partition's claim script and the settle was announced before the settle, so the settle leaves
 * its lowered entry alone (it used to raise it, and the job waited up to one horizon). A write announced and never
 * made blocks raises of its partition (which is then looked at by every claim) until settles have seen it missing for
 * {@link BOARD_STALL_MS}. A board that expired (no writes for {@link BOARD_TTL_MS}) makes the claim visit every
 * partition and write it again. A queue with neither a board nor a count of announced writes (which never expires)
 * never had a write: every partition is empty, and its claim costs one round trip (a per-id queue looked at before
 * anything was put in it, like a parked report's).
 */
export class DueBoard {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Announce a write to partition `p` that may make it due at `at`: lower its entry unless it is earlier already and
   * count the write. Before the partition write, which must pass `'1'` to count it too.
   */
  async lower(queue: string, p: number, at: number): Promise<void> {
    const keys = [this.keys.queueBoard(queue), this.keys.queueBoardWrites(queue)];
    await QUEUE_SCRIPTS.announceDue.run(this.redis, keys, [BOARD_TTL_MS, p, at]);
  }

  /**
   * Claim up to `limit` jobs over the partitions with due work, earliest-due first: the limit is split evenly over
   * up to `limit` of them (one script each, in parallel); partitions that filled their share, then those not yet
   * visited, share what is left, until the limit is met or no partition may have more. The batch is sorted as one
   * partition would hand it out (priority, then dueAt). Round trips: 1 when nothing is due; else 2 + the partition
   * claims (1 per visited partition per pass). Also answers the board's earliest time after the claim (`next`, a
   * lower bound of when the queue may next have work; undefined: none), for the queue's next nextDueAt.
   */
  async claim<P>(
    queue: string,
    now: number,
    limit: number,
    leaseMs: number,
  ): Promise<{ jobs: Job<P>[]; next: number | undefined }> {
    const board = this.keys.queueBoard(queue);
    // No board and no write ever announced (a per-id queue such as a parked report's, looked at before any write):
    // `[]`, nothing due, one round trip instead of a claim of every partition.
    const writes = this.keys.queueBoardWrites(queue);
    const due = (await QUEUE_SCRIPTS.dueBoard.run(this.redis, [board, writes], [now])) as string[] | null;
    const dueNow = due?.length === 2 && boardTime(due[1]) > now ? [] : due; // [] with the board's head: nothing due
    let pool = dueNow === null ? this.keys.allPartitions() : dueNow.filter((_, i) => i % 2 === 0).map(Number);
    if (pool.length === 0) {
      await takeStep(); // where a write lands after the board was read
      const head = due?.length === 2 ? boardTime(due[1]) : Infinity;
      return { jobs: [], next: head === Infinity ? undefined : head };
    }
    const jobs: Job<P>[] = [];
    const seen = new Map<number, { next: number | undefined; writes: number }>();
    let left = limit;
    while (left > 0 && pool.length > 0) {
      const visit = pool.slice(0, Math.min(pool.length, left));
      const base = Math.floor(left / visit.length);
      const shares = visit.map((_, i) => base + (i < left % visit.length ? 1 : 0));
      const got = await Promise.all(
        visit.map((p, i) => claimPartition<P>(this.redis, this.keys, queue, p, now, shares[i]!, leaseMs)),
      );
      const more: number[] = [];
      got.forEach((g, i) => {
        jobs.push(...g.jobs);
        seen.set(visit[i]!, { next: g.next, writes: g.writes });
        if (g.jobs.length === shares[i]) more.push(visit[i]!);
        left -= g.jobs.length;
      });
      pool = [...pool.slice(visit.length), ...more];
    }
    const cap = now + BOARD_HORIZON_MS;
    const triples: (number | string)[] = [...seen].flatMap(([p, s]) => [p, s.next ?? '+inf', s.writes]);
    // A board written afresh must hold every partition: those not visited are due now (looked at next time).
    if (due === null) for (const p of pool) if (!seen.has(p)) triples.push(p, now, '');
    await takeStep();
    const keys = [board, writes];
    const head = (await QUEUE_SCRIPTS.settleDue.run(this.redis, keys, [
      BOARD_TTL_MS,
      now,
      BOARD_STALL_MS,
      cap,
      ...triples,
    ])) as string;
    jobs.sort((a, b) => readyScore(a.priority, a.dueAt) - readyScore(b.priority, b.dueAt) || cmp(a.id, b.id));
    const next = boardTime(head);
    return { jobs, next: next === Infinity ? undefined : next };
  }

  /**
   * The board's earliest entry: never later than the earliest time a job becomes claimable (see the invariant), so it
   * may be early. Without a board, every partition is asked and the board is written from the answers (lowering
   * only, so this races no claim).
   */
  async nextDueAt(queue: string): Promise<number | undefined> {
    const board = this.keys.queueBoard(queue);
    const head = await this.redis.zrange(board, 0, 0, 'WITHSCORES');
    if (head.length === 2) return head[1] === 'inf' ? undefined : boardTime(head[1]);
    const nexts = await Promise.all(
      this.keys
        .allPartitions()
        .map((p) => QUEUE_SCRIPTS.nextDueAt.run(this.redis, partitionKeys(this.keys, queue, p), [])),
    );
    const pairs = nexts.flatMap((n, p) => [p, n === null ? '+inf' : String(n)]);
    await QUEUE_SCRIPTS.markDue.run(this.redis, [board], [BOARD_TTL_MS, ...pairs]);
    const times = nexts.filter((n): n is string => n !== null).map(Number);
    return times.length === 0 ? undefined : Math.min(...times);
  }
}

/** A board time as Redis answers it ('inf', or '' for no entry: Infinity). */
const boardTime = (t: string | undefined): number =>
  t === undefined || t === '' || t === 'inf' || t === '+inf' ? Infinity : Number(t);

/** Byte order of ASCII ids, as Redis orders members with equal scores. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
