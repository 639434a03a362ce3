import type { FastifyBaseLogger } from 'fastify';
import {
  classifyFailure,
  isSendable,
  markCancelling,
  newId,
  ownFailure,
  quietHoursDeferral,
  requeueChange,
  transition,
  unmarkCancelling,
  unsentUnder,
  type Clock,
  type GatewayAdapter,
  type QuietHours,
  type FleetRouter,
  type Job,
  LOOK_EVERYWHERE,
  type Message,
  type MessageStatus,
  type QueueLook,
  type StatusEvent,
  type Store,
  type TransitionPorts,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { QUEUES } from '../queues';
import { finishMessage, HandOverStep, type PickupCheck } from './hand-over';
import { requeuedPast } from './handover-rules';
import { transitionPorts } from './transition-ports';
import { WorkerLoop } from './worker-loop';

/** Tuning of the dispatcher. */
export interface DispatcherSettings {
  /** Jobs claimed per round. */
  batch: number;
  /** Lease on a claimed job: if this hub dies mid-send, another hub takes the job after it. */
  leaseMs: number;
  /** Backoff before retrying a temporary gateway failure: base * 2^attempts, capped. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** First status poll after hand-over, and between polls while no final report came (lost reports). */
  pollAfterMs: number;
  /** Longest idle sleep between rounds. */
  idleMs: number;
  /**
   * A message the phone has not picked up this long after hand-over (still accepted/pending: the phone is offline
   * or asleep behind a cloud gateway) is cancelled on the gateway, when it can cancel, and requeued elsewhere.
   */
  pickupTimeoutMs: number;
  /**
   * When the whole fleet is at its segment limits, the dispatcher stops claiming send jobs until the router's
   * answer says a SIM frees up, or at most this long (a phone's report may free it sooner), instead of asking
   * the router again for every waiting message.
   */
  budgetRecheckMs: number;
  /**
   * A hand-over left without an outcome (crash, store failure, timeout) is reconciled with the gateway only this long
   * after its intent, so the original request is surely over: keep it above the adapters' request timeout.
   */
  reconcileAfterMs: number;
  /**
   * While the gateway cannot be asked about an open hand-over, keep trying this long after its intent; then it is
   * unknowable.
   */
  reconcileGiveUpMs: number;
}

export const DEFAULT_DISPATCHER_SETTINGS: DispatcherSettings = {
  batch: 20,
  leaseMs: 30_000,
  retryBaseMs: 2_000,
  retryMaxMs: 5 * 60_000,
  pollAfterMs: 10 * 60_000,
  idleMs: 1_000,
  pickupTimeoutMs: 2 * 60_000,
  budgetRecheckMs: 1_000,
  reconcileAfterMs: 20_000,
  reconcileGiveUpMs: 10 * 60_000,
};

/** What the dispatcher needs. */
export interface DispatcherDeps {
  store: Pick<Store, 'conversations' | 'devices' | 'messages' | 'queue' | 'rollups' | 'signals'>;
  router: FleetRouter;
  fleet: FleetRegistry;
  publisher: EventPublisher;
  clock: Clock;
  logger: FastifyBaseLogger;
  settings?: Partial<DispatcherSettings>;
  /** Non-urgent messages (priority below 100) due inside the contact's quiet hours wait for the window's end. */
  quietHours?: QuietHours;
  /** Apply the status reports parked for a gateway id, right after the hand-over links it (report-processor.ts). */
  applyParked?: (gateway: string, gatewayMessageId: string, now: Date, linked?: Message) => Promise<void>;
}

/**
 * Steps 5-6 of the message path: claims due send jobs (leased, so several hubs never send one message
 * twice), asks the router for a phone and SIM, hands the message to the gateway, and records the outcome.
 */
export class Dispatcher extends WorkerLoop {
  private readonly s: DispatcherSettings;
  /** Epoch ms before which this hub claims no send jobs: the last routing found every eligible SIM full. */
  private fleetFullUntil = 0;
  private readonly step: HandOverStep;
  private readonly ports: TransitionPorts;

  constructor(private readonly deps: DispatcherDeps) {
    const s = { ...DEFAULT_DISPATCHER_SETTINGS, ...deps.settings };
    super(deps, [QUEUES.send, QUEUES.pickup], s.idleMs);
    this.s = s;
    this.ports = transitionPorts(deps);
    this.step = new HandOverStep(deps, {
      ...s,
      backoff: (n) => this.backoff(n),
      onFreed: () => {
        this.fleetFullUntil = 0;
      },
    });
  }

  /** One round: claim and handle due jobs. Returns how many jobs were handled. */
  override async runOnce(now: Date, look: QueueLook = LOOK_EVERYWHERE): Promise<number> {
    const n = this.claimable(now);
    const jobs =
      n === 0 || !look.due(QUEUES.send)
        ? []
        : await this.deps.store.queue.claim<{ messageId: string }>(QUEUES.send, now.getTime(), n, this.s.leaseMs);
    for (const job of jobs) {
      // The fleet filled up during this round: put the rest back, still due, for when it frees up.
      if (this.deps.clock.now() < this.fleetFullUntil) {
        await this.deps.store.queue.reschedule(QUEUES.send, job.id, now.getTime());
        continue;
      }
      // Each job reads the clock afresh: a round of hand-overs takes time, and a budget reservation stamped with
      // the round's start would be older than the real hand-over, eating into the SIM window's safety margin.
      try {
        await this.handle(job, jobs.length > 1 ? new Date(this.deps.clock.now()) : now);
      } catch (e) {
        this.deps.logger.error({ err: e, messageId: job.payload.messageId }, 'send job failed; retrying');
        await this.deps.store.queue.reschedule(QUEUES.send, job.id, now.getTime() + this.backoff(job.attempts));
      }
    }
    const checks = look.due(QUEUES.pickup)
      ? await this.deps.store.queue.claim<PickupCheck>(QUEUES.pickup, now.getTime(), this.s.batch, this.s.leaseMs)
      : [];
    for (const job of checks) {
      try {
        await this.checkPickup(job.payload, now);
        await this.deps.store.queue.ack(QUEUES.pickup, job.id);
      } catch (e) {
        this.deps.logger.warn({ err: e, messageId: job.payload.messageId }, 'pickup check failed; retrying');
        await this.deps.store.queue.reschedule(QUEUES.pickup, job.id, now.getTime() + this.backoff(job.attempts));
      }
    }
    return jobs.length + checks.length;
  }

  /**
   * Step 6b: a message still unsent on its phone after the pickup timeout is cancelled on the gateway and, once
   * the gateway confirms, put back in the send queue with the old gateway id superseded (its late reports are
   * ignored), so the router sends it from another SIM. A gateway that cannot cancel keeps the message: its own
   * expiry ends it, and nobody is ever texted twice.
   */
  private async checkPickup(c: PickupCheck, now: Date): Promise<void> {
    const { store, fleet, router } = this.deps;
    const unsent = (cur: Message) => unsentUnder(cur, c.gatewayMessageId);
    // First say which hand-over the hub is cancelling: the gateway's word of that cancellation (a webhook, or the
    // tracker's poll) can arrive before the requeue below, and must not end the message.
    const marked = await store.messages.update(c.messageId, (cur) => markCancelling(cur, c.gatewayMessageId, unsent));
    if (!marked?.changed) return;
    const m = marked.value;
    const deviceId = m.from!.deviceId;
    const unmark = () => store.messages.update(m.id, (cur) => unmarkCancelling(cur, c.gatewayMessageId));
    await router.recordOutcome(deviceId, 'device_problem', now);
    let res: Awaited<ReturnType<GatewayAdapter['cancel']>>;
    try {
      res = await fleet.forDevice(deviceId).adapter.cancel(c.gatewayMessageId);
    } catch (e) {
      await unmark();
      throw e;
    }
    if (res !== 'cancelled') {
      await unmark();
      this.deps.logger.warn(
        { messageId: m.id, deviceId, result: res },
        'phone has not picked the message up and the gateway cannot cancel it; leaving it there',
      );
      return;
    }
    const pickupS = Math.round(this.s.pickupTimeoutMs / 1000);
    const event: StatusEvent = {
      id: newId('evt', now),
      messageId: m.id,
      status: 'queued',
      at: now.toISOString(),
      source: 'router',
      note: `requeued: ${deviceId} did not pick it up within ${pickupS}s; cancelled on the gateway`,
    };
    // The requeue and its event are written together; the event is published before the send job is enqueued (a
    // hand-over to the next phone then publishes after it).
    // The hand-over is closed as cancelled (confirmed by the gateway) before the message may go to another phone.
    const r = await transition(this.ports, m.id, (cur) => requeueChange(cur, c.gatewayMessageId, event), now);
    if (!r?.changed) return;
    await store.queue.enqueue(QUEUES.send, {
      id: m.id,
      dueAt: now.getTime(),
      priority: m.priority,
      payload: { messageId: m.id },
    });
    this.wake();
  }

  /**
   * How many send jobs to claim now: none while the fleet is full, and no more than the router's view of the SIMs says
   * they can take, so messages that would only wait are left in the queue instead of claimed, routed and put back.
   */
  private claimable(now: Date): number {
    if (this.deps.clock.now() < this.fleetFullUntil) return 0;
    const room = this.deps.router.headroom?.(now);
    if (!room) return this.s.batch;
    if (room.free <= 0) {
      this.fleetFullUntil = Math.min(room.retryAt ?? Infinity, now.getTime() + this.s.budgetRecheckMs);
      return 0;
    }
    return Math.min(this.s.batch, room.free);
  }

  protected override heldUntil(queue: string): number {
    return queue === QUEUES.send ? this.fleetFullUntil : 0;
  }

  private backoff(attempts: number): number {
    return Math.min(this.s.retryMaxMs, this.s.retryBaseMs * 2 ** Math.min(attempts, 20));
  }

  private async handle(job: Job<{ messageId: string }>, now: Date): Promise<void> {
    const { store, router } = this.deps;
    let m = await store.messages.get(job.payload.messageId);
    // A hand-over is never repeated blindly: an open one is reconciled first, an accepted one resumed (hand-over.ts).
    if (m?.handover && !m.handover.outcome) {
      if ((await this.step.reconcile(m, job, now)) === 'done') return;
      m = await store.messages.get(m.id);
    }
    if (m?.handover?.outcome === 'accepted' && !requeuedPast(m)) return this.step.resume(m, job, now);
    if (!m || !isSendable(m.status)) return store.queue.ack(QUEUES.send, job.id);
    const quietUntil =
      this.deps.quietHours && m.priority < 100 ? quietHoursDeferral(m.to, now, this.deps.quietHours) : undefined;
    if (quietUntil) return store.queue.reschedule(QUEUES.send, job.id, quietUntil.getTime());
    let decision: Awaited<ReturnType<FleetRouter['route']>>;
    try {
      decision = await router.route(m, now);
    } catch (e) {
      // A message no SIM can ever carry, or a requested device that left the fleet: fail it with the reason.
      const why = e instanceof Error ? e.message : String(e);
      const removed = m.requested?.deviceId && (e as { field?: string }).field === 'deviceId';
      await this.finish(
        m,
        'failed',
        now,
        removed ? ownFailure('SMSFLEET_DEVICE_REMOVED', why) : classifyFailure({ reason: why }),
        removed ? `device ${m.requested!.deviceId} was removed from the fleet` : 'router refused',
      );
      return store.queue.ack(QUEUES.send, job.id);
    }
    if (decision.kind === 'expire') {
      const failure = ownFailure(decision.failure ?? 'SMSFLEET_TTL_EXPIRED');
      await this.finish(m, 'expired', now, failure, decision.detail ?? 'not sent before it expired');
      return store.queue.ack(QUEUES.send, job.id);
    }
    if (decision.kind === 'wait') {
      // Every SIM this message may use is full (or none is online): so, for now, for every other message too.
      if (decision.reason === 'budget' || decision.reason === 'no_device') {
        this.fleetFullUntil = Math.min(decision.retryAt.getTime(), now.getTime() + this.s.budgetRecheckMs);
      }
      await store.queue.reschedule(QUEUES.send, job.id, decision.retryAt.getTime());
      // An edit (PATCH) may have moved sendAt after the read: its own reschedule may have come before this one.
      const cur = decision.reason === 'scheduled' ? await store.messages.get(m.id) : m;
      if (cur && cur.sendAt !== m.sendAt) await store.queue.reschedule(QUEUES.send, job.id, now.getTime());
      return;
    }
    await this.step.start(m, decision, job, now);
  }

  /** Apply a final status decided by the hub (expired, failed) and publish it. */
  private finish(
    m: Message,
    status: MessageStatus,
    now: Date,
    failure: StatusEvent['failure'],
    note: string,
  ): Promise<void> {
    return finishMessage(this.deps, m, status, now, failure, note);
  }
}
