import { z } from 'zod';
import type { GatewayReport } from '../../schemas/events';
import type { MessageStatus } from '../../schemas/status';
import type {
  GatewayAdapter,
  GatewayAdapterDeps,
  GatewayCancelResult,
  GatewaySendRequest,
  GatewaySendResult,
  GatewayStatusResult,
  GatewayWebhookRequest,
  HandoverLookup,
  HandoverQuery,
} from '../port';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError, type GatewayAnswer, type GatewayHttp } from '../http';
import { failureFromText, mapRawStatus } from '../mapping';
import { SMS_GATE_CLOUD_URL, type SmsGateConnection } from './connection';
import { SMS_GATE_EVENTS, parseSmsGateWebhook } from './webhook';

const MessageState = z.looseObject({
  id: z.string().min(1),
  deviceId: z.string().optional().nullable(),
  state: z.string().min(1),
  recipients: z
    .array(
      z.looseObject({
        phoneNumber: z.string(),
        state: z.string(),
        error: z.string().optional().nullable(),
      }),
    )
    .optional()
    .nullable(),
  states: z.record(z.string(), z.string()).optional().nullable(),
  partsCount: z.number().int().min(1).optional().nullable(),
});
type MessageState = z.infer<typeof MessageState>;

const Webhook = z.looseObject({
  id: z.string().optional(),
  url: z.string(),
  event: z.string(),
  deviceId: z.string().optional().nullable(),
});

/** sms-gate client ids are at most 36 characters. */
const MAX_CLIENT_ID = 36;

/** Our client id as sent on the wire (its last 36 characters). */
function wireId(clientId: string): string {
  return clientId.length <= MAX_CLIENT_ID ? clientId : clientId.slice(-MAX_CLIENT_ID);
}

/**
 * Adapter for SMS Gateway for Android (capcom6): cloud, private server, or the local server on the phone.
 * Sends with our message id as the client `id`, so a retried send finds the first message (409) instead of
 * texting twice.
 */
export class SmsGateAdapter implements GatewayAdapter {
  readonly kind = 'sms-gate' as const;
  /** Local-server mode: the phone itself answers; cloud mode: the cloud server does, for a phone that may be off. */
  get answersFromPhone(): boolean {
    return this.conn.mode === 'local';
  }
  private readonly http: GatewayHttp;
  private readonly base: string;

  constructor(
    private readonly conn: SmsGateConnection,
    deps: GatewayAdapterDeps = {},
  ) {
    this.http = gatewayHttp('sms-gate', deps.fetch, deps.timeoutMs);
    this.base = conn.baseUrl ?? SMS_GATE_CLOUD_URL;
  }

  private get auth(): string {
    const a = this.conn.auth;
    return a.type === 'basic'
      ? `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`
      : `Bearer ${a.token}`;
  }

  private call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<GatewayAnswer> {
    return this.http.call({
      method,
      url: joinUrl(this.base, path),
      headers: { authorization: this.auth },
      body,
      signal,
    });
  }

  private fail(a: GatewayAnswer, action: string) {
    return errorFromAnswer('sms-gate', a, { action, gatewayIsPhone: this.conn.mode === 'local' });
  }

  private readState(a: GatewayAnswer, action: string): MessageState {
    const r = MessageState.safeParse(a.json);
    if (!r.success) throw protocolError('sms-gate', action, a, 'expected a message state with id and state');
    return r.data;
  }

  async send(req: GatewaySendRequest, signal?: AbortSignal): Promise<GatewaySendResult> {
    const clientId = wireId(req.clientId);
    const body = {
      id: clientId,
      textMessage: { text: req.body },
      phoneNumbers: [req.to],
      simNumber: req.sim,
      withDeliveryReport: true,
      ...(req.gatewayDeviceId && this.conn.mode !== 'local' ? { deviceId: req.gatewayDeviceId } : {}),
      ...(req.ttlSeconds !== undefined ? { ttl: req.ttlSeconds } : {}),
      ...(req.priority !== undefined ? { priority: Math.max(-128, Math.min(127, Math.trunc(req.priority))) } : {}),
    };
    let a = await this.call('POST', 'messages', body, signal);
    if (a.status === 409) {
      // Our id is already known: this is a retry of a send that reached the gateway. Return that message.
      a = await this.call('GET', `messages/${encodeURIComponent(clientId)}`, undefined, signal);
    }
    if (a.status < 200 || a.status >= 300) throw this.fail(a, 'send');
    const m = this.readState(a, 'send');
    const s = this.statusOf(m);
    return { gatewayMessageId: m.id, status: s.status, at: s.at, raw: a.json };
  }

  private statusOf(m: MessageState, now = new Date()): GatewayStatusResult {
    const rec = m.recipients?.[0];
    const raw = rec?.state ?? m.state;
    const status: MessageStatus = mapRawStatus('sms-gate', raw);
    const stamp = m.states?.[raw] ?? m.states?.[m.state];
    const at = stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : now.toISOString();
    const out: GatewayStatusResult = { status, at };
    if (status === 'failed') out.failure = failureFromText('sms-gate', rec?.error ?? undefined);
    if (m.partsCount) out.segmentsTotal = m.partsCount;
    return out;
  }

  async fetchStatus(gatewayMessageId: string): Promise<GatewayStatusResult> {
    const a = await this.call('GET', `messages/${encodeURIComponent(gatewayMessageId)}`);
    if (a.status < 200 || a.status >= 300) throw this.fail(a, 'fetch status');
    return this.statusOf(this.readState(a, 'fetch status'));
  }

  /**
   * Reconcile by our own id: `GET /messages/{id}` (scoped to the account, or the phone itself). 404 is conclusive:
   * the id is unique per device and the original request is over. 400 ("multiple messages found", a send that
   * lacked `deviceId`) cannot tell which one.
   */
  async findHandover(q: HandoverQuery): Promise<HandoverLookup> {
    const a = await this.call('GET', `messages/${encodeURIComponent(wireId(q.clientId))}`);
    if (a.status === 404) return { kind: 'not_found', how: 'sms-gate has no message with our id' };
    if (a.status === 400) return { kind: 'unknowable', reason: 'sms-gate holds more than one message with our id' };
    if (a.status < 200 || a.status >= 300) throw this.fail(a, 'look up a hand-over');
    const m = this.readState(a, 'look up a hand-over');
    if (q.gatewayDeviceId && m.deviceId && m.deviceId !== q.gatewayDeviceId) {
      return { kind: 'unknowable', reason: `sms-gate has our id on device ${m.deviceId}, not ${q.gatewayDeviceId}` };
    }
    const s = this.statusOf(m);
    return { kind: 'found', gatewayMessageId: m.id, status: s.status, at: s.at };
  }

  async cancel(gatewayMessageId: string): Promise<GatewayCancelResult> {
    const a = await this.call('DELETE', `messages/${encodeURIComponent(gatewayMessageId)}`);
    if (a.status >= 200 && a.status < 300) return 'cancelled';
    if (a.status === 409) return 'not_cancellable';
    if (a.status === 405 || a.status === 501) return 'unsupported';
    throw this.fail(a, 'cancel');
  }

  async registerWebhooks(url: string): Promise<void> {
    const list = await this.call('GET', 'webhooks');
    if (list.status < 200 || list.status >= 300) throw this.fail(list, 'list webhooks');
    const hooks = z.array(Webhook).safeParse(list.json);
    if (!hooks.success) throw protocolError('sms-gate', 'list webhooks', list, 'expected an array of webhooks');
    const want = this.conn.webhookDeviceId ?? null;
    const ours = hooks.data.filter((h) => h.url === url);
    // A hook of ours for another device filter (an older registration for every device) would bring other phones'
    // reports to this connection's ingress, where their signatures fail: replace it.
    for (const h of ours.filter((x) => (x.deviceId ?? null) !== want && x.id)) {
      const d = await this.call('DELETE', `webhooks/${encodeURIComponent(h.id!)}`);
      if ((d.status < 200 || d.status >= 300) && d.status !== 404) throw this.fail(d, 'delete webhook');
    }
    const have = new Set(ours.filter((h) => (h.deviceId ?? null) === want).map((h) => h.event));
    for (const event of SMS_GATE_EVENTS) {
      if (have.has(event)) continue;
      const a = await this.call('POST', 'webhooks', {
        url,
        event,
        ...(this.conn.webhookDeviceId ? { deviceId: this.conn.webhookDeviceId } : {}),
      });
      if (a.status < 200 || a.status >= 300) throw this.fail(a, `register webhook ${event}`);
    }
  }

  parseWebhook(req: GatewayWebhookRequest, now: Date): GatewayReport[] {
    return parseSmsGateWebhook(req, this.conn.webhookSigningKey, now);
  }
}
