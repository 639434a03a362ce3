import {
  applyStatusEvent,
  newId,
  phoneHasSent,
  transition,
  type Clock,
  type FleetRouter,
  type GatewaySendResult,
  type Handover,
  type Message,
  type Reservation,
  type StatusEvent,
  type TransitionPorts,
} from '@smsfleet/core';
import type { FastifyBaseLogger } from 'fastify';

/** What {@link acceptHandover} needs. */
export interface AcceptDeps {
  ports: TransitionPorts;
  router: Pick<FleetRouter, 'confirm'>;
  clock: Clock;
  logger: Pick<FastifyBaseLogger, 'error'>;
}

/**
 * Record that the gateway took hand-over `h` (its answer, or reconciliation found it), with its status event
 * (core's transition). Returns the message; undefined when the hand-over is no longer the open one. `known`: the
 * message as the caller last read or wrote it (spares the store a read when it is still current).
 */
export async function acceptHandover(
  deps: AcceptDeps,
  id: string,
  h: Handover,
  res: Pick<GatewaySendResult, 'gatewayMessageId' | 'status' | 'at'>,
  note: string,
  simNumber: string | undefined,
  now: Date,
  known?: Message,
): Promise<Message | undefined> {
  const event: StatusEvent = {
    id: newId('evt', now),
    messageId: id,
    status: res.status,
    at: res.at,
    source: 'router',
    note,
  };
  let held: Reservation | undefined;
  const r = await transition(
    deps.ports,
    id,
    (c) => {
      held = undefined;
      if (c.handover?.attempt !== h.attempt || c.handover.outcome) return null;
      const base: Message = {
        ...c,
        from: { deviceId: h.deviceId, sim: h.sim, ...(simNumber ? { number: simNumber } : {}) },
        gateway: h.gateway,
        gatewayMessageId: res.gatewayMessageId,
        attempts: c.attempts + 1,
        handover: {
          ...c.handover,
          outcome: 'accepted',
          outcomeAt: now.toISOString(),
          gatewayMessageId: res.gatewayMessageId,
          eventId: event.id,
          note: note.slice(0, 500),
        },
      };
      const a = applyStatusEvent(base, event, now);
      const next: Message = { ...base, ...a.state };
      // The SIM reservation stays on the message until a report settles it (report-processor.ts), unless the
      // phone's answer already did.
      if (phoneHasSent(next.status) && next.reservation) {
        held = next.reservation;
        delete next.reservation;
      }
      return { message: next, events: a.statusChanged ? [event] : [] };
    },
    now,
    known,
  );
  if (!r) return undefined;
  if (!r.changed) {
    const cur = r.value.handover;
    if (cur?.attempt === h.attempt && cur.outcome === 'accepted' && cur.gatewayMessageId === res.gatewayMessageId)
      return r.value;
    deps.logger.error(
      { messageId: id, attempt: h.attempt, gatewayMessageId: res.gatewayMessageId, current: cur },
      'the gateway took a hand-over the hub had already closed; the message may be sent twice',
    );
    return undefined;
  }
  if (held) await deps.router.confirm(held, new Date(deps.clock.now()));
  return r.value;
}
