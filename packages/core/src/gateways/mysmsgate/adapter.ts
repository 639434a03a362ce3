import { z } from 'zod';
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
import { errorFromAnswer, gatewayHttp, joinUrl, protocolError, type GatewayAnswer, type GatewayHttp } from '../http';
import { failureFromText, mapRawStatus } from '../mapping';
import type { MySmsGateConnection } from './connection';
import { parseMySmsGateWebhook } from './webhook';

const optStr = z.string().optional().nullable();
const id = z.union([z.string().min(1), z.number()]).transform(String);
const SendAnswer = z.looseObject({
  id: id.optional(),
  message_id: id.optional(),
  status: optStr,
  success: z.boolean().optional(),
});
const Message = z.looseObject({
  id,
  status: z.string().min(1),
  parts: z.number().int().min(1).optional().nullable(),
  fail_reason: optStr,
  created_at: optStr,
  sent_at: optStr,
  delivered_at: optStr,
  failed_at: optStr,
});
const HistoryItem = z.looseObject({
  id,
  phone_to: optStr,
  message: optStr,
  status: z.string().min(1),
  created_at: optStr,
  device_id: z.union([z.string(), z.number()]).transform(String).optional().nullable(),
});
const Hook = z.looseObject({ id: id.optional(), url: z.string() });

/**
 * Adapter for MySMSGate: `POST /api/v1/send {to, message, device_id, slot}` (slot 0 = SIM 1). MySMSGate takes
 * no client id and has no cancel.
 */
export class MySmsGateAdapter implements GatewayAdapter {
  readonly kind = 'mysmsgate' as const;
  /** A cloud server: accepting a message says nothing of the phone. */
  readonly answersFromPhone = false;
  private readonly http: GatewayHttp;

  constructor(
    private readonly conn: MySmsGateConnection,
    deps: GatewayAdapterDeps = {},
  ) {
    this.http = gatewayHttp('mysmsgate', deps.fetch, deps.timeoutMs);
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<GatewayAnswer> {
    const headers: Record<string, string> =
      this.conn.authHeader === 'bearer'
        ? { authorization: `Bearer ${this.conn.apiKey}` }
        : { 'x-api-key': this.conn.apiKey };
    return this.http.call({ method, url: joinUrl(this.conn.baseUrl, path), headers, body, signal });
  }

  async send(req: GatewaySendRequest, signal?: AbortSignal): Promise<GatewaySendResult> {
    const a = await this.call(
      'POST',
      'api/v1/send',
      {
        to: req.to,
        message: req.body,
        slot: req.sim - 1,
        ...(req.gatewayDeviceId ? { device_id: req.gatewayDeviceId } : {}),
      },
      signal,
    );
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('mysmsgate', a, { action: 'send' });
    const r = SendAnswer.safeParse(a.json);
    const gid = r.success ? (r.data.id ?? r.data.message_id) : undefined;
    if (!r.success || !gid || r.data.success === false)
      throw protocolError('mysmsgate', 'send', a, 'expected {success: true, id}');
    return {
      gatewayMessageId: gid,
      status: r.data.status ? mapRawStatus('mysmsgate', r.data.status) : 'pending',
      at: new Date().toISOString(),
      raw: a.json,
    };
  }

  async fetchStatus(gatewayMessageId: string): Promise<GatewayStatusResult> {
    const a = await this.call('GET', `api/v1/messages/${encodeURIComponent(gatewayMessageId)}`);
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('mysmsgate', a, { action: 'fetch status' });
    const j = a.json as { message?: unknown } | undefined;
    const m = Message.safeParse(j?.message ?? j);
    if (!m.success) throw protocolError('mysmsgate', 'fetch status', a, 'expected {message: {id, status}}');
    const status = mapRawStatus('mysmsgate', m.data.status);
    const stamp =
      (status === 'delivered' && m.data.delivered_at) ||
      (status === 'failed' && m.data.failed_at) ||
      (status === 'sent' && m.data.sent_at) ||
      m.data.created_at;
    const out: GatewayStatusResult = {
      status,
      at: stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : new Date().toISOString(),
    };
    if (status === 'failed') out.failure = failureFromText('mysmsgate', m.data.fail_reason ?? undefined);
    if (m.data.parts) out.segmentsTotal = m.data.parts;
    return out;
  }

  /**
   * Reconcile through the outbound history (`GET /api/v1/history?direction=out&limit=200`, newest first), matching
   * recipient (and text and device, when the history shows them) on a message created no earlier than the intent.
   * MySMSGate publishes no API docs: a server without this listing (404) cannot tell.
   */
  async findHandover(q: HandoverQuery): Promise<HandoverLookup> {
    const limit = 200;
    const a = await this.call('GET', `api/v1/history?direction=out&limit=${limit}`);
    if (a.status === 404 || a.status === 405)
      return {
        kind: 'unknowable',
        reason: 'mysmsgate: this server offers no message history to look the hand-over up in',
      };
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('mysmsgate', a, { action: 'list history' });
    const list = z.array(HistoryItem).safeParse((a.json as { history?: unknown } | undefined)?.history);
    if (!list.success) throw protocolError('mysmsgate', 'list history', a, 'expected {history: [...]}');
    const items = list.data.map((h) => ({
      gatewayMessageId: h.id,
      createdAt: epochOf(h.created_at),
      status: mapRawStatus('mysmsgate', h.status),
      at:
        h.created_at && !Number.isNaN(Date.parse(h.created_at))
          ? new Date(h.created_at).toISOString()
          : new Date().toISOString(),
      matches:
        h.phone_to === q.to &&
        (h.message == null || h.message === q.body) &&
        (h.device_id == null || !q.gatewayDeviceId || h.device_id === q.gatewayDeviceId),
    }));
    const r = await scanListing(
      q,
      async (n) => (n === 0 ? { items, last: list.data.length < limit } : { items: [], last: false }),
      'mysmsgate history has no message to that number since the hand-over',
    );
    // No documented paging: a full page that does not reach back to the intent cannot rule the hand-over out.
    return r.kind === 'unknowable'
      ? { kind: 'unknowable', reason: 'mysmsgate: the last 200 messages do not reach back to the hand-over' }
      : r;
  }

  async cancel(): Promise<GatewayCancelResult> {
    return 'unsupported';
  }

  async registerWebhooks(url: string): Promise<void> {
    const list = await this.call('GET', 'api/v1/webhooks');
    if (list.status < 200 || list.status >= 300) throw errorFromAnswer('mysmsgate', list, { action: 'list webhooks' });
    const hooks = z.array(Hook).safeParse((list.json as { webhooks?: unknown } | undefined)?.webhooks);
    if (!hooks.success) throw protocolError('mysmsgate', 'list webhooks', list, 'expected {webhooks: [...]}');
    if (hooks.data.some((h) => h.url === url)) return;
    const a = await this.call('POST', 'api/v1/webhooks', { url });
    if (a.status < 200 || a.status >= 300) throw errorFromAnswer('mysmsgate', a, { action: 'register webhook' });
  }

  parseWebhook(req: GatewayWebhookRequest, now: Date): GatewayReport[] {
    return parseMySmsGateWebhook(req, this.conn.webhookSigningSecret, now);
  }
}
