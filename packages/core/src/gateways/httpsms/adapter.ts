import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { GatewayReport } from '../../schemas/events';
import type {
  BodyUnboundCredential,
  GatewayAdapter,
  GatewayAdapterDeps,
  GatewayCancelResult,
  GatewayMessageFacts,
  GatewaySendRequest,
  GatewaySendResult,
  GatewayStatusResult,
  GatewayWebhookRequest,
  HandoverLookup,
  HandoverQuery,
  MediaFetcher,
  WebhookConfirmation,
} from '../port';
import { fetchHttpSmsAttachment } from './attachments';
import { epochOf, scanListing } from '../handover-lookup';
import { GatewaySendError } from '../gateway-send-error';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError, type GatewayAnswer, type GatewayHttp } from '../http';
import { expiredFailure, failureFromText, mapRawStatus } from '../mapping';
import type { HttpSmsConnection } from './connection';
import { HTTPSMS_CLOCK_SKEW_S, HTTPSMS_EVENTS, parseHttpSmsEvent, verifyHttpSmsJwt } from './webhook';
import { headerValue } from '../webhook-util';

const optStr = z.string().optional().nullable();
const Message = z.looseObject({
  id: z.string().min(1),
  request_id: optStr,
  owner: optStr,
  contact: optStr,
  content: optStr,
  type: optStr,
  status: z.string().min(1),
  sim: optStr,
  created_at: optStr,
  updated_at: optStr,
  sent_at: optStr,
  delivered_at: optStr,
  failed_at: optStr,
  expired_at: optStr,
  failure_reason: optStr,
  attachments: z.array(z.string()).optional().nullable(),
});
type Message = z.infer<typeof Message>;
const Envelope = z.looseObject({ data: z.unknown() });
const Webhook = z.looseObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).optional().nullable(),
  phone_numbers: z.array(z.string()).optional().nullable(),
});

/**
 * Adapter for httpSMS. The phone is addressed by its SIM's number (`from`); our message id travels as
 * `request_id` and comes back on every event. httpSMS has no cancel.
 */
export class HttpSmsAdapter implements GatewayAdapter, WebhookConfirmation, MediaFetcher {
  readonly kind = 'httpsms' as const;
  /** A cloud server: accepting a message says nothing of the phone. */
  readonly answersFromPhone = false;
  private readonly http: GatewayHttp;

  constructor(
    private readonly conn: HttpSmsConnection,
    deps: GatewayAdapterDeps = {},
  ) {
    this.http = gatewayHttp('httpsms', deps.fetch, deps.timeoutMs);
    this.fetchImpl = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
  }

  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  /** An attachment of an MMS the phone received, from httpSMS's own origin only (attachments.ts). */
  fetchAttachment(url: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string }> {
    return fetchHttpSmsAttachment(this.conn, this.fetchImpl, this.timeoutMs, url, maxBytes);
  }

  private call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<GatewayAnswer> {
    return this.http.call({
      method,
      url: joinUrl(this.conn.baseUrl, path),
      headers: { 'x-api-key': this.conn.apiKey },
      body,
      signal,
    });
  }

  private readMessage(a: GatewayAnswer, action: string): Message {
    const env = Envelope.safeParse(a.json);
    const m = Message.safeParse(env.success ? env.data.data : undefined);
    if (!m.success) throw protocolError('httpsms', action, a, 'expected {data: Message} with id and status');
    return m.data;
  }

  async send(req: GatewaySendRequest, signal?: AbortSignal): Promise<GatewaySendResult> {
    if (!req.from) {
      throw new GatewaySendError(
        'httpsms: the SIM has no phone number; httpSMS addresses the phone by it (set the SIM number)',
        {
          gateway: 'httpsms',
          problem: 'rejected',
          retryable: false,
          deviceProblem: true,
        },
      );
    }
    const a = await this.call(
      'POST',
      'v1/messages/send',
      {
        from: req.from,
        to: req.to,
        content: req.body,
        encrypted: false,
        request_id: req.clientId,
      },
      signal,
    );
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'send' });
    const m = this.readMessage(a, 'send');
    const s = this.statusOf(m);
    return { gatewayMessageId: m.id, status: s.status, at: s.at, raw: a.json };
  }

  private statusOf(m: Message, now = new Date()): GatewayStatusResult {
    const status = mapRawStatus('httpsms', m.status);
    const stamp =
      (status === 'delivered' && m.delivered_at) ||
      (status === 'failed' && m.failed_at) ||
      (status === 'expired' && m.expired_at) ||
      (status === 'sent' && m.sent_at) ||
      m.updated_at ||
      m.created_at;
    const at = stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : now.toISOString();
    const out: GatewayStatusResult = { status, at };
    if (status === 'failed') out.failure = failureFromText('httpsms', m.failure_reason ?? undefined);
    if (status === 'expired') out.failure = expiredFailure('httpsms', m.failure_reason ?? undefined);
    return out;
  }

  async fetchStatus(gatewayMessageId: string): Promise<GatewayStatusResult> {
    const a = await this.call('GET', `v1/messages/${encodeURIComponent(gatewayMessageId)}`);
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'fetch status' });
    return this.statusOf(this.readMessage(a, 'fetch status'));
  }

  /**
   * `GET /v1/messages/{id}`: what httpSMS itself says of the message a webhook names. Its webhooks are notifications
   * (the JWT does not cover the body), so the hub applies one only once this agrees with it.
   */
  async confirmationFacts(gatewayMessageId: string, signal?: AbortSignal): Promise<GatewayMessageFacts | undefined> {
    const a = await this.call('GET', `v1/messages/${encodeURIComponent(gatewayMessageId)}`, undefined, signal);
    if (a.status === 404) return undefined;
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'confirm a webhook' });
    const m = this.readMessage(a, 'confirm a webhook');
    const inbound = m.type === 'mobile-originated' || m.status.toLowerCase() === 'received';
    return {
      gatewayMessageId: m.id,
      direction: inbound ? 'inbound' : 'outbound',
      status: inbound ? 'received' : mapRawStatus('httpsms', m.status),
      ...(m.owner ? { owner: m.owner } : {}),
      ...(m.contact ? { contact: m.contact } : {}),
      ...(typeof m.content === 'string' ? { content: m.content } : {}),
      ...(m.request_id ? { clientId: m.request_id } : {}),
      ...(inbound && m.attachments?.length ? { attachments: m.attachments } : {}),
    };
  }

  /**
   * The webhook's Bearer JWT (already verified): its digest and expiry, so a later reuse with another body is refused.
   */
  bodyUnboundCredential(req: GatewayWebhookRequest): BodyUnboundCredential | undefined {
    const token = /^Bearer\s+(\S+)$/.exec(headerValue(req.headers, 'authorization')?.trim() ?? '')?.[1];
    if (!token) return undefined;
    let exp: unknown;
    try {
      exp = decodeJwt(token).exp;
    } catch {
      return undefined;
    }
    if (typeof exp !== 'number') return undefined;
    return {
      digest: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date((exp + HTTPSMS_CLOCK_SKEW_S) * 1000),
    };
  }

  /**
   * Reconcile by listing the thread (`owner` = our SIM, `contact` = the recipient), newest first, and matching our
   * `request_id` on a `mobile-terminated` message. httpSMS ids are its own UUIDs, so this is the only way back.
   */
  async findHandover(q: HandoverQuery): Promise<HandoverLookup> {
    if (!q.from)
      return { kind: 'unknowable', reason: "httpsms lists messages by the SIM's number, and the SIM has none" };
    const limit = 20;
    return scanListing(
      q,
      async (n) => {
        const qs = new URLSearchParams({
          owner: q.from!,
          contact: q.to,
          skip: String(n * limit),
          limit: String(limit),
        });
        const a = await this.call('GET', `v1/messages?${qs}`);
        if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'list messages' });
        const env = Envelope.safeParse(a.json);
        const list = z.array(Message).safeParse(env.success ? env.data.data : undefined);
        if (!list.success) throw protocolError('httpsms', 'list messages', a, 'expected {data: Message[]}');
        const items = list.data.map((m) => ({
          gatewayMessageId: m.id,
          createdAt: epochOf(m.created_at),
          matches: m.request_id === q.clientId && m.type === 'mobile-terminated',
          ...this.statusOf(m),
        }));
        return { items, last: list.data.length < limit };
      },
      'httpsms has no message with our request_id in the thread',
    );
  }

  async cancel(): Promise<GatewayCancelResult> {
    return 'unsupported';
  }

  async registerWebhooks(url: string): Promise<void> {
    const list = await this.call('GET', 'v1/webhooks?skip=0&limit=100');
    if (list.status < 200 || list.status >= 300) throw errorFromAnswer('httpsms', list, { action: 'list webhooks' });
    const env = Envelope.safeParse(list.json);
    const hooks = z.array(Webhook).safeParse(env.success ? env.data.data : undefined);
    if (!hooks.success) throw protocolError('httpsms', 'list webhooks', list, 'expected {data: Webhook[]}');
    const body = {
      url,
      signing_key: this.conn.webhookSigningKey,
      events: [...HTTPSMS_EVENTS],
      phone_numbers: this.conn.webhookPhoneNumbers,
    };
    const existing = hooks.data.find((h) => h.url === url);
    if (existing) {
      const events = new Set(existing.events ?? []);
      const phones = new Set(existing.phone_numbers ?? []);
      if (HTTPSMS_EVENTS.every((e) => events.has(e)) && this.conn.webhookPhoneNumbers.every((p) => phones.has(p)))
        return;
      const a = await this.call('PUT', `v1/webhooks/${encodeURIComponent(existing.id)}`, {
        ...body,
        events: [...new Set([...events, ...HTTPSMS_EVENTS])],
        phone_numbers: [...new Set([...phones, ...this.conn.webhookPhoneNumbers])],
      });
      if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'update webhook' });
      return;
    }
    const a = await this.call('POST', 'v1/webhooks', body);
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('httpsms', a, { action: 'register webhook' });
  }

  parseWebhook(req: GatewayWebhookRequest, now: Date): GatewayReport[] {
    const audiences = [this.conn.webhookUrl ?? req.url];
    verifyHttpSmsJwt(req, { signingKey: this.conn.webhookSigningKey, audiences, issuer: this.conn.issuer }, now);
    return parseHttpSmsEvent(req.rawBody, now);
  }
}
