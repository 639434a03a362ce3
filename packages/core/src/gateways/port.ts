import type { GatewayKind } from '../schemas/common';
import type { GatewayReport } from '../schemas/events';
import type { MessageFailure, MessageStatus } from '../schemas/status';

/** One message for one phone and SIM, as the hub hands it to a gateway. */
export interface GatewaySendRequest {
  /** Our message id, passed where the gateway takes a client id, so a retry never sends twice. */
  clientId: string;
  /** Recipient, E.164. */
  to: string;
  /** Text to send. */
  body: string;
  /** The gateway's own id for the phone (textbee needs it; sms-gate cloud uses it to pick the phone). */
  gatewayDeviceId?: string;
  /** SIM slot, 1-based. */
  sim: number;
  /** The SIM's own number (httpSMS addresses the phone by it). */
  from?: string;
  /** Seconds the gateway may keep the message before giving up. */
  ttlSeconds?: number;
  /** Gateway priority (sms-gate: -128..127, >= 100 skips the phone's own limits). */
  priority?: number;
}

/** What a gateway answered to a send. */
export interface GatewaySendResult {
  /** The gateway's id for the message: the key of every later report and of `fetchStatus`. */
  gatewayMessageId: string;
  /** The early status the gateway reported (usually `pending`). */
  status: MessageStatus;
  /** When the gateway reported it (ISO 8601). */
  at: string;
  /** The gateway's answer, for logs. */
  raw?: unknown;
}

/** A message's current status as the gateway knows it. */
export interface GatewayStatusResult {
  status: MessageStatus;
  /** ISO 8601 time of the latest state. */
  at: string;
  failure?: MessageFailure;
  /** Parts the phone actually sent, when the gateway says. */
  segmentsTotal?: number;
}

/** An incoming webhook request, as the hub's HTTP layer received it. */
export interface GatewayWebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: signatures are over these bytes. */
  rawBody: Buffer;
  /** The full URL the request was sent to (httpSMS signs it as the JWT audience). */
  url: string;
}

/** A hand-over the hub may or may not have made: what reconciliation asks the gateway about. */
export interface HandoverQuery {
  /** The client id the send carried (sms-gate `id`, httpSMS `request_id`; ignored by gateways that take none). */
  clientId: string;
  /** Recipient, E.164. */
  to: string;
  /** Text that was sent. */
  body: string;
  /** The SIM's own number (httpSMS lists a thread by it). */
  from?: string;
  /** The gateway's own id for the phone. */
  gatewayDeviceId?: string;
  /** SIM slot, 1-based. */
  sim: number;
  /** When the hub recorded the intent, just before calling the gateway: the gateway cannot have it from earlier. */
  at: Date;
  /** Gateway ids of this message's other hand-overs, which must not be taken for this one. */
  excludeGatewayIds?: readonly string[];
}

/**
 * What the gateway said about a hand-over: it has it (`found`), it conclusively does not (`not_found`: a lookup by
 * our own id answered 404, or a listing that covers the intent's time holds no match), or it cannot tell
 * (`unknowable`: no way to ask, or an answer that is not conclusive).
 */
export type HandoverLookup =
  | { kind: 'found'; gatewayMessageId: string; status: MessageStatus; at: string }
  | { kind: 'not_found'; how: string }
  | { kind: 'unknowable'; reason: string };

/** Outcome of a cancel request. */
export type GatewayCancelResult = 'cancelled' | 'not_cancellable' | 'unsupported';

/**
 * The port through which the hub talks to phones. One adapter per gateway kind; the hub only ever uses
 * these five operations.
 */
export interface GatewayAdapter {
  readonly kind: GatewayKind;
  /**
   * True when the gateway's API runs on the phone itself (SMS Gateway for Android's local server): a send it
   * accepts is the phone answering. False for cloud servers, which accept messages for a phone that may be switched
   * off; only the phone's own reports (sent, delivered) or heartbeats show it is alive.
   */
  readonly answersFromPhone: boolean;
  /**
   * Hand one message to the gateway for one phone + SIM. Throws {@link GatewaySendError} when the gateway
   * refuses or cannot be reached. A client id the gateway already knows is not an error: the existing
   * message is returned.
   */
  send(req: GatewaySendRequest, signal?: AbortSignal): Promise<GatewaySendResult>;
  /** Current status, for polling when reports are lost. */
  fetchStatus(gatewayMessageId: string, ctx?: { gatewayDeviceId?: string }): Promise<GatewayStatusResult>;
  /** Ask the gateway to cancel a message that has not left the phone. */
  cancel(gatewayMessageId: string): Promise<GatewayCancelResult>;
  /**
   * Optional: ask the gateway whether it has the hand-over described by `q`, for a hub that crashed (or lost its
   * store) between calling {@link send} and recording the answer. Call it only once the original request can no
   * longer be in flight (after the adapter's timeout). Throws {@link GatewaySendError} when the gateway cannot be
   * reached (try again later). An adapter without it cannot tell: the hub treats that as `unknowable`.
   */
  findHandover?(q: HandoverQuery): Promise<HandoverLookup>;
  /** Register `url` for every event the hub consumes; idempotent (existing hooks are listed first). */
  registerWebhooks(url: string): Promise<void>;
  /**
   * Verify the signature (constant time, with the gateway's replay window where it has one) and parse the
   * body into normalised reports. Throws `SMSFLEET_ERR_SIGNATURE_INVALID` on a bad or old signature and
   * `SMSFLEET_ERR_VALIDATION` (naming the field) on a malformed body.
   */
  parseWebhook(req: GatewayWebhookRequest, now: Date): GatewayReport[];
}

/**
 * What a gateway's own API says about one message, in or out. Used to confirm webhooks whose signature proves who
 * sent them but not what they say (httpSMS: the JWT does not cover the body).
 */
export interface GatewayMessageFacts {
  gatewayMessageId: string;
  /** `outbound`: a text a phone sends; `inbound`: a text a phone received. */
  direction: 'outbound' | 'inbound';
  /** The gateway's status, mapped (`received` for inbound texts). */
  status: MessageStatus;
  /** Our phone's number (httpSMS `owner`). */
  owner?: string;
  /** The other party's number (httpSMS `contact`). */
  contact?: string;
  /** The text. */
  content?: string;
  /** Our client id, when the gateway echoes one (httpSMS `request_id`). */
  clientId?: string;
  /** URLs of an inbound MMS's attachments, as the gateway's API lists them (httpSMS `attachments`). */
  attachments?: string[];
}

/** A webhook credential that does not cover the body (httpSMS's JWT): its digest and when it stops being valid. */
export interface BodyUnboundCredential {
  /** SHA-256 of the credential, hex: the credential itself is never stored. */
  digest: string;
  /** When the gateway's token stops being accepted (its `exp` plus the clock skew allowed). */
  expiresAt: Date;
}

/**
 * The optional operations of gateways whose webhook signatures do not cover what the webhook says (httpSMS): the hub
 * confirms each of their reports with the gateway's API before applying it, and refuses a credential reused later
 * with another body.
 */
export interface WebhookConfirmation {
  /** The message a report names, as the gateway's API has it; undefined when the gateway does not know it (404). */
  confirmationFacts(gatewayMessageId: string, signal?: AbortSignal): Promise<GatewayMessageFacts | undefined>;
  /** The credential of a webhook request `parseWebhook` already verified; undefined when it has none. */
  bodyUnboundCredential(req: GatewayWebhookRequest): BodyUnboundCredential | undefined;
}

/** Whether `a` needs its reports confirmed (see {@link WebhookConfirmation}). */
export function needsConfirmation(a: GatewayAdapter): a is GatewayAdapter & WebhookConfirmation {
  const c = a as Partial<WebhookConfirmation>;
  return typeof c.confirmationFacts === 'function' && typeof c.bodyUnboundCredential === 'function';
}

/** Dependencies an adapter may be given (tests pass their own fetch). */
export interface GatewayAdapterDeps {
  fetch?: typeof fetch;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/** An adapter that can download an inbound MMS attachment the gateway serves (httpSMS). */
export interface MediaFetcher {
  /**
   * The bytes at `url`, at most `maxBytes`. Only URLs on the gateway's own origin are fetched (its credentials go with
   * the request); any other is refused. Throws {@link GatewaySendError} when the gateway cannot be asked.
   */
  fetchAttachment(url: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** Whether `a` can download attachments (see {@link MediaFetcher}). */
export function canFetchMedia(a: GatewayAdapter): a is GatewayAdapter & MediaFetcher {
  return typeof (a as Partial<MediaFetcher>).fetchAttachment === 'function';
}
