import { type ContractContext, rejection } from '../contract/fixtures';

const Q = 'sends';
const T = 1_800_000_000_000;

/** Contract: the job queue. */
export function queueContract(ctx: ContractContext): void {
  const q = () => ctx.store.queue;
  const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id);
  const byRank = (a: { priority: number; dueAt: number }, b: { priority: number; dueAt: number }) =>
    b.priority - a.priority || a.dueAt - b.dueAt;

  describe('job queue', () => {
    it('hands out only due jobs, higher priority first, then earlier dueAt', async () => {
      await q().enqueue(Q, { id: 'a', dueAt: T, payload: { n: 'a' } });
      await q().enqueue(Q, { id: 'b', dueAt: T + 10, priority: 5, payload: { n: 'b' } });
      await q().enqueue(Q, { id: 'c', dueAt: T + 5, priority: 5, payload: { n: 'c' } });
      await q().enqueue(Q, { id: 'd', dueAt: T - 100, priority: -1, payload: { n: 'd' } });
      await q().enqueue(Q, { id: 'e', dueAt: T + 500, priority: 9, payload: { n: 'e' } });
      expect(await q().claim(Q, T - 200, 10, 1000)).toEqual([]);
      const jobs = await q().claim(Q, T + 100, 10, 1000);
      expect(jobs).toEqual([
        { id: 'c', dueAt: T + 5, priority: 5, payload: { n: 'c' }, attempts: 0 },
        { id: 'b', dueAt: T + 10, priority: 5, payload: { n: 'b' }, attempts: 0 },
        { id: 'a', dueAt: T, priority: 0, payload: { n: 'a' }, attempts: 0 },
        { id: 'd', dueAt: T - 100, priority: -1, payload: { n: 'd' }, attempts: 0 },
      ]);
      expect(ids(await q().claim(Q, T + 500, 10, 1000))).toEqual(['e']);
    });

    it('respects the limit, sorts each batch, hands out all due jobs in order when the limit covers them', async () => {
      for (let i = 0; i < 5; i++)
        await q().enqueue(Q, { id: `j${i}`, dueAt: T + i, priority: i === 3 ? 1 : 0, payload: i });
      // A partitioned store may take a smaller limit from several partitions (the bound in queue/port.ts), but never
      // more than the limit, and each batch is in order.
      const first = await q().claim(Q, T + 10, 2, 1000);
      expect(first).toHaveLength(2);
      expect(first).toEqual([...first].sort(byRank));
      await q().enqueue(Q, { id: 'late-urgent', dueAt: T + 9, priority: 2, payload: null });
      const rest = ['late-urgent', 'j3', 'j0', 'j1', 'j2', 'j4'].filter((id) => !ids(first).includes(id));
      expect(ids(await q().claim(Q, T + 10, 10, 1000))).toEqual(rest);
      expect(await q().size(Q)).toBe(6);
    });

    it('makes a job due again when its lease ends, counting attempts', async () => {
      await q().enqueue(Q, { id: 'x', dueAt: T, payload: 'p' });
      expect(ids(await q().claim(Q, T, 1, 5000))).toEqual(['x']);
      expect(await q().claim(Q, T + 4999, 1, 5000)).toEqual([]);
      expect(await q().nextDueAt(Q)).toBe(T + 5000);
      expect(await q().claim(Q, T + 5000, 1, 5000)).toEqual([
        { id: 'x', dueAt: T + 5000, priority: 0, payload: 'p', attempts: 1 },
      ]);
      const third = await q().claim(Q, T + 10_000, 1, 5000);
      expect(third[0]!.attempts).toBe(2);
    });

    it('enqueueIfAbsent adds a missing job but leaves a waiting or leased one (and its lease) alone', async () => {
      expect(await q().enqueueIfAbsent(Q, { id: 'w', dueAt: T, priority: 2, payload: 'first' })).toBe(true);
      expect(await q().enqueueIfAbsent(Q, { id: 'w', dueAt: T + 50, payload: 'second' })).toBe(false);
      expect(ids(await q().claim(Q, T, 1, 5000))).toEqual(['w']);
      // Leased: a repair must not reset the lease (another worker would take the job at once) nor the attempts.
      expect(await q().enqueueIfAbsent(Q, { id: 'w', dueAt: T, payload: 'third' })).toBe(false);
      expect(await q().claim(Q, T + 4999, 1, 5000)).toEqual([]);
      expect(await q().claim(Q, T + 5000, 1, 5000)).toEqual([
        { id: 'w', dueAt: T + 5000, priority: 2, payload: 'first', attempts: 1 },
      ]);
      await q().ack(Q, 'w');
      expect(await q().enqueueIfAbsent(Q, { id: 'w', dueAt: T + 6000, payload: 'again' })).toBe(true);
      expect(await q().claim(Q, T + 6000, 1, 5000)).toEqual([
        { id: 'w', dueAt: T + 6000, priority: 0, payload: 'again', attempts: 0 },
      ]);
      expect(await rejection(q().enqueueIfAbsent(Q, { id: '', dueAt: T, payload: 1 }))).toMatchObject({
        code: 'SMSFLEET_ERR_VALIDATION',
        field: 'id',
      });
    });

    it('checks enqueueIfAbsent arguments as enqueue does, even when the job is already there', async () => {
      await q().enqueue(Q, { id: 'w', dueAt: T, payload: 1 });
      const bad: [{ id: string; dueAt: number; priority?: number; payload: unknown }, string][] = [
        [{ id: 'w', dueAt: T, priority: 500, payload: 1 }, 'priority'],
        [{ id: 'w', dueAt: -1, payload: 1 }, 'dueAt'],
        [{ id: 'w', dueAt: T, payload: () => 1 }, 'payload'],
      ];
      for (const [job, field] of bad) {
        expect(await rejection(q().enqueueIfAbsent(Q, job))).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
        expect(await rejection(q().enqueue(Q, job))).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
      }
      expect(await q().size(Q)).toBe(1);
    });

    it('enqueueClaimedIfAbsent adds a job leased at once, or leaves one already there alone', async () => {
      const job = { id: 'h', dueAt: T, priority: 1, payload: { n: 1 } };
      expect(await q().enqueueClaimedIfAbsent(Q, job, T + 10, 5000)).toEqual({ ...job, attempts: 0 });
      // Leased as a claim leases it: not handed out again before its lease ends, then with one attempt counted.
      expect(await q().enqueueClaimedIfAbsent(Q, { ...job, payload: 'again' }, T + 10, 5000)).toBeUndefined();
      expect(await q().enqueueIfAbsent(Q, { ...job, payload: 'again' })).toBe(false);
      expect(await q().claim(Q, T + 5009, 1, 5000)).toEqual([]);
      expect(await q().nextDueAt(Q)).toBe(T + 5010);
      expect(await q().claim(Q, T + 5010, 1, 5000)).toEqual([{ ...job, dueAt: T + 5010, attempts: 1 }]);
      // A waiting job is left waiting (no second lease); an acked one can be added again.
      await q().enqueue(Q, { id: 'w', dueAt: T, payload: 1 });
      expect(await q().enqueueClaimedIfAbsent(Q, { id: 'w', dueAt: T, payload: 2 }, T, 5000)).toBeUndefined();
      expect(await q().claim(Q, T, 5, 5000)).toEqual([{ id: 'w', dueAt: T, priority: 0, payload: 1, attempts: 0 }]);
      await q().ack(Q, 'h');
      expect(await q().enqueueClaimedIfAbsent(Q, { id: 'h', dueAt: T, payload: 3 }, T, 5000)).toMatchObject({
        payload: 3,
        attempts: 0,
      });
      expect(await q().size(Q)).toBe(2);
      const bad: [Promise<unknown>, string][] = [
        [q().enqueueClaimedIfAbsent(Q, { id: 'x', dueAt: T + 1, payload: 1 }, T, 5000), 'dueAt'],
        [q().enqueueClaimedIfAbsent(Q, { id: 'x', dueAt: T, payload: 1 }, T, 0), 'leaseMs'],
        [q().enqueueClaimedIfAbsent(Q, { id: '', dueAt: T, payload: 1 }, T, 5000), 'id'],
      ];
      for (const [p, field] of bad)
        expect(await rejection(p)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
      expect(await q().size(Q)).toBe(2);
    });

    it('reschedules a claimed job with a new payload, keeping its attempts', async () => {
      await q().enqueue(Q, { id: 'r', dueAt: T, priority: 3, payload: { try: 1 } });
      await q().claim(Q, T, 1, 60_000);
      await q().reschedule(Q, 'r', T + 2000, { try: 2 });
      expect(await q().claim(Q, T + 1999, 1, 60_000)).toEqual([]);
      expect(await q().nextDueAt(Q)).toBe(T + 2000);
      expect(await q().claim(Q, T + 2000, 1, 60_000)).toEqual([
        { id: 'r', dueAt: T + 2000, priority: 3, payload: { try: 2 }, attempts: 1 },
      ]);
      await q().reschedule(Q, 'r', T + 3000);
      expect((await q().claim(Q, T + 3000, 1, 60_000))[0]).toMatchObject({ payload: { try: 2 }, attempts: 2 });
      await q().reschedule(Q, 'unknown', T);
      expect(await q().size(Q)).toBe(1);
    });

    it('acks and removes jobs, claimed or waiting', async () => {
      await q().enqueue(Q, { id: 'a', dueAt: T, payload: 1 });
      await q().enqueue(Q, { id: 'b', dueAt: T + 50_000, payload: 2 });
      await q().claim(Q, T, 1, 1000);
      await q().ack(Q, 'a');
      expect(await q().size(Q)).toBe(1);
      expect(await q().claim(Q, T + 10_000, 5, 1000)).toEqual([]);
      expect(await q().remove(Q, 'b')).toBe(true);
      expect(await q().remove(Q, 'b')).toBe(false);
      expect(await q().size(Q)).toBe(0);
      // nextDueAt may still name a time (a partitioned store's board is early until a claim looks): nothing is due.
      const next = await q().nextDueAt(Q);
      if (next !== undefined) expect(await q().claim(Q, next, 5, 1000)).toEqual([]);
      expect(await q().claim(Q, T + 100_000, 5, 1000)).toEqual([]);
    });

    it('replaces a job enqueued again under its id, lease and attempts included', async () => {
      await q().enqueue(Q, { id: 'a', dueAt: T, payload: 'first' });
      await q().claim(Q, T, 1, 60_000);
      await q().enqueue(Q, { id: 'a', dueAt: T + 10, priority: 4, payload: 'second' });
      expect(await q().size(Q)).toBe(1);
      expect(await q().claim(Q, T + 10, 5, 60_000)).toEqual([
        { id: 'a', dueAt: T + 10, priority: 4, payload: 'second', attempts: 0 },
      ]);
    });

    it('reports the earliest time a job becomes claimable, or a time before it', async () => {
      expect(await q().nextDueAt(Q)).toBeUndefined();
      await q().enqueue(Q, { id: 'late', dueAt: T + 9000, payload: 0 });
      await q().enqueue(Q, { id: 'low', dueAt: T + 50, priority: -5, payload: 0 });
      await q().enqueue(Q, { id: 'high', dueAt: T + 100, priority: 5, payload: 0 });
      expect(await q().nextDueAt(Q)).toBe(T + 50);
      const [first] = ids(await q().claim(Q, T + 200, 1, 100_000));
      expect(['high', 'low']).toContain(first);
      expect(await q().nextDueAt(Q)).toBe(first === 'high' ? T + 50 : T + 100); // the other is due and waiting
      await q().claim(Q, T + 200, 1, 100_000);
      // Exact on one partition; a partitioned store may answer earlier (never later), down to its last claim.
      const next = (await q().nextDueAt(Q))!;
      expect(next).toBeGreaterThan(T + 200);
      expect(next).toBeLessThanOrEqual(T + 9000);
      await q().remove(Q, 'late');
      expect(await q().nextDueAt(Q)).toBeLessThanOrEqual(T + 200 + 100_000); // only leases left
      expect(await q().claim(Q, T + 200 + 100_000 - 1, 5, 100_000)).toEqual([]);
    });

    it('keeps queues apart and returns payload copies', async () => {
      await q().enqueue('one', { id: 'a', dueAt: T, payload: { list: [1] } });
      await q().enqueue('two', { id: 'a', dueAt: T, payload: { list: [2] } });
      const [job] = await q().claim<{ list: number[] }>('one', T, 5, 10);
      job!.payload.list.push(99);
      expect(await q().size('two')).toBe(1);
      expect((await q().claim<{ list: number[] }>('one', T + 10, 5, 10))[0]!.payload).toEqual({ list: [1] });
      expect((await q().claim<{ list: number[] }>('two', T, 5, 10))[0]!.payload).toEqual({ list: [2] });
    });

    it('refuses bad input naming the field, and enqueues nothing', async () => {
      const cases: [Promise<unknown>, string][] = [
        [q().enqueue(Q, { id: 'a', dueAt: T, priority: 200, payload: 1 }), 'priority'],
        [q().enqueue(Q, { id: 'a', dueAt: -1, payload: 1 }), 'dueAt'],
        [q().enqueue(Q, { id: '', dueAt: T, payload: 1 }), 'id'],
        [q().enqueue(Q, { id: 'a', dueAt: T, payload: undefined }), 'payload'],
        [q().enqueue('', { id: 'a', dueAt: T, payload: 1 }), 'queue'],
        [q().claim(Q, T, 0, 1000), 'limit'],
        [q().claim(Q, T, 1, 0), 'leaseMs'],
      ];
      for (const [p, field] of cases)
        expect(await rejection(p)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field });
      expect(await q().size(Q)).toBe(0);
    });

    it('claims a job written while a claim is in flight at its due time (forced interleaving)', async () => {
      /** Claim at `now` with `write` run inside the claim (where the store has a point for it), then after it. */
      const racedClaim = async (queue: string, now: number, write: () => Promise<unknown>) => {
        const during = ctx.duringNextClaim;
        if (during) during(async () => void (await write()));
        const got = await q().claim(queue, now, 5, 60_000);
        if (!during) await write();
        return got;
      };
      // A fresh queue: the claim looks at every partition, finds each empty and would put it off by a horizon.
      expect(await racedClaim('race-a', T, () => q().enqueue('race-a', { id: 'a', dueAt: T, payload: 1 }))).toEqual([]);
      expect(await q().nextDueAt('race-a')).toBeLessThanOrEqual(T);
      expect(ids(await q().claim('race-a', T, 5, 60_000))).toEqual(['a']);
      const ifAbsent = () => q().enqueueIfAbsent('race-b', { id: 'b', dueAt: T, payload: 1 });
      expect(await racedClaim('race-b', T, ifAbsent)).toEqual([]);
      expect(ids(await q().claim('race-b', T, 5, 60_000))).toEqual(['b']);
      // A leased job, rescheduled while a claim looks at the queue (which may find nothing due before the lease's end).
      await q().enqueue('race-c', { id: 'c', dueAt: T, payload: 1 });
      expect(ids(await q().claim('race-c', T, 5, 60_000))).toEqual(['c']);
      const at = T + 10_000;
      expect(await racedClaim('race-c', at, () => q().reschedule('race-c', 'c', at))).toEqual([]);
      expect(await q().nextDueAt('race-c')).toBeLessThanOrEqual(at);
      expect(await q().claim('race-c', at, 5, 60_000)).toEqual([
        { id: 'c', dueAt: at, priority: 0, payload: 1, attempts: 1 },
      ]);
    });

    it('never hands one job to two concurrent claims', async () => {
      for (let i = 0; i < 40; i++)
        await q().enqueue(Q, { id: `j${i}`, dueAt: T + (i % 7), priority: i % 3, payload: i });
      const batches = await Promise.all(Array.from({ length: 8 }, () => q().claim(Q, T + 10, 7, 60_000)));
      const claimed = batches.flat().map((j) => j.id);
      expect(claimed).toHaveLength(40);
      expect(new Set(claimed).size).toBe(40);
    });
  });
}
