import type { FastifyBaseLogger } from 'fastify';
import {
  classifyFailure,
  isGatewaySendError,
  type Clock,
  type FleetRouter,
  type GatewaySendResult,
  type Handover,
  type Job,
  type Message,
  type Reservation,
  type SendDecision,
  type Store,
  type TransitionPorts,
} from '@smsfleet/core';
import type { FleetEntry, FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { QUEUES } from '../queues';
import { clientIdFor, closeChange, definitiveRefusal, describeHandover, intentChange } from './handover-rules';
import { transitionPorts } from './transition-ports';
import { acceptHandover, type AcceptDeps } from './handover-accept';
import { lookUpHandover } from './handover-lookup';
import { endUnconfirmed, finishMessage } from './finish-message';
import { followUpHandover } from './handover-follow-up';

/** What the hand-over step needs. */
export interface HandOverDeps {
  store: Pick<Store, 'messages' | 'queue' | 'devices' | 'conversations' | 'rollups'>;
  router: FleetRouter;
  fleet: FleetRegistry;
  publisher: EventPublisher;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Apply the status reports parked for a gateway id, right after it is linked. */
  applyParked?: (gateway: string, gatewayMessageId: string, now: Date, linked?: Message) => Promise<void>;
}

/** Tuning of the hand-over step. */
export interface HandOverSettings {
  pollAfterMs: number;
  pickupTimeoutMs: number;
  /**
   * Reconcile an open hand-over only this long after its intent: the original request must be over (above the adapters'
   * timeout).
   */
  reconcileAfterMs: number;
  /**
   * While the gateway cannot be asked (unreachable), keep trying this long after the intent; then it counts as
   * unknowable.
   */
  reconcileGiveUpMs: number;
  backoff: (attempts: number) => number;
  /** Segments were given back: the dispatcher may claim again. */
  onFreed: () => void;
}

/** A pickup check: is the message still waiting on the phone under this gateway id? */
export interface PickupCheck {
  messageId: string;
  gatewayMessageId: string;
}

type SendJob = Job<{ messageId: string }>;

/**
 * Step 6 of the message path, the hand-over, so that it is never repeated blindly. The intent (attempt, connection,
 * device, SIM, client id) is written on the message before the gateway is called; the gateway's answer is written as
 * the outcome; the follow-ups (gateway id link, parked reports, conversation, tracking and pickup jobs, the send job's
 * ack) are idempotent and resumed by whoever finds an accepted outcome. An intent found without an outcome (a crash,
 * a store failure, a timeout) is reconciled with the gateway: found, it is resumed; conclusively not there, it is
 * handed over again; unknowable, the message ends `unknown` (at-most-once), or is handed over again on a connection
 * configured at-least-once.
 */
export class HandOverStep {
  private readonly ports: TransitionPorts;
  private readonly accepting: AcceptDeps;

  constructor(
    private readonly deps: HandOverDeps,
    private readonly s: HandOverSettings,
  ) {
    this.ports = transitionPorts(deps);
    this.accepting = { ...deps, ports: this.ports };
  }

  /** Hand `m` over as the router decided. */
  async start(m: Message, d: SendDecision, job: SendJob, now: Date): Promise<void> {
    const { store, router, fleet } = this.deps;
    const entry = fleet.forDevice(d.deviceId);
    const device = await store.devices.get(d.deviceId);
    const simNumber = device?.sims.find((s) => s.slot === d.sim)?.number;
    const attempt = (m.handover?.attempt ?? 0) + 1;
    const intent: Handover = {
      attempt,
      connectionId: entry.connectionId,
      deviceId: d.deviceId,
      sim: d.sim,
      gateway: entry.gateway,
      ...(device?.gatewayDeviceId ? { gatewayDeviceId: device.gatewayDeviceId } : {}),
      clientId: clientIdFor(m.id, attempt),
      at: now.toISOString(),
    };
    let w: Awaited<ReturnType<Store['messages']['update']>>;
    try {
      w = await store.messages.update(m.id, (c) => intentChange(c, intent, d.reservation, m));
    } catch (e) {
      await this.giveBack(d.reservation);
      throw e;
    }
    if (!w?.changed) {
      // Cancelled, edited, or handed over by another hub meanwhile: nothing was sent; look at the message afresh.
      await this.giveBack(d.reservation);
      return w ? store.queue.reschedule(QUEUES.send, job.id, now.getTime()) : store.queue.ack(QUEUES.send, job.id);
    }
    const ttlSeconds = m.expiresAt
      ? Math.max(60, Math.floor((Date.parse(m.expiresAt) - now.getTime()) / 1000))
      : undefined;
    let res: GatewaySendResult;
    try {
      res = await entry.adapter.send({
        clientId: intent.clientId,
        to: m.to,
        body: m.body,
        sim: d.sim,
        ...(device?.gatewayDeviceId ? { gatewayDeviceId: device.gatewayDeviceId } : {}),
        ...(simNumber ? { from: simNumber } : {}),
        ...(ttlSeconds ? { ttlSeconds } : {}),
      });
    } catch (e) {
      return this.sendFailed(m, intent, d, entry, e, job, now);
    }
    const moved = d.switchedFrom ? ` (moved from ${d.switchedFrom.deviceId}: ${d.switchedFrom.reason})` : '';
    const around = routedAroundNote(d.routedAround);
    const note = `handed to ${d.deviceId} SIM ${d.sim}${moved}${around}`;
    // The intent just written is the message as it stands unless something changed it meanwhile (the store checks).
    const accepted = await acceptHandover(this.accepting, m.id, intent, res, note, simNumber, now, w.value);
    if (!accepted) return;
    // Only a phone's own answer shows it is alive: a cloud server accepts messages for a phone that is switched off.
    if (entry.adapter.answersFromPhone) await router.recordOutcome(d.deviceId, 'ok', now);
    await this.followUp(accepted, job, now);
  }

  /** The gateway did not answer with an acceptance: record a refusal, or leave the intent open for reconciliation. */
  private async sendFailed(
    m: Message,
    intent: Handover,
    d: SendDecision,
    entry: FleetEntry,
    e: unknown,
    job: SendJob,
    now: Date,
  ): Promise<void> {
    const { store, router } = this.deps;
    if (isGatewaySendError(e))
      await router.recordOutcome(d.deviceId, e.deviceProblem ? 'device_problem' : 'message_problem', now);
    if (!definitiveRefusal(e)) {
      // The gateway may have it: never hand it over again before asking (the reservation stays on the message).
      this.deps.logger.warn(
        { err: e, messageId: m.id, deviceId: d.deviceId, attempt: intent.attempt },
        'hand-over not confirmed; reconciling before anything else',
      );
      return store.queue.reschedule(
        QUEUES.send,
        job.id,
        Math.max(now.getTime() + this.s.backoff(job.attempts), Date.parse(intent.at) + this.s.reconcileAfterMs),
      );
    }
    const msg = e instanceof Error ? e.message : String(e);
    await store.messages.update(m.id, (c) => closeChange(c, intent.attempt, 'refused', msg, now));
    await this.giveBack(d.reservation);
    if (!isGatewaySendError(e)) throw e;
    if (!e.retryable && e.failure?.permanent !== false && !e.deviceProblem) {
      await finishMessage(
        this.deps,
        m,
        'failed',
        now,
        e.failure ?? classifyFailure({ gateway: entry.gateway, reason: e.message }),
        e.message,
      );
      return store.queue.ack(QUEUES.send, job.id);
    }
    this.deps.logger.warn(
      { messageId: m.id, deviceId: d.deviceId, problem: e.problem },
      'gateway refused the send; will retry',
    );
    await store.queue.reschedule(QUEUES.send, job.id, now.getTime() + this.s.backoff(job.attempts));
  }

  /**
   * The idempotent steps after an accepted hand-over (handover-follow-up.ts). Run again by a hub that finds the send
   * job with an accepted hand-over (the first one crashed part-way).
   */
  followUp(m: Message, job: SendJob, now: Date): Promise<void> {
    return followUpHandover({ ...this.deps, ...this.s, ports: this.ports }, m, job, now);
  }

  /** A send job whose message has an accepted hand-over: finish the follow-ups a crash interrupted. */
  async resume(m: Message, job: SendJob, now: Date): Promise<void> {
    await this.followUp(m, job, now);
  }

  /**
   * A send job whose message has an open hand-over (intent, no outcome): ask the gateway what became of it. Returns
   * 'route' when nothing was sent and the message should be routed and handed over again, 'done' otherwise.
   */
  async reconcile(m: Message, job: SendJob, now: Date): Promise<'route' | 'done'> {
    const { store } = this.deps;
    const h = m.handover!;
    const dueAt = Date.parse(h.at) + this.s.reconcileAfterMs;
    if (now.getTime() < dueAt) {
      await store.queue.reschedule(QUEUES.send, job.id, dueAt);
      return 'done';
    }
    const q = await lookUpHandover(this.deps, m, now, this.s.reconcileGiveUpMs);
    if (q.kind === 'retry') {
      this.deps.logger.warn(
        { err: q.err, messageId: m.id, attempt: h.attempt },
        'cannot ask the gateway about a hand-over yet; retrying',
      );
      await store.queue.reschedule(QUEUES.send, job.id, now.getTime() + this.s.backoff(job.attempts));
      return 'done';
    }
    const { look, entry } = q;
    if (look.kind === 'found') {
      const from = (await store.devices.get(h.deviceId))?.sims.find((s) => s.slot === h.sim)?.number;
      const accepted = await acceptHandover(
        this.accepting,
        m.id,
        h,
        look,
        `reconciled: ${h.gateway} has ${describeHandover(h)}`,
        from,
        now,
        m,
      );
      if (accepted) await this.followUp(accepted, job, now);
      else await store.queue.reschedule(QUEUES.send, job.id, now.getTime());
      return 'done';
    }
    if (look.kind === 'not_found') {
      await this.close(m.id, h, 'not_found', `reconciled: ${look.how}`, now, true);
      return 'route';
    }
    const reason = `${describeHandover(h)} could not be confirmed: ${look.reason}`;
    if (entry?.delivery === 'at-least-once') {
      this.deps.logger.warn(
        { messageId: m.id, attempt: h.attempt },
        `${reason}; handing it over again (at-least-once connection)`,
      );
      await this.close(m.id, h, 'unconfirmed', `${reason}; handed over again (at-least-once)`, now, false);
      return 'route';
    }
    await endUnconfirmed(this.ports, m, h, reason, now);
    await store.queue.ack(QUEUES.send, job.id);
    return 'done';
  }

  /**
   * Close an open hand-over that sent nothing (or, at-least-once, may have); give back its SIM reservation when nothing
   * was sent.
   */
  private async close(
    id: string,
    h: Handover,
    outcome: 'not_found' | 'unconfirmed',
    note: string,
    now: Date,
    release: boolean,
  ): Promise<void> {
    let held: Reservation | undefined;
    const r = await this.deps.store.messages.update(id, (c) => {
      held = c.reservation;
      return closeChange(c, h.attempt, outcome, note, now);
    });
    if (r?.changed && held && release) await this.giveBack(held);
  }

  private async giveBack(reservation: Reservation): Promise<void> {
    await this.deps.router.release(reservation);
    this.s.onFreed();
  }
}

export { finishMessage };

/** The timeline's words for the offline devices a decision passed over (five named at most, to fit a note). */
export function routedAroundNote(ids: readonly string[] | undefined): string {
  if (!ids?.length) return '';
  const more = ids.length > 5 ? ` and ${ids.length - 5} more` : '';
  return `; routed around ${ids.slice(0, 5).join(', ')}${more} (offline)`;
}
