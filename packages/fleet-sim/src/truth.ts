import { EventEmitter } from 'node:events';
import type { CloudGateway, PhoneGateway } from './types';

/** A gateway-neutral state of one SMS on the phone. */
export type TruthState = 'queued' | 'picked' | 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled';

/** What really happened to one SMS (one recipient of one gateway message). */
export interface TruthMessage {
  /** The gateway's message id (sms-gate message id, httpSMS uuid, textbee smsId, MySMSGate id). */
  id: string;
  gateway: PhoneGateway;
  phoneId: string;
  /** 1-based SIM slot that sent it (or was asked to). */
  sim: number;
  recipient: string;
  text: string;
  /** The phone's partsCount. */
  parts: number;
  /** Every state with its sim time, in order. */
  states: Array<{ state: TruthState; at: number }>;
  /** Sim time each part left the radio / got its delivery report. */
  partsSentAt: number[];
  partsDeliveredAt: number[];
  /** Current (eventually final) state. */
  finalState: TruthState;
  /** Set when the message failed or expired. */
  failure?: { code: string; reason: string; permanent: boolean; limitExceeded: boolean };
  /** True when a delivery report will never come (stuck fault, or no delivery report requested). */
  stuck: boolean;
  /** True when its `sent` report was held back until after the delivered report(s) (reorder fault). */
  reordered: boolean;
  /** Gateway specific references (sms-gate client id, httpSMS request_id, textbee smsBatchId...). */
  refs: Record<string, string | undefined>;
}

/** One SMS a phone received. */
/** A part of an MMS a phone received: a picture, a sound, a card. */
export interface SimAttachment {
  contentType: string;
  name: string;
  bytes: Buffer;
}

export interface TruthInbound {
  id: string;
  phoneId: string;
  gateway: PhoneGateway;
  sim: number;
  from: string;
  to: string;
  text: string;
  at: number;
  /** An MMS: its parts (sms-gate and httpSMS report them). */
  attachments?: SimAttachment[];
}

/** One logical webhook report a phone/server decided to send. */
export interface TruthReport {
  reportId: string;
  gateway: CloudGateway;
  phoneId: string;
  /** Gateway event name (`sms:sent`, `message.phone.delivered`, `MESSAGE_FAILED`, `status`...). */
  event: string;
  messageId?: string;
  url: string;
  /** The event id on the wire (sms-gate `id`, CloudEvents `id`, textbee `idempotencyKey`). */
  eventId?: string;
  /** Fault that shaped it (reordering shows on the message: `TruthMessage.reordered`). */
  fault?: 'lost' | 'duplicate';
  /** Final outcome: delivered (2xx), gave up, lost (never sent), or still retrying / cancelled at close. */
  outcome: 'delivered' | 'gave-up' | 'lost' | 'pending';
  body: unknown;
}

/** One HTTP attempt to deliver a report. */
export interface TruthAttempt {
  reportId: string;
  gateway: CloudGateway;
  phoneId: string;
  event: string;
  url: string;
  attempt: number;
  at: number;
  /** HTTP status, or undefined on a network error / timeout. */
  status?: number;
  error?: string;
  /** Whether the gateway will try again after this attempt. */
  willRetry: boolean;
}

/** Filters for truth queries. */
export interface TruthFilter {
  phoneId?: string;
  gateway?: string;
  messageId?: string;
  event?: string;
}

function matches(
  f: TruthFilter | undefined,
  r: { phoneId?: string; gateway?: string; messageId?: string; id?: string; event?: string },
): boolean {
  if (!f) return true;
  if (f.phoneId !== undefined && r.phoneId !== f.phoneId) return false;
  if (f.gateway !== undefined && r.gateway !== f.gateway) return false;
  if (f.messageId !== undefined && (r.messageId ?? r.id) !== f.messageId) return false;
  if (f.event !== undefined && r.event !== f.event) return false;
  return true;
}

const FINAL: ReadonlySet<TruthState> = new Set(['delivered', 'failed', 'expired', 'cancelled']);

/**
 * Ground truth: what really happened, for tests to compare the hub's view against. Read-only for
 * callers; the simulator writes it through the `record*` methods.
 */
export class GroundTruth {
  private readonly msgs: TruthMessage[] = [];
  private readonly inb: TruthInbound[] = [];
  private readonly reps = new Map<string, TruthReport>();
  private readonly atts: TruthAttempt[] = [];
  private readonly refusals = new Map<string, number>();
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** All SMS (one per recipient), optionally filtered. */
  messages(filter?: TruthFilter): TruthMessage[] {
    return this.msgs.filter((m) => matches(filter, m));
  }

  /** One SMS by gateway message id (and recipient, for multi-recipient sms-gate messages). */
  message(id: string, recipient?: string): TruthMessage | undefined {
    return this.msgs.find((m) => m.id === id && (recipient === undefined || m.recipient === recipient));
  }

  /** Inbound SMS. */
  inbound(filter?: TruthFilter): TruthInbound[] {
    return this.inb.filter((m) => matches(filter, m));
  }

  /** Logical webhook reports (including lost ones). */
  reports(filter?: TruthFilter): TruthReport[] {
    return [...this.reps.values()].filter((r) => matches(filter, r));
  }

  /** Every HTTP delivery attempt. */
  webhookAttempts(filter?: TruthFilter): TruthAttempt[] {
    return this.atts.filter((a) => matches(filter, { ...a, messageId: this.reps.get(a.reportId)?.messageId }));
  }

  /** Sends refused with RESULT_ERROR_LIMIT_EXCEEDED: for one SIM, one phone, or the whole fleet. */
  limitRefusals(phoneId?: string, sim?: number): number {
    let n = 0;
    for (const [k, v] of this.refusals) {
      const [p, s] = k.split('#');
      if ((phoneId === undefined || p === phoneId) && (sim === undefined || Number(s) === sim)) n += v;
    }
    return n;
  }

  /** Refusal counts per SIM, keyed `phoneId#sim`. */
  limitRefusalCounts(): Record<string, number> {
    return Object.fromEntries(this.refusals);
  }

  /** Segments the SIM put on the air in [from, to) sim ms. */
  segmentsSent(phoneId: string, sim: number, from = -Infinity, to = Infinity): number {
    let n = 0;
    for (const m of this.msgs) {
      if (m.phoneId !== phoneId || m.sim !== sim) continue;
      for (const at of m.partsSentAt) if (at >= from && at < to) n++;
    }
    return n;
  }

  /** Whether every message reached a final state (or is stuck in `sent` for good). */
  allSettled(filter?: TruthFilter): boolean {
    return this.messages(filter).every((m) => FINAL.has(m.finalState) || (m.stuck && m.finalState === 'sent'));
  }

  /**
   * Resolve once `predicate(this)` holds; it is re-checked after every change and every 20 real ms (so
   * predicates on sim time work too). Rejects after
   * `timeoutRealMs` real milliseconds (default 10 000) with the predicate's description.
   */
  waitFor(predicate: (t: GroundTruth) => boolean, timeoutRealMs = 10_000, what = 'condition'): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = () => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        clearInterval(poll);
        this.emitter.off('change', onChange);
        resolve();
      };
      const poll = setInterval(onChange, 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.emitter.off('change', onChange);
        reject(new Error(`fleet-sim truth: timed out after ${timeoutRealMs} ms waiting for ${what}`));
      }, timeoutRealMs);
      this.emitter.on('change', onChange);
    });
  }

  /** @internal */
  recordMessage(m: TruthMessage): void {
    this.msgs.push(m);
    this.changed();
  }

  /** @internal */
  recordState(m: TruthMessage, state: TruthState, at: number): void {
    m.states.push({ state, at });
    m.finalState = state;
    this.changed();
  }

  /** @internal */
  changed(): void {
    this.emitter.emit('change');
  }

  /** @internal */
  recordInbound(m: TruthInbound): void {
    this.inb.push(m);
    this.changed();
  }

  /** @internal */
  recordReport(r: TruthReport): void {
    this.reps.set(r.reportId, r);
    this.changed();
  }

  /** @internal */
  recordAttempt(a: TruthAttempt): void {
    this.atts.push(a);
    this.changed();
  }

  /** @internal */
  recordLimitRefusal(phoneId: string, sim: number): void {
    const k = `${phoneId}#${sim}`;
    this.refusals.set(k, (this.refusals.get(k) ?? 0) + 1);
    this.changed();
  }
}
