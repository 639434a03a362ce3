/**
 * Public types of the fleet simulator. The simulator is an independent implementation of the gateway
 * protocols: nothing here is imported from `@smsfleet/core`.
 */
import type { SimAttachment } from './truth';

/** The gateway app a simulated phone runs. `sms-gate-local` is sms-gate in local-server mode. */
export type PhoneGateway = 'sms-gate' | 'sms-gate-local' | 'httpsms' | 'textbee' | 'mysmsgate';

/** A gateway kind that has one "cloud" server per fleet. */
export type CloudGateway = 'sms-gate' | 'httpsms' | 'textbee' | 'mysmsgate';

/** Time, as the simulator sees it. Compatible with core's `Clock` (the optional signal is passed through). */
export interface SimClock {
  /** Epoch milliseconds of simulated time. */
  now(): number;
  /** Resolve after `ms` of simulated time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Optional: told about real I/O in flight, so a clock that tests move by hand waits for it (see VirtualSimClock). */
  hold?<T>(work: Promise<T>): Promise<T>;
}

/** A failure the phone reports: the code and reason the gateway app puts on the wire. */
export interface FailureSpec {
  /** Android result name, e.g. `RESULT_NETWORK_REJECT`. */
  code: string;
  /** Human readable reason. */
  reason: string;
}

/** Per-gateway webhook retry override (defaults follow each real gateway; see README). */
export interface WebhookRetryConfig {
  /** Total attempts including the first. */
  maxAttempts?: number;
  /** Upper bound of any single retry delay, sim ms (keeps day-long backoffs out of tests). */
  maxDelayMs?: number;
}

/** Faults, all drawn from the fleet's seeded PRNG. Rates are probabilities in [0, 1]. */
export interface FaultConfig {
  /** Recipients that fail permanently: exact numbers. */
  invalidNumbers: string[];
  /** Recipients that fail permanently: number prefixes (e.g. `+1555000`). */
  invalidPrefixes: string[];
  /** Failure reported for invalid numbers. Default `RESULT_NETWORK_REJECT`. */
  permanentFailure: FailureSpec;
  /** Probability that a send fails with a temporary error. */
  temporaryFailureRate: number;
  /** Failure reported for temporary failures. Default `RESULT_ERROR_NO_SERVICE`. */
  temporaryFailure: FailureSpec;
  /** Probability that a sent message never gets a delivery report (truth final state stays `sent`). */
  stuckRate: number;
  /** Probability that each status report is sent twice (second copy with a new event id). */
  duplicateRate: number;
  /** Probability that a message's `sent` report is held back and sent after its `delivered` report(s). */
  reorderRate: number;
  /** Probability that each status report is never sent (truth and GET still tell the real state). */
  lostRate: number;
  /** Pending messages per phone before the gateway answers 503 (queue limit). Default 10 000. */
  queueLimit: number;
  /** Per gateway override of webhook retry behaviour. */
  webhookRetry: Partial<Record<CloudGateway, WebhookRetryConfig>>;
  /** Simulated bad network towards webhook URLs (same as `Fleet.setWebhookTargetFault`, set up front). */
  webhookTargetFaults: Array<WebhookTargetFault & { urlPrefix: string }>;
  /** Scripted outages, sim ms from fleet start (e.g. `[{ atMs: 60_000, durationMs: 600_000, mode: 'offline' }]`). */
  outages: OutageSpec[];
  /** Random outages (seeded): none when null. */
  randomOutages: RandomOutages | null;
}

/** One scripted outage of a phone. */
export interface OutageSpec {
  /** Start, sim ms after the fleet started. */
  atMs: number;
  durationMs: number;
  /** `offline`: no network; `dozing`: Android doze (picks up once per doze window). */
  mode: 'offline' | 'dozing';
}

/** Seeded random outages: exponential gaps with mean `meanIntervalMs`, durations uniform in `durationMs`. */
export interface RandomOutages {
  meanIntervalMs: number;
  durationMs: [number, number];
  mode: 'offline' | 'dozing';
}

/** Timing of a phone's life, in sim ms. Each delay is drawn uniformly from [min, max]. */
export interface TimingConfig {
  /** Cloud -> phone push / poll latency when online and awake. */
  pickupMs: [number, number];
  /** Radio time per part. */
  partSendMs: [number, number];
  /** Pause between two messages on one phone. */
  interMessageMs: [number, number];
  /** Part sent -> its delivery report. */
  deliveryMs: [number, number];
  /** A dozing phone wakes up this often (default 15 min). */
  dozeWindowMs: number;
  /** sms-gate `system:ping` period while awake and online (0 = off). Default 15 min. */
  pingIntervalMs: number;
  /** httpSMS: a message not sent this long after it was due expires. Default 10 min. */
  httpSmsExpiryMs: number;
  /** Webhook request timeout, REAL ms (not sim). Default 5000. */
  webhookTimeoutRealMs: number;
}

/** One SIM of a phone. */
export interface SimSpec {
  /** The SIM's number, E.164. */
  number: string;
  /** Android's SmsUsageMonitor budget: segments per sliding 60 s of sim time. Default 30. */
  segmentsPerMinute?: number;
}

/** A simulated phone. */
export interface PhoneSpec {
  /** Also the gateway's device id. */
  id: string;
  gateway: PhoneGateway;
  /** 1 or 2 SIMs. */
  sims: SimSpec[];
  /** Per phone fault overrides. */
  faults?: Partial<FaultConfig>;
  /** sms-gate: the webhook signing key set in the app (default: derived from the seed). */
  signingKey?: string;
  /** httpSMS: the phone's "messages per minute" throttle (default 10). Ignored by other gateways. */
  messagesPerMinute?: number;
  /** Starts offline (default false). */
  offline?: boolean;
}

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** All randomness (faults, ids, delays, credentials) comes from this seed. Default 1. */
  seed?: number;
  /** Default real time. A scaled clock (e.g. core's `scaledClock(60)`) makes 1 sim minute pass per second. */
  clock?: SimClock;
  phones: PhoneSpec[];
  /** Fleet-wide fault defaults. */
  faults?: Partial<FaultConfig>;
  /** Timing overrides. */
  timing?: Partial<TimingConfig>;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
}

/** Credentials of a gateway server. Which fields are set depends on the gateway (see README). */
export interface GatewayCredentials {
  /** sms-gate Basic auth. */
  username?: string;
  /** sms-gate Basic auth. */
  password?: string;
  /** httpSMS `x-api-key`, textbee `x-api-key`, MySMSGate `X-API-KEY` / Bearer. */
  apiKey?: string;
  /** MySMSGate: the account's webhook signing secret. */
  webhookSecret?: string;
}

/** One cloud gateway server. */
export interface GatewayEndpoint {
  /** e.g. `http://127.0.0.1:43121` (paths such as `/3rdparty/v1/messages` hang off it). */
  baseUrl: string;
  credentials: GatewayCredentials;
}

/** A simulated phone, as tests drive it. */
export interface SimPhone {
  readonly id: string;
  readonly gateway: PhoneGateway;
  /** The server the phone is reached through (local-server mode: the phone's own server). */
  readonly baseUrl: string;
  readonly credentials: GatewayCredentials;
  /** sms-gate: the phone's signing key; MySMSGate: the account secret; httpSMS/textbee: undefined (set per webhook). */
  readonly webhookSecret: string | undefined;
  readonly sims: ReadonlyArray<{ slot: number; number: string; segmentsPerMinute: number }>;
  /** Whether the phone is online. */
  isOnline(): boolean;
  /** Offline: stops picking up messages (local server: stops answering HTTP); httpSMS: heartbeat events. */
  setOnline(online: boolean): void;
  /** Dozing: picks up only once per doze window (~15 sim minutes). */
  setDozing(dozing: boolean): void;
  /**
   * Fault: the heartbeat stops (`false`) or resumes while the phone stays online: sms-gate pings stop; httpSMS's
   * server reports `phone.heartbeat.offline` (and `.online` when it resumes).
   */
  setHeartbeat(beating: boolean): void;
  /** What the phone's next heartbeats report (sms-gate `system:ping` health checks). */
  setBattery(level: number, charging?: boolean): void;
  /** The phone receives an SMS on `sim` (1-based, default 1): fires the gateway's inbound webhook. */
  receiveSms(from: string, body: string, sim?: number): string;
  /**
   * The phone receives an MMS (text and parts) on `sim`: sms-gate reports `mms:received` and `mms:downloaded` (parts
   * base64), httpSMS `message.phone.received` with the parts' URLs on its server. Other gateways cannot: throws.
   */
  receiveMms(from: string, body: string, attachments: SimAttachment[], sim?: number): string;
}

/** A simulated network fault between phones/servers and webhook targets (matched by URL prefix). */
export interface WebhookTargetFault {
  /** Probability an attempt fails (default 1 when set). */
  failRate?: number;
  /** What a failing attempt looks like: an HTTP status, or a network error. Default 'network'. */
  failWith?: number | 'network';
  /** Extra sim delay before each attempt. */
  delayMs?: number;
}
