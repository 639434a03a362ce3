import { phoneList } from './httpsms-phones';
import type { FastifyRequest } from 'fastify';
import type { OutSms, Phone } from '../phone';
import type { TruthInbound } from '../truth';
import { HttpSmsAttachments } from './httpsms-attachments';
import { newOutSms, ReportKeys, stateAt, type GatewayContext } from './context';
import { checkHookBody, checkSendBody, type HsWebhook } from './httpsms-input';
import { webhookJwt } from './httpsms-jwt';
import { httpSmsMessageJson, type HsMessage, receivedJson } from './httpsms-model';

import { header, HttpError, objectBody, safeEqual } from './http-util';
import { GatewayServer } from './gateway-server';

export { HS_EVENTS } from './httpsms-input';

const shape = (_s: number, message: string, data?: unknown) => ({ status: 'error', message, data: data ?? null });

/** httpSMS cloud (NdoleStudio/httpsms): `x-api-key`, phones addressed by their SIM number, CloudEvents webhooks. */
export class HttpSmsServer extends GatewayServer {
  readonly userId: string;
  private readonly byNumber = new Map<string, { phone: Phone; sim: number; phoneId: string }>();
  private readonly messages = new Map<string, HsMessage>();
  /** Texts the phones received, as httpSMS stores them (`mobile-originated`, served by `GET /v1/messages/{id}`). */
  private readonly received = new Map<string, Record<string, unknown>>();
  private readonly attachments: HttpSmsAttachments;
  private readonly hooks = new Map<string, HsWebhook>();
  private readonly ids;
  private readonly keys = new ReportKeys('hs');

  constructor(
    ctx: GatewayContext,
    readonly apiKey: string,
  ) {
    super(ctx, shape);
    this.ids = ctx.rt.stream('ids:httpsms');
    this.userId = this.ids.token(28);
    this.attachments = new HttpSmsAttachments(this.app, this.userId);
    this.app.addHook('preHandler', async (req) => {
      const key = header(req, 'x-api-key');
      if (!key || !safeEqual(key, this.apiKey)) {
        throw new HttpError(
          401,
          'You are not authorized to carry out this request.',
          'Make sure your API key is set in the [X-API-Key] header in the request',
        );
      }
    });
    this.routes();
  }

  /** Register each SIM of `phone` as an httpSMS phone (httpSMS has one "phone" per SIM number). */
  attach(phone: Phone): void {
    phone.serverExpiry = true;
    for (const [i, s] of phone.spec.sims.entries())
      this.byNumber.set(s.number, { phone, sim: i + 1, phoneId: this.ids.uuid() });
    phone.hooks = {
      sent: (m) => this.messageEvent(phone, 'message.phone.sent', m),
      delivered: (m) => this.messageEvent(phone, 'message.phone.delivered', m),
      failed: (m) =>
        this.messageEvent(phone, 'message.send.failed', m, {
          error_message: `${m.truth.failure!.code}: ${m.truth.failure!.reason}`,
        }),
      expired: (m) => this.messageEvent(phone, 'message.send.expired', m, {}, false),
      inbound: (m) => this.inbound(phone, m),
      heartbeatChanged: (beating, at, lastSeen) => phone.hooks.onlineChanged?.(beating, at, lastSeen),
      onlineChanged: (online, at, lastSeen) => {
        for (const s of phone.spec.sims) {
          const entry = this.byNumber.get(s.number)!;
          this.emit(
            phone,
            online ? 'phone.heartbeat.online' : 'phone.heartbeat.offline',
            s.number,
            undefined,
            {
              phone_id: entry.phoneId,
              user_id: this.userId,
              last_heartbeat_timestamp: this.ctx.rt.iso(lastSeen),
              timestamp: this.ctx.rt.iso(at),
              monitor_id: entry.phoneId,
              owner: s.number,
            },
            false,
          );
        }
      },
    };
  }

  private messageEvent(
    phone: Phone,
    type: string,
    m: OutSms,
    extra: Record<string, unknown> = {},
    fromPhone = true,
  ): void {
    const hm = this.messages.get(m.truth.id)!;
    const state =
      type === 'message.phone.sent' ? 'sent' : type === 'message.phone.delivered' ? 'delivered' : m.truth.finalState;
    this.emit(
      phone,
      type,
      hm.owner,
      m.truth.id,
      {
        id: m.truth.id,
        user_id: this.userId,
        owner: hm.owner,
        request_id: hm.requestId,
        contact: m.truth.recipient,
        timestamp: this.ctx.rt.iso(stateAt(m.truth, state)),
        content: m.truth.text,
        encrypted: false,
        sim: `SIM${m.sim}`,
        ...extra,
      },
      fromPhone,
      true,
    );
  }

  private inbound(phone: Phone, m: TruthInbound): void {
    const urls = m.attachments?.length ? this.attachments.add(this.baseUrl, m.id, m.attachments) : [];
    this.received.set(
      m.id,
      receivedJson(m, this.userId, (t) => this.ctx.rt.iso(t), urls),
    );
    this.emit(
      phone,
      'message.phone.received',
      m.to,
      m.id,
      {
        message_id: m.id,
        user_id: this.userId,
        owner: m.to,
        encrypted: false,
        contact: m.from,
        timestamp: this.ctx.rt.iso(m.at),
        content: m.text,
        sim: `SIM${m.sim}`,
      },
      true,
    );
  }

  private emit(
    phone: Phone,
    type: string,
    owner: string,
    messageId: string | undefined,
    data: Record<string, unknown>,
    fromPhone: boolean,
    status = false,
  ): void {
    const k = this.keys.next(messageId ?? owner, type);
    for (const hook of this.hooks.values()) {
      if (!hook.events.includes(type)) continue;
      if (hook.phone_numbers.length > 0 && !hook.phone_numbers.includes(owner)) continue;
      this.ctx.dispatcher.dispatch(
        {
          gateway: 'httpsms',
          phoneId: phone.id,
          event: type,
          messageId,
          url: hook.url,
          key: `${k}:${hook.id}`,
          newEventId: (r) => r.uuid(),
          body: (id) => ({
            specversion: '1.0',
            id,
            source: '/v1/messages',
            type,
            datacontenttype: 'application/json',
            time: this.ctx.rt.iso(),
            data,
          }),
          headers: async (_raw, now) => {
            const h: Record<string, string> = { 'X-Event-Type': type };
            if (hook.signing_key.trim() !== '') h.Authorization = `Bearer ${await webhookJwt(this.userId, hook, now)}`;
            return h;
          },
          canSend: fromPhone ? () => phone.isOnline() : undefined,
        },
        this.webhookFaults(phone, Boolean(status)),
      );
    }
  }

  private json(hm: HsMessage): Record<string, unknown> {
    return httpSmsMessageJson(hm, this.userId, (at) => this.ctx.rt.iso(at));
  }

  private routes(): void {
    const app = this.app;
    app.post('/v1/messages/send', async (req) => ({
      status: 'success',
      message: 'message added to queue',
      data: this.json(this.send(objectBody(req))),
    }));
    app.get('/v1/messages/:id', async (req) => {
      const { id } = req.params as { id: string };
      const hm = this.messages.get(id);
      const got = hm ? this.json(hm) : this.received.get(id);
      if (!got) throw new HttpError(404, `cannot find message with ID [${id}]`);
      return { status: 'success', message: 'message fetched successfully', data: got };
    });
    app.get('/v1/messages', async (req) => this.list(req));
    // The account's phones, as httpSMS lists them (`GET /v1/phones`): one entry per SIM number.
    app.get('/v1/phones', async () => phoneList(this.byNumber, this.userId, (at) => this.ctx.rt.iso(at)));
    app.get('/v1/webhooks', async () => ({
      status: 'success',
      message: `fetched ${this.hooks.size} webhooks`,
      data: [...this.hooks.values()],
    }));
    app.post('/v1/webhooks', async (req) => ({
      status: 'success',
      message: 'webhook created successfully',
      data: this.createHook(objectBody(req)),
    }));
    app.delete('/v1/webhooks/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!this.hooks.delete(id)) throw new HttpError(404, `cannot find webhook with ID [${id}]`);
      return reply.code(204).send();
    });
  }

  private list(req: FastifyRequest) {
    const q = req.query as Record<string, string | undefined>;
    const skip = Math.max(Number(q.skip ?? 0) || 0, 0);
    const limit = Math.min(Math.max(Number(q.limit ?? 20) || 20, 1), 100);
    let all = [...this.messages.values()];
    if (q.owner) all = all.filter((m) => m.owner === q.owner);
    if (q.contact) all = all.filter((m) => m.out.truth.recipient === q.contact);
    return {
      status: 'success',
      message: `fetched ${all.length} messages`,
      data: all
        .reverse()
        .slice(skip, skip + limit)
        .map((m) => this.json(m)),
    };
  }

  private createHook(b: Record<string, unknown>): HsWebhook {
    const { events, nums } = checkHookBody(b);
    const now = this.ctx.rt.iso();
    const hook: HsWebhook = {
      id: this.ids.uuid(),
      user_id: this.userId,
      url: b.url as string,
      signing_key: (b.signing_key as string | undefined) ?? '',
      phone_numbers: nums as string[],
      events: events as string[],
      created_at: now,
      updated_at: now,
    };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  private send(b: Record<string, unknown>): HsMessage {
    const from = b.from as string;
    const entry = typeof b.from === 'string' ? this.byNumber.get(b.from) : undefined;
    const sendAt = checkSendBody(b, entry !== undefined);
    const { phone, sim } = entry!;
    if (phone.pendingCount() >= phone.faults.queueLimit)
      throw new HttpError(503, 'the message queue of this phone is full, try again later');
    const now = this.ctx.rt.now();
    const start = sendAt !== undefined && sendAt > now ? sendAt : now;
    const spacing = 60_000 / (phone.spec.messagesPerMinute ?? 10);
    const out = newOutSms(this.ctx, phone, {
      id: this.ids.uuid(),
      recipient: b.to as string,
      text: b.content as string,
      sim,
      validUntil: start + this.ctx.rt.timing.httpSmsExpiryMs + phone.pendingCount() * spacing,
      refs: { requestId: (b.request_id as string | undefined) ?? undefined },
    });
    const hm: HsMessage = {
      out,
      phone,
      owner: from,
      requestId: (b.request_id as string | undefined) ?? null,
      createdAt: now,
    };
    this.messages.set(out.truth.id, hm);
    if (start > now) {
      hm.scheduledAt = start;
      this.ctx.rt.track(
        this.ctx.rt.sleep(start - now).then((alive) => {
          if (!alive) return;
          out.createdAt = this.ctx.rt.now();
          phone.enqueue(out);
        }),
      );
    } else phone.enqueue(out);
    return hm;
  }
}
