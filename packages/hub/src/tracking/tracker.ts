import type { FastifyBaseLogger } from 'fastify';
import {
  applyToMessage,
  awaitsHandOver,
  checkTimeout,
  endsTracking,
  FLUSH_RETRY_MS,
  flushEvents,
  isOwnCancellation,
  isTerminal,
  LOOK_EVERYWHERE,
  newId,
  transition,
  type Clock,
  type Message,
  type QueueLook,
  type StatusEvent,
  type Store,
  type TimeoutPolicy,
  type TransitionPorts,
  DEFAULT_TIMEOUT_POLICY,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { QUEUES } from '../queues';
import type { ParkedReport, ReportProcessor } from './report-processor';
import { transitionPorts } from '../send/transition-ports';
import { WorkerLoop } from '../send/worker-loop';

/** Tuning of the tracker. */
export interface TrackerSettings {
  /** Poll the gateway this often while a message has no final status (covers lost reports). */
  pollEveryMs: number;
  /** Give up matching an orphan report after this many tries. */
  orphanTries: number;
  timeouts: TimeoutPolicy;
  idleMs: number;
}

export const DEFAULT_TRACKER_SETTINGS: TrackerSettings = {
  pollEveryMs: 10 * 60_000,
  orphanTries: 30,
  timeouts: DEFAULT_TIMEOUT_POLICY,
  idleMs: 1_000,
};

/**
 * Follows messages after hand-over: polls the gateway for the status of messages still waiting for a final
 * report (a lost webhook never leaves a message stuck), applies the hub's timeouts (`unknown`, `expired`),
 * and retries matching reports that arrived before the message's gateway id was recorded.
 */
export class Tracker extends WorkerLoop {
  private readonly s: TrackerSettings;
  private readonly ports: TransitionPorts;

  /** Called when a message's missing send job was re-enqueued (the local dispatcher wakes up). */
  onRepaired?: () => void;

  constructor(
    private readonly deps: {
      store: Pick<Store, 'devices' | 'messages' | 'queue' | 'rollups' | 'signals'>;
      fleet: FleetRegistry;
      publisher: EventPublisher;
      processor: ReportProcessor;
      clock: Clock;
      logger: FastifyBaseLogger;
      settings?: Partial<TrackerSettings>;
    },
  ) {
    const s = { ...DEFAULT_TRACKER_SETTINGS, ...deps.settings };
    super(deps, [QUEUES.track, QUEUES.orphans, QUEUES.parkedIndex], s.idleMs);
    this.s = s;
    this.ports = transitionPorts(deps);
  }

  override async runOnce(now: Date, look: QueueLook = LOOK_EVERYWHERE): Promise<number> {
    const { store } = this.deps;
    let n = 0;
    const tracks = look.due(QUEUES.track)
      ? await store.queue.claim<{ messageId: string }>(QUEUES.track, now.getTime(), 20, 60_000)
      : [];
    for (const job of tracks) {
      n++;
      try {
        const again = await this.track(job.payload.messageId, now);
        if (again) await store.queue.reschedule(QUEUES.track, job.id, again);
        else await store.queue.ack(QUEUES.track, job.id);
      } catch (e) {
        const flush = e instanceof EventsPending;
        this.deps.logger.warn(
          { err: flush ? e.failure : e, messageId: job.payload.messageId },
          flush ? 'status events not published; retrying' : 'status poll failed; retrying',
        );
        await store.queue.reschedule(
          QUEUES.track,
          job.id,
          now.getTime() + (flush ? FLUSH_RETRY_MS : this.s.pollEveryMs),
        );
      }
    }
    if (look.due(QUEUES.parkedIndex)) n += await this.deps.processor.retryParked(now);
    const orphans = look.due(QUEUES.orphans)
      ? await store.queue.claim<ParkedReport>(QUEUES.orphans, now.getTime(), 50, 60_000)
      : [];
    for (const job of orphans) {
      n++;
      const { connectionId, ...report } = job.payload;
      const r = await this.deps.processor.applyStatus(report, now, connectionId);
      if (r !== 'orphan' || job.attempts + 1 >= this.s.orphanTries) {
        if (r === 'orphan')
          this.deps.logger.warn(
            { gateway: job.payload.gateway, gatewayMessageId: job.payload.gatewayMessageId },
            'dropping a report for an unknown message',
          );
        await store.queue.ack(QUEUES.orphans, job.id);
      } else await store.queue.reschedule(QUEUES.orphans, job.id, now.getTime() + 2_000 * (job.attempts + 1));
    }
    return n;
  }

  /**
   * Look at one message at its deadline; returns when to look again, or undefined when it is settled. Every message
   * has this job from its create on (send-service.ts), so a crash anywhere leaves something that looks at it:
   * - not handed over yet: its send job is made sure of (re-enqueued if it went missing, a held one is left alone);
   *   the dispatcher, not the tracker, expires it, so a hand-over in flight never races an expiry;
   * - handed over: the gateway is polled, then the timeouts apply (`unknown` with the reason, or `expired`), even
   *   when the poll fails, so no message stays `pending` forever.
   * First, its status events still pending (a publish failed, or a hub crashed after a change) are published: the job
   * is done only once the message is final and all its events are out (core's transition).
   */
  private async track(messageId: string, now: Date): Promise<number | undefined> {
    const { store } = this.deps;
    let m = await store.messages.get(messageId);
    if (!m) return undefined;
    if (m.pendingEvents?.length) {
      try {
        await flushEvents(this.ports, m);
      } catch (e) {
        throw new EventsPending(e);
      }
    }
    if (isTerminal(m.status)) return undefined;
    if (awaitsHandOver(m)) {
      // due when it was: the dispatcher takes it at once if that has passed
      const dueAt = Date.parse(m.sendAt ?? m.createdAt);
      if (
        await store.queue.enqueueIfAbsent(QUEUES.send, {
          id: m.id,
          dueAt,
          priority: m.priority,
          payload: { messageId: m.id },
        })
      ) {
        this.deps.logger.warn({ messageId: m.id, status: m.status }, 'a message had no send job; re-enqueued it');
        this.onRepaired?.();
      }
      return Math.max(dueAt, now.getTime()) + this.s.pollEveryMs;
    }
    if (m.gatewayMessageId && m.from) {
      try {
        m = await this.poll(m, now);
      } catch (e) {
        // A gateway that cannot be asked does not hold the deadline back: the timeout applies without the poll.
        if (!checkTimeout(m, now, this.s.timeouts)) throw e;
        this.deps.logger.warn({ err: e, messageId }, 'status poll failed at the deadline; applying the timeout');
      }
    }
    const timeout = checkTimeout(m, now, this.s.timeouts);
    if (timeout) m = (await this.apply(m.id, timeout, now)) ?? m;
    return endsTracking(m.status) ? undefined : now.getTime() + this.s.pollEveryMs;
  }

  /** Ask the gateway about the message's hand-over and apply the answer. */
  private async poll(m: Message, now: Date): Promise<Message> {
    const { store, fleet } = this.deps;
    const dev = await store.devices.get(m.from!.deviceId);
    const st = await fleet
      .forDevice(m.from!.deviceId)
      .adapter.fetchStatus(
        m.gatewayMessageId!,
        dev?.gatewayDeviceId ? { gatewayDeviceId: dev.gatewayDeviceId } : undefined,
      );
    const ev: StatusEvent = {
      id: newId('evt', now),
      messageId: m.id,
      status: st.status,
      at: st.at,
      source: 'poll',
      ...(st.failure ? { failure: st.failure } : {}),
      ...(st.segmentsTotal ? { segmentsTotal: st.segmentsTotal } : {}),
    };
    const polled = m.gatewayMessageId;
    // The answer is about the hand-over polled: not for a message that has moved on since (requeued, handed over
    // again), nor the cancellation the hub itself asked for.
    return (
      (await this.apply(
        m.id,
        ev,
        now,
        (c) => c.gatewayMessageId === polled && !isOwnCancellation(c, polled, ev.status),
      )) ?? m
    );
  }

  private async apply(id: string, ev: StatusEvent, now: Date, applies: (current: Message) => boolean = () => true) {
    const u = await transition(this.ports, id, (c) => (applies(c) ? applyToMessage(c, ev, now) : null), now);
    return u?.value;
  }
}

/** The tracking job could not publish a message's pending events: it looks again soon, not at the next poll. */
class EventsPending extends Error {
  constructor(readonly failure: unknown) {
    super('status events still pending');
  }
}
