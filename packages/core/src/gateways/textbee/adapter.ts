import { z } from 'zod';
import { SmsfleetError } from '../../errors/smsfleet-error';
import type { GatewayReport } from '../../schemas/events';
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
import { epochOf, scanListing } from '../handover-lookup';
import { GatewaySendError } from '../gateway-send-error';
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError, type GatewayAnswer, type GatewayHttp } from '../http';
import { classifyGatewayFailure, mapRawStatus } from '../mapping';
import type { TextbeeConnection } from './connection';
import { TEXTBEE_EVENTS, parseTextbeeWebhook } from './webhook';

const optStr = z.string().optional().nullable();
const SendData = z.looseObject({ smsBatchId: z.string().min(1), success: z.boolean().optional() });
const Sms = z.looseObject({
  _id: optStr,
  id: optStr,
  status: z.string().min(1),
  smsBatch: optStr,
  recipient: optStr,
  message: optStr,
  createdAt: optStr,
  updatedAt: optStr,
  sentAt: optStr,
  deliveredAt: optStr,
  failedAt: optStr,
  errorCode: z.union([z.string(), z.number()]).optional().nullable(),
  errorMessage: optStr,
});
type Sms = z.infer<typeof Sms>;
const Webhook = z.looseObject({
  _id: optStr,
  id: optStr,
  deliveryUrl: z.string(),
  events: z.array(z.string()).optional().nullable(),
  isActive: z.boolean().optional().nullable(),
});

/**
 * Adapter for textbee. Sends go to one device's path; the batch id textbee answers with (one recipient
 * per batch) is the gateway message id, and status reports carry it as `smsBatchId`. textbee takes no
 * client id and has no cancel.
 */
export class TextbeeAdapter implements GatewayAdapter {
  readonly kind = 'textbee' as const;
  /** A cloud server: accepting a message says nothing of the phone. */
  readonly answersFromPhone = false;
  private readonly http: GatewayHttp;

  constructor(
    private readonly conn: TextbeeConnection,
    deps: GatewayAdapterDeps = {},
  ) {
    this.http = gatewayHttp('textbee', deps.fetch, deps.timeoutMs);
  }

  private call(
    method: 'GET' | 'POST' | 'PATCH',
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

  async send(req: GatewaySendRequest, signal?: AbortSignal): Promise<GatewaySendResult> {
    if (!req.gatewayDeviceId) {
      throw new GatewaySendError(
        'textbee: the device has no textbee device id (gatewayDeviceId); textbee sends through one device',
        {
          gateway: 'textbee',
          problem: 'rejected',
          retryable: false,
          deviceProblem: true,
        },
      );
    }
    const a = await this.call(
      'POST',
      `api/v1/gateway/devices/${encodeURIComponent(req.gatewayDeviceId)}/send-sms`,
      {
        recipients: [req.to],
        message: req.body,
        simSubscriptionId: req.sim,
      },
      signal,
    );
    if (a.status < 200 || a.status >= 300)
      throw errorFromAnswer('textbee', a, { action: 'send', notFoundIsDevice: true });
    const d = SendData.safeParse((a.json as { data?: unknown } | undefined)?.data);
    if (!d.success) throw protocolError('textbee', 'send', a, 'expected {data: {smsBatchId}}');
    if (d.data.success === false) throw protocolError('textbee', 'send', a, 'data.success is false');
    return { gatewayMessageId: d.data.smsBatchId, status: 'pending', at: new Date().toISOString(), raw: a.json };
  }

  async fetchStatus(gatewayMessageId: string, ctx?: { gatewayDeviceId?: string }): Promise<GatewayStatusResult> {
    const device = ctx?.gatewayDeviceId;
    if (!device) {
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'textbee needs the device id to fetch a status', {
        field: 'ctx.gatewayDeviceId',
        reason: 'is required for textbee (its status path is per device)',
      });
    }
    const dev = encodeURIComponent(device);
    const id = encodeURIComponent(gatewayMessageId);
    let a = await this.call('GET', `api/v1/gateway/devices/${dev}/sms-batch/${id}`);
    if (a.status === 404) a = await this.call('GET', `api/v1/gateway/devices/${dev}/sms/${id}`);
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('textbee', a, { action: 'fetch status' });
    const sms = firstSms((a.json as { data?: unknown } | undefined)?.data);
    if (!sms)
      throw protocolError('textbee', 'fetch status', a, 'expected an SMS (or a batch holding one) with a status');
    return statusOf(sms);
  }

  /**
   * Reconcile by listing the device's sent messages (`search` = the recipient), newest first, and matching recipient
   * and text on a message created no earlier than the intent. textbee takes no client id, so the same text to the
   * same number inside that window cannot be told apart: the hub checks the id it finds is no other message's.
   */
  async findHandover(q: HandoverQuery): Promise<HandoverLookup> {
    if (!q.gatewayDeviceId)
      return { kind: 'unknowable', reason: 'textbee lists messages per device, and the device has no textbee id' };
    const dev = encodeURIComponent(q.gatewayDeviceId);
    const limit = 100;
    return scanListing(
      q,
      async (n) => {
        const qs = new URLSearchParams({ type: 'sent', page: String(n + 1), limit: String(limit), search: q.to });
        const a = await this.call('GET', `api/v1/gateway/devices/${dev}/messages?${qs}`);
        if (a.status < 200 || a.status >= 300)
          throw errorFromAnswer('textbee', a, { action: 'list messages', notFoundIsDevice: true });
        const j = a.json as { data?: unknown; meta?: { totalPages?: unknown } } | undefined;
        const list = z.array(Sms).safeParse(j?.data);
        if (!list.success) throw protocolError('textbee', 'list messages', a, 'expected {data: SMS[]}');
        const totalPages = typeof j?.meta?.totalPages === 'number' ? j.meta.totalPages : undefined;
        const items = list.data.map((s) => ({
          gatewayMessageId: s.smsBatch ?? s._id ?? s.id ?? '',
          createdAt: epochOf(s.createdAt),
          matches: s.recipient === q.to && s.message === q.body && !!(s.smsBatch ?? s._id ?? s.id),
          ...statusOf(s),
        }));
        return { items, last: totalPages !== undefined ? n + 1 >= totalPages : list.data.length < limit };
      },
      'textbee has no message to that number with that text since the hand-over',
    );
  }

  async cancel(): Promise<GatewayCancelResult> {
    return 'unsupported';
  }

  async registerWebhooks(url: string): Promise<void> {
    const list = await this.call('GET', 'api/v1/webhooks');
    if (list.status < 200 || list.status >= 300) throw errorFromAnswer('textbee', list, { action: 'list webhooks' });
    const hooks = z.array(Webhook).safeParse((list.json as { data?: unknown } | undefined)?.data);
    if (!hooks.success) throw protocolError('textbee', 'list webhooks', list, 'expected {data: Webhook[]}');
    const body = {
      deliveryUrl: url,
      events: [...TEXTBEE_EVENTS],
      signingSecret: this.conn.webhookSigningSecret,
      isActive: true,
    };
    const mine = hooks.data.find((h) => h.deliveryUrl === url);
    if (mine && mine.isActive !== false && TEXTBEE_EVENTS.every((e) => mine.events?.includes(e))) return;
    // textbee delivers each event to one subscription per account: take over an existing one rather than add a rival.
    const existing = mine ?? hooks.data[0];
    const hookId = existing?._id ?? existing?.id;
    const a = hookId
      ? await this.call('PATCH', `api/v1/webhooks/${encodeURIComponent(hookId)}`, body)
      : await this.call('POST', 'api/v1/webhooks', {
          deliveryUrl: url,
          events: [...TEXTBEE_EVENTS],
          signingSecret: this.conn.webhookSigningSecret,
        });
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('textbee', a, { action: 'register webhook' });
  }

  parseWebhook(req: GatewayWebhookRequest, now: Date): GatewayReport[] {
    return parseTextbeeWebhook(req, this.conn.webhookSigningSecret, now);
  }
}

/** The SMS in an answer: the object itself, or the first of a batch's list. */
function firstSms(data: unknown): Sms | undefined {
  const direct = Sms.safeParse(data);
  if (direct.success) return direct.data;
  if (data && typeof data === 'object') {
    for (const k of ['smsList', 'messages', 'sms', 'items']) {
      const list = (data as Record<string, unknown>)[k];
      if (Array.isArray(list) && list.length) {
        const r = Sms.safeParse(list[0]);
        if (r.success) return r.data;
      }
    }
  }
  return undefined;
}

function statusOf(s: Sms, now = new Date()): GatewayStatusResult {
  const status = mapRawStatus('textbee', s.status);
  const stamp =
    (status === 'delivered' && s.deliveredAt) ||
    (status === 'failed' && s.failedAt) ||
    (status === 'sent' && s.sentAt) ||
    s.updatedAt ||
    s.createdAt;
  const at = stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : now.toISOString();
  const out: GatewayStatusResult = { status, at };
  if (status === 'failed') {
    out.failure = classifyGatewayFailure(
      'textbee',
      s.errorCode === undefined || s.errorCode === null ? undefined : String(s.errorCode),
      s.errorMessage ?? undefined,
    );
  }
  return out;
}
