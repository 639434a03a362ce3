import type { FastifyRequest } from 'fastify';
import type { OutSms, Phone } from '../phone';
import type { TruthInbound } from '../truth';
import { newOutSms, ReportKeys, stateAt, type GatewayContext } from './context';
import { header, hmacHex, HttpError, objectBody, safeEqual } from './http-util';
import { GatewayServer } from './gateway-server';
import { checkSubscription, sendBodyOf, type TbSubscription } from './textbee-input';
import { smsJson, type TbBatch } from './textbee-model';

export { TB_EVENTS } from './textbee-input';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};
const shape = (status: number, message: string) => ({ statusCode: status, message, error: REASONS[status] ?? 'Error' });
const P = '/api/v1';

/** textbee cloud (vernu/textbee): `x-api-key`, devices by id, SIM by `simSubscriptionId`, HMAC-signed webhooks. */
export class TextbeeServer extends GatewayServer {
  readonly userId: string;
  private readonly phones = new Map<string, Phone>();
  private readonly sms = new Map<string, { out: OutSms; batch: TbBatch }>();
  private readonly batches = new Map<string, TbBatch>();
  private readonly subs = new Map<string, TbSubscription>();
  private readonly ids;
  private readonly keys = new ReportKeys('tb');

  constructor(
    ctx: GatewayContext,
    readonly apiKey: string,
  ) {
    super(ctx, shape);
    this.ids = ctx.rt.stream('ids:textbee');
    this.userId = this.ids.hex(12);
    this.app.addHook('preHandler', async (req) => {
      const key = header(req, 'x-api-key') ?? (req.query as Record<string, string | undefined>).apiKey;
      if (!key || !safeEqual(key, this.apiKey)) throw new HttpError(401, 'Unauthorized');
    });
    this.routes();
  }

  /** Register `phone` as a textbee device (its id is the device id). */
  attach(phone: Phone): void {
    this.phones.set(phone.id, phone);
    phone.hooks = {
      sent: (m) => this.statusEvent(phone, 'MESSAGE_SENT', m, { status: 'sent', sentAt: this.at(m, 'sent') }),
      delivered: (m) =>
        this.statusEvent(phone, 'MESSAGE_DELIVERED', m, {
          status: 'delivered',
          sentAt: this.at(m, 'sent'),
          deliveredAt: this.at(m, 'delivered'),
        }),
      failed: (m) => this.failed(phone, m),
      expired: (m) => this.failed(phone, m),
      inbound: (m) => this.inbound(phone, m),
    };
  }

  private at(m: OutSms, s: 'sent' | 'delivered' | 'failed'): string | null {
    const t = stateAt(m.truth, s);
    return t === undefined ? null : this.ctx.rt.iso(t);
  }

  private failed(phone: Phone, m: OutSms): void {
    const f = m.truth.failure!;
    this.statusEvent(phone, 'MESSAGE_FAILED', m, {
      status: 'failed',
      errorCode: f.code,
      errorMessage: f.reason,
      failedAt: this.ctx.rt.iso(),
    });
  }

  private statusEvent(phone: Phone, event: string, m: OutSms, extra: Record<string, unknown>): void {
    const { batch } = this.sms.get(m.truth.id)!;
    this.emit(
      phone,
      event,
      m.truth.id,
      {
        smsId: m.truth.id,
        message: m.truth.text,
        deviceId: phone.id,
        smsBatchId: batch._id,
        recipient: m.truth.recipient,
        ...extra,
      },
      true,
    );
  }

  private inbound(phone: Phone, m: TruthInbound): void {
    this.emit(
      phone,
      'MESSAGE_RECEIVED',
      m.id,
      { smsId: m.id, message: m.text, deviceId: phone.id, sender: m.from, receivedAt: this.ctx.rt.iso(m.at) },
      false,
    );
  }

  private emit(phone: Phone, event: string, smsId: string, base: Record<string, unknown>, status: boolean): void {
    const k = this.keys.next(smsId, event);
    for (const sub of this.subs.values()) {
      if (!sub.isActive || !sub.events.includes(event)) continue;
      const { smsId: id, message, deviceId, ...rest } = base;
      this.ctx.dispatcher.dispatch(
        {
          gateway: 'textbee',
          phoneId: phone.id,
          event,
          messageId: smsId,
          url: sub.deliveryUrl,
          key: `${k}:${sub._id}`,
          newEventId: (r) => r.uuid(),
          body: (key) => ({
            smsId: id,
            message,
            deviceId,
            webhookSubscriptionId: sub._id,
            webhookEvent: event,
            idempotencyKey: key,
            ...rest,
          }),
          headers: (raw) => ({ 'X-Signature': hmacHex(sub.signingSecret, raw) }),
          canSend: () => phone.isOnline(),
        },
        this.webhookFaults(phone, Boolean(status)),
      );
    }
  }

  private device(req: FastifyRequest): Phone {
    const { id } = req.params as { id: string };
    const ph = this.phones.get(id);
    if (!ph) throw new HttpError(404, `Device ${id} not found`);
    return ph;
  }

  private routes(): void {
    const app = this.app;
    app.get(`${P}/gateway/devices`, async () => ({
      data: [...this.phones.values()].map((ph) => ({
        _id: ph.id,
        enabled: true,
        brand: 'fleet-sim',
        model: 'Simulated Android',
        lastHeartbeat: this.ctx.rt.iso(ph.lastSeenAt()),
        simInfo: { sims: ph.spec.sims.map((s, i) => ({ subscriptionId: i + 1, slotIndex: i, phoneNumber: s.number })) },
      })),
    }));
    for (const name of ['send-sms', 'sendSMS']) {
      app.post(`${P}/gateway/devices/:id/${name}`, async (req, reply) =>
        reply.code(201).send({ data: this.send(this.device(req), objectBody(req)) }),
      );
    }
    app.get(`${P}/gateway/devices/:id/sms/:smsId`, async (req) => {
      const ph = this.device(req);
      const { smsId } = req.params as { smsId: string };
      const e = this.sms.get(smsId);
      if (!e || e.batch.device !== ph.id) throw new HttpError(404, `SMS ${smsId} not found`);
      return { data: smsJson(this.ctx.rt, e.out, e.batch) };
    });
    app.get(`${P}/gateway/devices/:id/messages`, async (req) =>
      this.list(this.device(req), req.query as Record<string, string | undefined>),
    );
    app.get(`${P}/gateway/devices/:id/sms-batch/:batchId`, async (req) => {
      const ph = this.device(req);
      const { batchId } = req.params as { batchId: string };
      const b = this.batches.get(batchId);
      if (!b || b.device !== ph.id) throw new HttpError(404, `SMS batch ${batchId} not found`);
      const { sms, createdAt, ...batch } = b;
      return {
        data: {
          smsBatch: { ...batch, createdAt: this.ctx.rt.iso(createdAt) },
          messages: sms.map((o) => smsJson(this.ctx.rt, o, b)),
        },
      };
    });
    app.get(`${P}/webhooks`, async () => ({ data: [...this.subs.values()] }));
    app.post(`${P}/webhooks`, async (req, reply) => reply.code(201).send({ data: this.subscribe(objectBody(req)) }));
    app.patch(`${P}/webhooks/:webhookId`, async (req) => ({ data: this.update(req) }));
    app.delete(`${P}/webhooks/:webhookId`, async (req) => {
      const { webhookId } = req.params as { webhookId: string };
      if (!this.subs.delete(webhookId)) throw new HttpError(404, 'Subscription not found');
      return { data: { success: true } };
    });
  }

  /**
   * `GET /gateway/devices/:id/messages?type=sent|received&page&limit&search`: the device's messages, newest
   * `createdAt` first, `search` a case-insensitive literal match over text, recipient and sender (textbee escapes it
   * into a regex). The simulator keeps sent messages only, so `type=received` lists none.
   */
  private list(ph: Phone, q: Record<string, string | undefined>) {
    const page = Math.max(Number(q.page ?? 1) || 1, 1);
    const limit = Math.min(Math.max(Number(q.limit ?? 50) || 50, 1), 100);
    const search = q.search?.toLowerCase();
    let all = q.type === 'received' ? [] : [...this.sms.values()].filter((e) => e.batch.device === ph.id);
    if (search)
      all = all.filter(
        (e) => e.out.truth.text.toLowerCase().includes(search) || e.out.truth.recipient.toLowerCase().includes(search),
      );
    all.sort((a, b) => b.batch.createdAt - a.batch.createdAt);
    const device = { _id: ph.id, brand: 'fleet-sim', model: 'Simulated Android', buildId: 'sim', enabled: true };
    return {
      meta: { page, limit, total: all.length, totalPages: Math.ceil(all.length / limit) },
      data: all
        .slice((page - 1) * limit, page * limit)
        .map((e) => ({ ...smsJson(this.ctx.rt, e.out, e.batch), device })),
    };
  }

  private subscribe(b: Record<string, unknown>): TbSubscription {
    checkSubscription(b, false);
    const events = b.events as string[];
    for (const s of this.subs.values()) {
      if (s.events.length === events.length && s.events.every((e) => events.includes(e)))
        throw new HttpError(400, 'You have already subscribed to this event');
    }
    const now = this.ctx.rt.iso();
    const sub: TbSubscription = {
      _id: this.ids.hex(12),
      user: this.userId,
      events,
      deliveryUrl: b.deliveryUrl as string,
      signingSecret: b.signingSecret as string,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    };
    this.subs.set(sub._id, sub);
    return sub;
  }

  private update(req: FastifyRequest): TbSubscription {
    const { webhookId } = req.params as { webhookId: string };
    const sub = this.subs.get(webhookId);
    if (!sub) throw new HttpError(404, 'Subscription not found');
    const b = objectBody(req);
    checkSubscription(b, true);
    if (typeof b.isActive === 'boolean') sub.isActive = b.isActive;
    if (b.deliveryUrl !== undefined) sub.deliveryUrl = b.deliveryUrl as string;
    if (b.signingSecret !== undefined) sub.signingSecret = b.signingSecret as string;
    if (b.events !== undefined) sub.events = b.events as string[];
    sub.updatedAt = this.ctx.rt.iso();
    return sub;
  }

  private send(phone: Phone, b: Record<string, unknown>): Record<string, unknown> {
    const { text, recipients, sim } = sendBodyOf(b, phone);
    if (b.scheduledAt !== undefined)
      throw new HttpError(400, 'scheduledAt: scheduled messages are not supported by the simulator');
    if (phone.pendingCount() + recipients.length > phone.faults.queueLimit)
      throw new HttpError(503, 'Too many pending messages for this device, try again later');
    const batch: TbBatch = {
      _id: this.ids.hex(12),
      device: phone.id,
      message: text,
      recipientCount: recipients.length,
      createdAt: this.ctx.rt.now(),
      sms: [],
    };
    this.batches.set(batch._id, batch);
    for (const r of recipients) {
      const out = newOutSms(this.ctx, phone, {
        id: this.ids.hex(12),
        recipient: r,
        text,
        sim,
        refs: { smsBatchId: batch._id },
      });
      batch.sms.push(out);
      this.sms.set(out.truth.id, { out, batch });
      phone.enqueue(out);
    }
    return {
      success: true,
      message: 'SMS added to queue for processing',
      smsBatchId: batch._id,
      recipientCount: recipients.length,
    };
  }
}
