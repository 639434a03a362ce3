import type { FastifyRequest } from 'fastify';
import type { OutSms, Phone } from '../phone';
import type { TruthInbound } from '../truth';
import { newOutSms, ReportKeys, stateAt, type GatewayContext } from './context';
import { E164, header, hmacHex, HttpError, objectBody, safeEqual } from './http-util';
import { GatewayServer } from './gateway-server';

/** Header carrying the (simulator-defined) MySMSGate webhook signature: `sha256=<hex>`. */
export const MYSMSGATE_SIGNATURE_HEADER = 'X-MySMSGate-Signature';
/** Header carrying the unix-seconds timestamp that is signed with the body. */
export const MYSMSGATE_TIMESTAMP_HEADER = 'X-MySMSGate-Timestamp';
/** Header naming the webhook kind: `status` or `incoming`. */
export const MYSMSGATE_EVENT_HEADER = 'X-MySMSGate-Event';

/**
 * The MySMSGate signature the simulator uses (MySMSGate publishes none): hex HMAC-SHA256 with the
 * account's webhook secret over `${timestamp}.${rawBody}`, sent as `sha256=<hex>`.
 */
export function mySmsGateSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${hmacHex(secret, `${timestamp}.${rawBody}`)}`;
}

interface MgHook {
  id: string;
  url: string;
  created_at: string;
}

const shape = (_s: number, error: string) => ({ success: false, error });
const STATUS: Record<string, string> = {
  queued: 'pending',
  picked: 'pending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  expired: 'failed',
  cancelled: 'failed',
};

/** MySMSGate cloud: `X-API-KEY` or `Authorization: Bearer`, `POST /api/v1/send`, status + incoming webhooks. */
export class MySmsGateServer extends GatewayServer {
  private readonly phones = new Map<string, Phone>();
  private readonly messages = new Map<string, { out: OutSms; phone: Phone }>();
  private readonly hooks = new Map<string, MgHook>();
  private readonly ids;
  private readonly keys = new ReportKeys('mg');

  constructor(
    ctx: GatewayContext,
    readonly apiKey: string,
    readonly webhookSecret: string,
  ) {
    super(ctx, shape);
    this.ids = ctx.rt.stream('ids:mysmsgate');
    this.app.addHook('preHandler', async (req) => {
      const auth = header(req, 'authorization');
      const key = header(req, 'x-api-key') ?? (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
      if (!key || !safeEqual(key, this.apiKey)) throw new HttpError(401, 'Invalid or missing API key');
    });
    this.routes();
  }

  /** Register `phone` as a MySMSGate device. */
  attach(phone: Phone): void {
    this.phones.set(phone.id, phone);
    phone.hooks = {
      sent: (m) => this.status(phone, m, 'sent'),
      delivered: (m) => this.status(phone, m, 'delivered'),
      failed: (m) => this.status(phone, m, 'failed'),
      expired: (m) => this.status(phone, m, 'failed'),
      inbound: (m) => this.incoming(phone, m),
    };
  }

  private status(phone: Phone, m: OutSms, status: 'sent' | 'delivered' | 'failed'): void {
    const t = m.truth;
    this.emit(
      phone,
      'status',
      t.id,
      {
        id: t.id,
        status,
        to: t.recipient,
        delivery_report: status === 'delivered' || (status === 'failed' && stateAt(t, 'sent') !== undefined),
        fail_reason: status === 'failed' && t.failure ? t.failure.code : null,
      },
      true,
    );
  }

  private incoming(phone: Phone, m: TruthInbound): void {
    this.emit(
      phone,
      'incoming',
      m.id,
      {
        type: 'incoming',
        id: m.id,
        from: m.from,
        to: m.to,
        message: m.text,
        device_id: phone.id,
        slot: m.sim - 1,
        received_at: this.ctx.rt.iso(m.at),
      },
      false,
    );
  }

  private emit(
    phone: Phone,
    kind: 'status' | 'incoming',
    id: string,
    body: Record<string, unknown>,
    isStatus: boolean,
  ): void {
    const k = this.keys.next(id, kind === 'status' ? `status:${String(body.status)}` : kind);
    for (const hook of this.hooks.values()) {
      this.ctx.dispatcher.dispatch(
        {
          gateway: 'mysmsgate',
          phoneId: phone.id,
          event: kind === 'status' ? `status:${String(body.status)}` : 'incoming',
          messageId: id,
          url: hook.url,
          key: `${k}:${hook.id}`,
          newEventId: () => undefined,
          body: () => body,
          headers: (raw, now) => {
            const ts = String(Math.floor(now / 1000));
            return {
              [MYSMSGATE_EVENT_HEADER]: kind,
              [MYSMSGATE_TIMESTAMP_HEADER]: ts,
              [MYSMSGATE_SIGNATURE_HEADER]: mySmsGateSignature(this.webhookSecret, ts, raw),
            };
          },
          canSend: () => phone.isOnline(),
        },
        this.webhookFaults(phone, isStatus),
      );
    }
  }

  private json(out: OutSms, phone: Phone): Record<string, unknown> {
    const t = out.truth;
    const iso = (s: Parameters<typeof stateAt>[1]) => {
      const at = stateAt(t, s);
      return at === undefined ? null : this.ctx.rt.iso(at);
    };
    return {
      id: t.id,
      to: t.recipient,
      message: t.text,
      status: STATUS[t.finalState],
      device_id: phone.id,
      slot: out.sim - 1,
      parts: t.parts,
      delivery_report: t.finalState === 'delivered' || (t.finalState === 'failed' && stateAt(t, 'sent') !== undefined),
      fail_reason: t.failure ? t.failure.code : null,
      created_at: this.ctx.rt.iso(out.createdAt),
      sent_at: iso('sent'),
      delivered_at: iso('delivered'),
      failed_at: iso('failed') ?? iso('expired'),
    };
  }

  private routes(): void {
    const app = this.app;
    app.post('/api/v1/send', async (req) => this.send(objectBody(req)));
    app.get('/api/v1/messages/:id', async (req: FastifyRequest) => {
      const { id } = req.params as { id: string };
      const e = this.messages.get(id);
      if (!e) throw new HttpError(404, `message ${id} not found`);
      return { success: true, message: this.json(e.out, e.phone) };
    });
    app.get('/api/v1/history', async (req: FastifyRequest) =>
      this.history(req.query as Record<string, string | undefined>),
    );
    app.get('/api/v1/devices', async () => ({
      success: true,
      devices: [...this.phones.values()].map((ph) => ({
        id: ph.id,
        name: ph.id,
        online: ph.isOnline(),
        last_seen: this.ctx.rt.iso(ph.lastSeenAt()),
        sims: ph.spec.sims.map((s, i) => ({ slot: i, number: s.number })),
      })),
    }));
    app.get('/api/v1/webhooks', async () => ({ success: true, webhooks: [...this.hooks.values()] }));
    app.post('/api/v1/webhooks', async (req) => {
      const b = objectBody(req);
      if (typeof b.url !== 'string' || !/^https?:\/\/\S+$/.test(b.url))
        throw new HttpError(400, 'url: must be an http(s) URL');
      const hook: MgHook = { id: `wh_${this.ids.token(16)}`, url: b.url, created_at: this.ctx.rt.iso() };
      this.hooks.set(hook.id, hook);
      return { success: true, webhook: hook };
    });
    app.delete('/api/v1/webhooks/:id', async (req) => {
      const { id } = req.params as { id: string };
      if (!this.hooks.delete(id)) throw new HttpError(404, `webhook ${id} not found`);
      return { success: true };
    });
  }

  /**
   * `GET /api/v1/history?direction=out&limit=`: the account's latest messages, newest first, in the shape a
   * third-party reconcile script reads (`{history: [{id, phone_to, created_at, status, source}]}`; MySMSGate publishes
   * no docs). The simulator keeps outbound messages only.
   */
  private history(q: Record<string, string | undefined>) {
    const limit = Math.min(Math.max(Number(q.limit ?? 50) || 50, 1), 500);
    const all =
      q.direction === 'in' ? [] : [...this.messages.values()].sort((a, b) => b.out.createdAt - a.out.createdAt);
    return {
      success: true,
      history: all.slice(0, limit).map(({ out, phone }) => ({
        id: out.truth.id,
        direction: 'out',
        phone_to: out.truth.recipient,
        message: out.truth.text,
        device_id: phone.id,
        slot: out.sim - 1,
        status: STATUS[out.truth.finalState],
        error_message: out.truth.failure ? out.truth.failure.code : null,
        source: 'api',
        created_at: this.ctx.rt.iso(out.createdAt),
      })),
    };
  }

  private send(b: Record<string, unknown>): Record<string, unknown> {
    if (typeof b.to !== 'string' || !E164.test(b.to))
      throw new HttpError(400, 'to: must be an E.164 phone number such as +14155550100');
    if (typeof b.message !== 'string' || b.message.length === 0)
      throw new HttpError(400, 'message: must be a non-empty string');
    let phone: Phone | undefined;
    if (b.device_id !== undefined && b.device_id !== null) {
      phone =
        typeof b.device_id === 'string' || typeof b.device_id === 'number'
          ? this.phones.get(String(b.device_id))
          : undefined;
      if (!phone) throw new HttpError(400, `device_id: unknown device ${String(b.device_id)}`);
    } else {
      phone = [...this.phones.values()].find((p) => p.isOnline()) ?? [...this.phones.values()][0];
      if (!phone) throw new HttpError(400, 'device_id: no device is connected to this account');
    }
    let slot = 0;
    if (b.slot !== undefined && b.slot !== null) {
      if (typeof b.slot !== 'number' || !Number.isInteger(b.slot) || b.slot < 0 || b.slot >= phone.spec.sims.length) {
        throw new HttpError(400, `slot: device ${phone.id} has slots 0..${phone.spec.sims.length - 1}`);
      }
      slot = b.slot;
    }
    if (phone.pendingCount() >= phone.faults.queueLimit)
      throw new HttpError(503, 'queue limit reached for this device, try again later');
    const out = newOutSms(this.ctx, phone, {
      id: `mg_${this.ids.token(16)}`,
      recipient: b.to,
      text: b.message,
      sim: slot + 1,
    });
    this.messages.set(out.truth.id, { out, phone });
    phone.enqueue(out);
    return {
      success: true,
      id: out.truth.id,
      message_id: out.truth.id,
      status: 'pending',
      to: b.to,
      device_id: phone.id,
      slot,
      parts: out.truth.parts,
    };
  }
}
