import { createHash } from 'node:crypto';
import type { GatewayReport, Store } from '@smsfleet/core';
import { parkedQueue, QUEUES } from '../queues';

type StatusReport = Extract<GatewayReport, { kind: 'status' }>;

/**
 * A parked status report, with the connection whose credentials verified it (its authority is checked again when
 * applied).
 */
export type ParkedReport = StatusReport & { connectionId?: string };

/** What applying a parked report came to: 'orphan' keeps it parked; anything else is done with it. */
type ApplyParked = (r: ParkedReport) => Promise<'applied' | 'unchanged' | 'duplicates' | 'orphan' | 'refused'>;

/** A parked gateway id's bookkeeping job: when it was first parked, so it is dropped only after the TTL. */
interface ParkedIndex {
  gateway: string;
  gatewayMessageId: string;
  since: number;
}

/**
 * How long a report for a gateway id nobody has linked is kept: far past any hand-over's reconciliation and tracking.
 */
export const PARKED_TTL_MS = 7 * 86400_000;

/** Parked reports claimed at once by a drain. */
const DRAIN_BATCH = 100;

/** A claim time later than any report's park time (the store takes times below 2^42). */
const ANY_TIME = 2 ** 41;

/**
 * Status reports that arrived before the hand-over they belong to was linked (the gateway answered, the phone
 * reported, and the hub had not yet written the gateway id, or crashed first). They are kept in the store, one queue
 * per gateway id, and applied as soon as the link is written ({@link drain}, called right after linking). A backstop
 * job per gateway id retries them with a growing pause and drops them only after {@link PARKED_TTL_MS}.
 */
export class ParkedReports {
  constructor(
    private readonly store: Pick<Store, 'queue'>,
    private readonly ttlMs = PARKED_TTL_MS,
  ) {}

  /** Keep `r` (which arrived on `connectionId`) until its gateway id is linked. */
  async park(connectionId: string, r: StatusReport, now: Date): Promise<void> {
    const id = createHash('sha256')
      .update(JSON.stringify([connectionId, r]))
      .digest('hex')
      .slice(0, 32);
    const payload: ParkedReport = { ...r, connectionId };
    await this.store.queue.enqueue(parkedQueue(r.gateway, r.gatewayMessageId), { id, dueAt: now.getTime(), payload });
    const key = `${r.gateway}:${r.gatewayMessageId}`;
    // Each new report for the id restarts its backstop: the reports are kept until the TTL after the latest one.
    await this.store.queue.enqueue<ParkedIndex>(QUEUES.parkedIndex, {
      id: key,
      dueAt: now.getTime() + 2_000,
      payload: { gateway: r.gateway, gatewayMessageId: r.gatewayMessageId, since: now.getTime() },
    });
  }

  /**
   * Apply every report parked for one gateway id with `apply`; a report `apply` still cannot match stays parked.
   * Returns how many were applied.
   */
  async drain(gateway: string, gatewayMessageId: string, apply: ApplyParked): Promise<number> {
    // A batch short of the claim's limit took every report parked before it: one parked later is applied by its
    // parker, who looks for the link after parking (report-processor.ts), so no second, empty claim is needed.
    return (await this.drainAll(gateway, gatewayMessageId, apply, false)).applied;
  }

  /**
   * {@link drain}, also saying whether it left the queue empty (its last claim, at any time, found nothing); with
   * `untilEmpty` false it stops after a batch short of the limit instead (`empty` is then false).
   */
  private async drainAll(
    gateway: string,
    gatewayMessageId: string,
    apply: ApplyParked,
    untilEmpty = true,
  ): Promise<{ applied: number; empty: boolean }> {
    const q = parkedQueue(gateway, gatewayMessageId);
    let applied = 0;
    for (;;) {
      const jobs = await this.store.queue.claim<ParkedReport>(q, ANY_TIME, DRAIN_BATCH, 60_000);
      if (jobs.length === 0) return { applied, empty: true };
      let orphans = 0;
      for (const j of jobs) {
        const res = await apply(j.payload);
        if (res === 'orphan') {
          orphans++;
          await this.store.queue.reschedule(q, j.id, 0);
          continue;
        }
        applied++;
        await this.store.queue.ack(q, j.id);
      }
      if (orphans > 0) return { applied, empty: false }; // not linked after all: leave the rest for the backstop
      if (!untilEmpty && jobs.length < DRAIN_BATCH) return { applied, empty: false };
    }
  }

  /**
   * The backstop: for each gateway id whose retry is due, try its parked reports again; once none is left, forget it;
   * past the TTL, drop what is left. Returns how many gateway ids it looked at.
   */
  async retryDue(now: Date, apply: ApplyParked): Promise<number> {
    const jobs = await this.store.queue.claim<ParkedIndex>(QUEUES.parkedIndex, now.getTime(), 50, 60_000);
    for (const j of jobs) {
      const { gateway, gatewayMessageId, since } = j.payload;
      // An empty drain says the queue is empty as a size look-up would, without one round trip per partition.
      const { empty } = await this.drainAll(gateway, gatewayMessageId, apply);
      const q = parkedQueue(gateway, gatewayMessageId);
      if (empty) {
        await this.store.queue.ack(QUEUES.parkedIndex, j.id);
        continue;
      }
      if (now.getTime() - since >= this.ttlMs) {
        for (
          let batch = await this.store.queue.claim(q, ANY_TIME, 100, 60_000);
          batch.length;
          batch = await this.store.queue.claim(q, ANY_TIME, 100, 60_000)
        ) {
          for (const p of batch) await this.store.queue.ack(q, p.id);
        }
        await this.store.queue.ack(QUEUES.parkedIndex, j.id);
        continue;
      }
      await this.store.queue.reschedule(
        QUEUES.parkedIndex,
        j.id,
        now.getTime() + Math.min(3_600_000, 2_000 * 2 ** Math.min(j.attempts + 1, 20)),
      );
    }
    return jobs.length;
  }
}
