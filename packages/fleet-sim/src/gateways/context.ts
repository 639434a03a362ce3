import { newTruthMessage, type OutSms, type Phone } from '../phone';
import type { Runtime } from '../runtime';
import { partsCount } from '../segments';
import type { TruthMessage } from '../truth';
import type { WebhookDispatcher } from '../webhook-dispatcher';

/** What a gateway server needs from the fleet. */
export interface GatewayContext {
  rt: Runtime;
  dispatcher: WebhookDispatcher;
  host: string;
}

/** Build an outgoing SMS for `phone` (not yet queued). */
export function newOutSms(
  ctx: GatewayContext,
  phone: Phone,
  init: {
    id: string;
    recipient: string;
    text: string;
    sim: number;
    withDeliveryReport?: boolean;
    validUntil?: number;
    priority?: number;
    refs?: TruthMessage['refs'];
  },
): OutSms {
  const now = ctx.rt.now();
  return {
    truth: newTruthMessage({
      id: init.id,
      gateway: phone.spec.gateway,
      phoneId: phone.id,
      sim: init.sim,
      recipient: init.recipient,
      text: init.text,
      parts: partsCount(init.text),
      refs: init.refs ?? {},
    }),
    sim: init.sim,
    withDeliveryReport: init.withDeliveryReport ?? true,
    validUntil: init.validUntil,
    priority: init.priority ?? 0,
    createdAt: now,
    rand: ctx.rt.fork(`msg:${phone.spec.gateway}:${init.id}:${init.recipient}`),
  };
}

/** The sim time a truth state was first reached, or undefined. */
export function stateAt(m: TruthMessage, state: TruthMessage['finalState']): number | undefined {
  return m.states.find((s) => s.state === state)?.at;
}

/**
 * Deterministic report keys: `<prefix>:<subject>:<event>:<n>` where n counts reports of that subject and
 * event, so a report's fault draws never depend on how other messages interleave.
 */
export class ReportKeys {
  private readonly counts = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  /** The next key for `subject` (a message or inbound id, or a phone for ping/heartbeat) and `event`. */
  next(subject: string, event: string): string {
    const base = `${this.prefix}:${subject}:${event}`;
    const n = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, n);
    return `${base}:${n}`;
  }
}
