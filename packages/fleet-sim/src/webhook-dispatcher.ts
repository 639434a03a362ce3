import type { Runtime } from './runtime';
import type { TruthReport } from './truth';
import type { CloudGateway, FaultConfig, WebhookTargetFault } from './types';

/** How a gateway retries a webhook that did not get a 2xx. */
export interface RetryPolicy {
  /** Total attempts, first included. */
  maxAttempts: number;
  /** Delay before attempt `n + 1`, after `n` failed attempts (sim ms). */
  delayMs(failedAttempts: number): number;
  /** Whether a failure with this status (undefined: network error/timeout) is retried. */
  retryable(status: number | undefined): boolean;
}

const MIN = 60_000;
const TEXTBEE_DELAYS_MIN = [3, 5, 30, 60, 360, 1440, 4320, 10080, 43200];
const MYSMSGATE_DELAYS_MIN = [1, 5, 15, 60];

/** Each real gateway's retry behaviour (see README for sources). */
export const RETRY_POLICIES: Record<CloudGateway, RetryPolicy> = {
  // Android WorkManager exponential backoff from 10 s, 14 retries (~2 days); any non-2xx is retried.
  'sms-gate': { maxAttempts: 15, delayMs: (n) => 10_000 * 2 ** (n - 1), retryable: () => true },
  // httpSMS: at most 2 delivery attempts.
  httpsms: { maxAttempts: 2, delayMs: () => MIN, retryable: () => true },
  // textbee: up to 10 attempts on 5xx / network errors, 4xx abandoned at once.
  textbee: {
    maxAttempts: 10,
    delayMs: (n) => TEXTBEE_DELAYS_MIN[Math.min(n - 1, TEXTBEE_DELAYS_MIN.length - 1)]! * MIN,
    retryable: (s) => s === undefined || s >= 500,
  },
  // MySMSGate (no public docs; chosen): 5 attempts, 1, 5, 15, 60 min apart, on any non-2xx.
  mysmsgate: {
    maxAttempts: 5,
    delayMs: (n) => MYSMSGATE_DELAYS_MIN[Math.min(n - 1, MYSMSGATE_DELAYS_MIN.length - 1)]! * MIN,
    retryable: () => true,
  },
};

/** One logical report to deliver. */
export interface ReportSpec {
  gateway: CloudGateway;
  phoneId: string;
  event: string;
  messageId?: string;
  url: string;
  /** Deterministic key of this report (drives its fault draws and event id). */
  key: string;
  /** A new event id for the wire (the duplicate gets another one). */
  newEventId(rand: import('./prng').Prng): string | undefined;
  /** The JSON body for `eventId`. */
  body(eventId: string | undefined): unknown;
  /** Headers for one attempt (signatures are computed per attempt: timestamps, JWT). */
  headers(rawBody: string, now: number): Record<string, string> | Promise<Record<string, string>>;
  /** While false the sender has no network: attempts wait (sms-gate webhooks come from the phone). */
  canSend?: () => boolean;
}

/** Sends webhook reports with each gateway's retry semantics, the report faults, and a full record. */
export class WebhookDispatcher {
  private readonly targetFaults = new Map<string, WebhookTargetFault>();
  private seq = 0;

  constructor(private readonly rt: Runtime) {}

  /** Simulate a bad network towards URLs starting with `urlPrefix` (null clears it). */
  setTargetFault(urlPrefix: string, fault: WebhookTargetFault | null): void {
    if (fault) this.targetFaults.set(urlPrefix, fault);
    else this.targetFaults.delete(urlPrefix);
  }

  /** Deliver `spec` in the background, applying lost/duplicate faults from `faults`. */
  dispatch(spec: ReportSpec, faults: FaultConfig): void {
    const rand = this.rt.fork(`report:${spec.key}`);
    const lost = rand.chance(faults.lostRate);
    const dup = rand.chance(faults.duplicateRate);
    const eventId = spec.newEventId(rand);
    const report = this.newReport(spec, eventId, lost ? 'lost' : undefined);
    if (lost) {
      report.outcome = 'lost';
      this.rt.truth.recordReport(report);
      return;
    }
    this.rt.truth.recordReport(report);
    this.rt.track(this.deliver(spec, report, faults, rand));
    if (dup) {
      const dupReport = this.newReport(spec, spec.newEventId(rand), 'duplicate');
      this.rt.truth.recordReport(dupReport);
      this.rt.track(
        (async () => {
          if (await this.rt.sleep(rand.between([500, 5_000]))) await this.deliver(spec, dupReport, faults, rand);
        })(),
      );
    }
  }

  private newReport(spec: ReportSpec, eventId: string | undefined, fault: TruthReport['fault']): TruthReport {
    return {
      reportId: `r${++this.seq}`,
      gateway: spec.gateway,
      phoneId: spec.phoneId,
      event: spec.event,
      messageId: spec.messageId,
      url: spec.url,
      eventId,
      fault,
      outcome: 'pending',
      body: spec.body(eventId),
    };
  }

  private async deliver(
    spec: ReportSpec,
    report: TruthReport,
    faults: FaultConfig,
    rand: import('./prng').Prng,
  ): Promise<void> {
    const base = RETRY_POLICIES[spec.gateway];
    const override = faults.webhookRetry[spec.gateway] ?? {};
    const maxAttempts = override.maxAttempts ?? base.maxAttempts;
    const maxDelay = override.maxDelayMs ?? Infinity;
    const raw = JSON.stringify(report.body);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      while (spec.canSend && !spec.canSend()) {
        if (!(await this.rt.sleep(MIN))) return;
      }
      const tf = this.faultFor(spec.url, faults);
      if (tf?.delayMs && !(await this.rt.sleep(tf.delayMs))) return;
      const at = this.rt.now();
      let status: number | undefined;
      let error: string | undefined;
      if (tf && rand.chance(tf.failRate ?? 1)) {
        if (typeof tf.failWith === 'number') status = tf.failWith;
        else error = 'simulated network error';
      } else {
        ({ status, error } = await this.rt.io((async () => this.post(spec.url, raw, await spec.headers(raw, at)))()));
      }
      if (this.rt.closed && status === undefined) return;
      const ok = status !== undefined && status >= 200 && status < 300;
      const willRetry = !ok && attempt < maxAttempts && base.retryable(status);
      this.rt.truth.recordAttempt({
        reportId: report.reportId,
        gateway: spec.gateway,
        phoneId: spec.phoneId,
        event: spec.event,
        url: spec.url,
        attempt,
        at,
        status,
        error,
        willRetry,
      });
      if (ok) {
        report.outcome = 'delivered';
        this.rt.truth.changed();
        return;
      }
      if (!willRetry) break;
      if (!(await this.rt.sleep(Math.min(base.delayMs(attempt), maxDelay)))) return;
    }
    report.outcome = 'gave-up';
    this.rt.truth.changed();
  }

  /** The fault for `url`: set at run time first, then the sender's fault config; longest prefix wins. */
  private faultFor(url: string, faults: FaultConfig): WebhookTargetFault | undefined {
    const longest = (entries: Iterable<[string, WebhookTargetFault]>) => {
      let best: [string, WebhookTargetFault] | undefined;
      for (const e of entries) if (url.startsWith(e[0]) && (!best || e[0].length > best[0].length)) best = e;
      return best?.[1];
    };
    return (
      longest(this.targetFaults) ??
      longest(faults.webhookTargetFaults.map((f) => [f.urlPrefix, f] as [string, WebhookTargetFault]))
    );
  }

  private async post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status?: number; error?: string }> {
    const signal = AbortSignal.any([this.rt.signal, AbortSignal.timeout(this.rt.timing.webhookTimeoutRealMs)]);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'fleet-sim', ...headers },
        body,
        signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      return {
        error:
          (err as Error).name === 'TimeoutError' ? 'timeout' : String((err as Error).cause ?? (err as Error).message),
      };
    }
  }
}
