import type { FastifyBaseLogger } from 'fastify';
import {
  applyToMessage, checkTimeout, isTerminal, newId, type Clock, type GatewayReport, type Message, type StatusEvent, type Store, type TimeoutPolicy,
  DEFAULT_TIMEOUT_POLICY,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { QUEUES, statusChangedEvent } from './events';
import { isOwnCancellation } from './own-cancellation';
import { PARKED_INDEX_QUEUE } from './parked-reports';
import type { ReportProcessor } from './report-processor';
import { WorkerLoop } from './worker-loop';

/** Tuning of the tracker. */
export interface TrackerSettings {
  /** Poll the gateway this often while a message has no final status (covers lost reports). */
  pollEveryMs: number;
  /** Give up matching an orphan report after this many tries. */
  orphanTries: number;
  timeouts: TimeoutPolicy;
  idleMs: number;
}

export const DEFAULT_TRACKER_SETTINGS: TrackerSettings = { pollEveryMs: 10 * 60_000, orphanTries: 30, timeouts: DEFAULT_TIMEOUT_POLICY, idleMs: 1_000 };

/**
 * Follows messages after hand-over: polls the gateway for the status of messages still waiting for a final
 * report (a lost webhook never leaves a message stuck), applies the hub's timeouts (`unknown`, `expired`),
 * and retries matching reports that arrived before the message's gateway id was recorded.
 */
export class Tracker extends WorkerLoop {
  private readonly s: TrackerSettings;

  constructor(private readonly deps: { store: Store; fleet: FleetRegistry; publisher: EventPublisher; processor: ReportProcessor; clock: Clock; logger: FastifyBaseLogger; settings?: Partial<TrackerSettings> }) {
    const s = { ...DEFAULT_TRACKER_SETTINGS, ...deps.settings };
    super(deps, [QUEUES.track, QUEUES.orphans, PARKED_INDEX_QUEUE], s.idleMs);
    this.s = s;
  }

  override async runOnce(now: Date): Promise<number> {
    const { store } = this.deps;
    let n = 0;
    for (const job of await store.queue.claim<{ messageId: string }>(QUEUES.track, now.getTime(), 20, 60_000)) {
      n++;
      try {
        const again = await this.track(job.payload.messageId, now);
        if (again) await store.queue.reschedule(QUEUES.track, job.id, again);
        else await store.queue.ack(QUEUES.track, job.id);
      } catch (e) {
        this.deps.logger.warn({ err: e, messageId: job.payload.messageId }, 'status poll failed; retrying');
        await store.queue.reschedule(QUEUES.track, job.id, now.getTime() + this.s.pollEveryMs);
      }
    }
    n += await this.deps.processor.retryParked(now);
    for (const job of await store.queue.claim<Extract<GatewayReport, { kind: 'status' }>>(QUEUES.orphans, now.getTime(), 50, 60_000)) {
      n++;
      const r = await this.deps.processor.applyStatus(job.payload, now);
      if (r !== 'orphan' || job.attempts + 1 >= this.s.orphanTries) {
        if (r === 'orphan') this.deps.logger.warn({ gateway: job.payload.gateway, gatewayMessageId: job.payload.gatewayMessageId }, 'dropping a report for an unknown message');
        await store.queue.ack(QUEUES.orphans, job.id);
      } else await store.queue.reschedule(QUEUES.orphans, job.id, now.getTime() + 2_000 * (job.attempts + 1));
    }
    return n;
  }

  /** Poll and time out one message; returns when to look again, or undefined when it is settled. */
  private async track(messageId: string, now: Date): Promise<number | undefined> {
    const { store, fleet } = this.deps;
    let m = await store.messages.get(messageId);
    if (!m || isTerminal(m.status)) return undefined;
    if (m.gatewayMessageId && m.from) {
      const dev = await store.devices.get(m.from.deviceId);
      const st = await fleet.forDevice(m.from.deviceId).adapter.fetchStatus(m.gatewayMessageId, dev?.gatewayDeviceId ? { gatewayDeviceId: dev.gatewayDeviceId } : undefined);
      const ev: StatusEvent = { id: newId('evt', now), messageId, status: st.status, at: st.at, source: 'poll',
        ...(st.failure ? { failure: st.failure } : {}), ...(st.segmentsTotal ? { segmentsTotal: st.segmentsTotal } : {}) };
      const polled = m.gatewayMessageId;
      // The answer is about the hand-over polled: not for a message that has moved on since (requeued, handed over
      // again), nor the cancellation the hub itself asked for.
      m = await this.apply(m.id, m.status, ev, now, (c) => c.gatewayMessageId === polled && !isOwnCancellation(c, polled, ev.status)) ?? m;
    }
    const timeout = checkTimeout(m, now, this.s.timeouts);
    if (timeout) m = await this.apply(m.id, m.status, timeout, now) ?? m;
    return isTerminal(m.status) || m.status === 'unknown' ? undefined : now.getTime() + this.s.pollEveryMs;
  }

  private async apply(id: string, previous: StatusEvent['status'], ev: StatusEvent, now: Date, applies: (current: Message) => boolean = () => true) {
    const u = await this.deps.store.messages.update(id, (c) => (applies(c) ? applyToMessage(c, ev, now) : null));
    if (u?.changed && u.value.status !== previous) await this.deps.publisher.publish(statusChangedEvent(u.value, previous, now));
    return u?.value;
  }
}
