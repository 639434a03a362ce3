import type { Prng } from './prng';
import type { Runtime } from './runtime';
import { PhoneHeartbeat, type PhoneVitals } from './heartbeat';
import { SegmentLimiter } from './sim-limit';
import type { SimAttachment, TruthInbound, TruthMessage, TruthState } from './truth';
import type { FailureSpec, FaultConfig, PhoneSpec } from './types';

/** One outgoing SMS on a phone (one recipient). Gateway servers keep their own view on top of it. */
export interface OutSms {
  truth: TruthMessage;
  /** 1-based SIM slot. */
  sim: number;
  withDeliveryReport: boolean;
  /** Sim ms after which the message must not be sent. */
  validUntil?: number;
  /** Higher first (sms-gate priority). */
  priority: number;
  createdAt: number;
  rand: Prng;
}

/** What the gateway layer does when the phone's SMS change state. All optional. */
export interface PhoneHooks {
  sent?(m: OutSms): void;
  partDelivered?(m: OutSms, partIndex: number): void;
  delivered?(m: OutSms): void;
  failed?(m: OutSms): void;
  expired?(m: OutSms): void;
  inbound?(m: TruthInbound): void;
  onlineChanged?(online: boolean, at: number, lastSeen: number): void;
  ping?(vitals: PhoneVitals): void;
  heartbeatChanged?(beating: boolean, at: number, lastSeen: number): void;
}

/** The failure Android reports when a SIM's segment budget is used up. */
export const LIMIT_EXCEEDED: FailureSpec = {
  code: 'RESULT_ERROR_LIMIT_EXCEEDED',
  reason: 'Android SmsUsageMonitor: too many SMS sent in the last minute',
};

/** A simulated Android phone: queue, pickup (online/dozing), SIM limits, sending, delivery reports. */
export class Phone {
  hooks: PhoneHooks = {};
  /** Its heartbeat (sms-gate pings), which a fault can stop. */
  readonly heartbeat: PhoneHeartbeat;
  readonly limiters: SegmentLimiter[];
  private readonly queue: OutSms[] = [];
  private readonly heldInbound: TruthInbound[] = [];
  private online: boolean;
  private dozing = false;
  private dozeSince = 0;
  private lastSeen: number;
  private wake: () => void = () => undefined;
  private lastSendStart = -Infinity;
  /** httpSMS: expiry is decided by the server while the message waits (others: at pickup). */
  serverExpiry = false;

  constructor(
    private readonly rt: Runtime,
    readonly spec: PhoneSpec,
    readonly faults: FaultConfig,
  ) {
    this.limiters = spec.sims.map((s) => new SegmentLimiter(s.segmentsPerMinute ?? 30));
    this.online = !spec.offline;
    this.lastSeen = rt.now();
    this.heartbeat = new PhoneHeartbeat(rt, this);
  }

  get id(): string {
    return this.spec.id;
  }

  /** Whether the phone has network. */
  isOnline(): boolean {
    return this.online;
  }

  /** Whether the phone is in doze. */
  isDozing(): boolean {
    return this.dozing;
  }

  /** Sim time the phone last talked to its server. */
  lastSeenAt(): number {
    return this.online ? this.rt.now() : this.lastSeen;
  }

  /** Number of messages waiting for pickup. */
  pendingCount(): number {
    return this.queue.length;
  }

  /** Start the phone's loops. */
  start(): void {
    this.rt.track(this.runLoop());
    if (this.rt.timing.pingIntervalMs > 0) this.rt.track(this.heartbeat.loop());
  }

  /** Network on/off. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    const lastSeen = this.lastSeenAt();
    this.online = online;
    if (!online) this.lastSeen = lastSeen;
    this.hooks.onlineChanged?.(online, this.rt.now(), lastSeen);
    if (online) for (const m of this.heldInbound.splice(0)) this.hooks.inbound?.(m);
    this.wake();
  }

  /** Doze on/off. */
  setDozing(dozing: boolean): void {
    if (dozing === this.dozing) return;
    this.dozing = dozing;
    this.dozeSince = this.rt.now();
    this.wake();
  }

  /** Queue a message the server handed to this phone. */
  enqueue(m: OutSms): void {
    this.rt.truth.recordMessage(m.truth);
    this.rt.truth.recordState(m.truth, 'queued', m.createdAt);
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.priority < m.priority) i--;
    this.queue.splice(i, 0, m);
    if (this.serverExpiry && m.validUntil !== undefined) this.rt.track(this.expireLater(m));
    this.wake();
  }

  /** Remove a message that is still waiting for pickup. False when it already left the queue. */
  cancel(m: OutSms): boolean {
    const i = this.queue.indexOf(m);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    this.rt.truth.recordState(m.truth, 'cancelled', this.rt.now());
    return true;
  }

  /** An SMS arrives at `sim`. Returns the inbound id. */
  receiveSms(id: string, from: string, body: string, sim = 1, attachments?: SimAttachment[]): TruthInbound {
    const s = this.spec.sims[sim - 1];
    if (!s) throw new RangeError(`phone ${this.id} has no SIM ${sim}`);
    const m: TruthInbound = {
      id,
      phoneId: this.id,
      gateway: this.spec.gateway,
      sim,
      from,
      to: s.number,
      text: body,
      at: this.rt.now(),
      ...(attachments?.length ? { attachments } : {}),
    };
    this.rt.truth.recordInbound(m);
    if (this.online) this.hooks.inbound?.(m);
    else this.heldInbound.push(m);
    return m;
  }

  private waitForChange(ms?: number): Promise<unknown> {
    const changed = new Promise<void>((r) => (this.wake = r));
    return Promise.race([changed, ms === undefined ? this.rt.whenClosed() : this.rt.sleep(ms)]);
  }

  private async runLoop(): Promise<void> {
    const pick = this.rt.fork(`pickup:${this.id}`);
    while (!this.rt.closed) {
      if (!this.online || this.queue.length === 0) {
        await this.waitForChange();
        continue;
      }
      if (this.dozing) {
        const w = this.rt.timing.dozeWindowMs;
        const now = this.rt.now();
        const next = this.dozeSince + Math.max(1, Math.ceil((now - this.dozeSince) / w)) * w;
        if (now < next - 1) {
          await this.waitForChange(next - now);
          if (!this.dozing || this.rt.now() < next - 1) continue;
        }
      } else if (!(await this.rt.sleep(pick.between(this.rt.timing.pickupMs)))) return;
      if (!this.online) continue;
      const batch = this.queue.splice(0);
      const at = this.rt.now();
      for (const m of batch) this.rt.truth.recordState(m.truth, 'picked', at);
      for (const m of batch) {
        if (this.rt.closed) return;
        await this.sendOne(m);
      }
      if (this.dozing) this.dozeSince = this.rt.now();
    }
  }

  private async expireLater(m: OutSms): Promise<void> {
    if (!(await this.rt.sleep(m.validUntil! - this.rt.now()))) return;
    const i = this.queue.indexOf(m);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.expire(m);
  }

  private expire(m: OutSms): void {
    m.truth.failure = {
      code: 'EXPIRED',
      reason: 'Message expired before it was sent',
      permanent: false,
      limitExceeded: false,
    };
    this.rt.truth.recordState(m.truth, 'expired', this.rt.now());
    this.hooks.expired?.(m);
  }

  private fail(m: OutSms, f: FailureSpec, permanent: boolean, limitExceeded = false): void {
    m.truth.failure = { ...f, permanent, limitExceeded };
    this.rt.truth.recordState(m.truth, 'failed', this.rt.now());
    this.hooks.failed?.(m);
  }

  private isInvalid(n: string): boolean {
    return this.faults.invalidNumbers.includes(n) || this.faults.invalidPrefixes.some((p) => n.startsWith(p));
  }

  private async sendOne(m: OutSms): Promise<void> {
    const { rand, truth } = m;
    const t = this.rt.timing;
    // Every draw happens up front, in a fixed order, so outcomes depend on the seed only.
    const temporary = rand.chance(this.faults.temporaryFailureRate);
    const stuck = rand.chance(this.faults.stuckRate);
    const reorder = rand.chance(this.faults.reorderRate);
    const partDelays = Array.from({ length: truth.parts }, () => rand.between(t.partSendMs));
    const deliveryDelays = Array.from({ length: truth.parts }, () => rand.between(t.deliveryMs));
    const gap = rand.between(t.interMessageMs);
    const lateSent = reorder ? rand.between([1_000, 3_000]) : 0;

    if (this.spec.gateway === 'httpsms') {
      const spacing = 60_000 / (this.spec.messagesPerMinute ?? 10);
      const wait = this.lastSendStart + spacing - this.rt.now();
      if (wait > 0 && !(await this.rt.sleep(wait))) return;
      this.lastSendStart = this.rt.now();
    }
    if (m.validUntil !== undefined && this.rt.now() > m.validUntil) return this.expire(m);
    const limiter = this.limiters[m.sim - 1]!;
    if (!limiter.tryAcquire(this.rt.now(), truth.parts)) {
      this.rt.truth.recordLimitRefusal(this.id, m.sim);
      this.fail(m, LIMIT_EXCEEDED, false, true);
    } else if (this.isInvalid(truth.recipient)) {
      this.fail(m, this.faults.permanentFailure, true);
    } else if (temporary) {
      this.fail(m, this.faults.temporaryFailure, false);
    } else {
      for (const d of partDelays) {
        if (!(await this.rt.sleep(d))) return;
        truth.partsSentAt.push(this.rt.now());
      }
      truth.stuck = stuck || !m.withDeliveryReport;
      truth.reordered = reorder;
      this.rt.truth.recordState(truth, 'sent', this.rt.now());
      if (!reorder) this.hooks.sent?.(m);
      this.rt.track(this.deliveryReports(m, deliveryDelays, reorder, lateSent));
    }
    await this.rt.sleep(gap);
  }

  private async deliveryReports(m: OutSms, delays: number[], reorder: boolean, lateSentMs: number): Promise<void> {
    const { truth } = m;
    if (truth.stuck) {
      if (reorder) this.hooks.sent?.(m);
      return;
    }
    const due = truth.partsSentAt.map((at, i) => ({ i, at: at + delays[i]! })).sort((a, b) => a.at - b.at || a.i - b.i);
    for (const d of due) {
      if (!(await this.rt.sleep(d.at - this.rt.now()))) return;
      truth.partsDeliveredAt.push(this.rt.now());
      this.rt.truth.changed();
      this.hooks.partDelivered?.(m, d.i);
    }
    this.rt.truth.recordState(truth, 'delivered', this.rt.now());
    this.hooks.delivered?.(m);
    // A reordered `sent` report arrives a little after the delivered one(s).
    if (reorder && (await this.rt.sleep(lateSentMs))) this.hooks.sent?.(m);
  }
}

/** A fresh truth record. */
export function newTruthMessage(
  init: Omit<TruthMessage, 'states' | 'partsSentAt' | 'partsDeliveredAt' | 'finalState' | 'stuck' | 'reordered'>,
): TruthMessage {
  return {
    ...init,
    states: [],
    partsSentAt: [],
    partsDeliveredAt: [],
    finalState: 'queued' as TruthState,
    stuck: false,
    reordered: false,
  };
}
