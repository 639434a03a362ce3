import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutSms, Phone } from '../phone';
import type { GatewayCredentials } from '../types';
import { newOutSms, ReportKeys, stateAt, type GatewayContext } from './context';
import { checkBasic, header, hmacHex, HttpError, objectBody, safeEqual } from './http-util';
import { GatewayServer } from './gateway-server';
import {
  checkDeliveryReportFlag,
  hookOf,
  optInt,
  phoneNumbersOf,
  type SgWebhook,
  textOf,
  validUntilOf,
} from './sms-gate-input';
import { deviceJson, mmsDownloadedPayload, mmsReceivedPayload, receivedPayload, smsPayload } from './sms-gate-payloads';
import { smsGatePingPayload } from '../heartbeat';
import { messageJson, type SgMessage } from './sms-gate-model';

const shape = (_status: number, message: string, data?: unknown) =>
  data === undefined ? { message } : { message, data };

/**
 * SMS Gateway for Android (capcom6): the cloud/private server (`/3rdparty/v1/...`, Basic or Bearer auth,
 * many phones) or one phone's local server (`/...`, Basic auth, answers only while the phone is online).
 * Webhooks are sent by the phone, signed with its signing key.
 */
export class SmsGateServer extends GatewayServer {
  private readonly phones = new Map<string, Phone>();
  private readonly messages = new Map<string, SgMessage>();
  private readonly hooks = new Map<string, SgWebhook>();
  private readonly tokens = new Set<string>();
  private readonly ids;

  constructor(
    ctx: GatewayContext,
    readonly mode: 'cloud' | 'local',
    readonly credentials: Required<Pick<GatewayCredentials, 'username' | 'password'>>,
    private readonly signingKeys: Map<string, string>,
    idStreamName: string,
  ) {
    super(ctx, shape);
    this.ids = ctx.rt.stream(`ids:${idStreamName}`);
    if (mode === 'local') {
      // An offline phone's server does not answer: the connection is dropped.
      this.app.addHook('onRequest', async (req, reply) => {
        const phone = [...this.phones.values()][0];
        if (phone && !phone.isOnline()) {
          reply.hijack();
          req.raw.socket.destroy();
        }
      });
    }
    this.routes(mode === 'cloud' ? '/3rdparty/v1' : '');
  }

  /** Serve `phone` from this server and route its events to webhooks. */
  attach(phone: Phone): void {
    this.phones.set(phone.id, phone);
    phone.hooks = {
      sent: (m) =>
        this.emit(
          phone,
          'sms:sent',
          m.truth.id,
          smsPayload(phone, m, { partsCount: m.truth.parts, sentAt: this.ctx.rt.iso(stateAt(m.truth, 'sent')) }),
          m,
        ),
      partDelivered: (m) =>
        this.emit(phone, 'sms:delivered', m.truth.id, smsPayload(phone, m, { deliveredAt: this.ctx.rt.iso() }), m),
      failed: (m) => this.failed(phone, m),
      expired: (m) => this.failed(phone, m),
      inbound: (m) => {
        const iso = (at: number) => this.ctx.rt.iso(at);
        if (!m.attachments?.length) return this.emit(phone, 'sms:received', m.id, receivedPayload(m, iso));
        // An MMS: first its notification, then the downloaded message with its parts.
        this.emit(phone, 'mms:received', m.id, mmsReceivedPayload(m, iso));
        this.emit(phone, 'mms:downloaded', m.id, mmsDownloadedPayload(m, iso));
      },
      ping: (v) => this.emit(phone, 'system:ping', undefined, smsGatePingPayload(v)),
    };
  }

  private failed(phone: Phone, m: OutSms): void {
    const f = m.truth.failure!;
    this.emit(
      phone,
      'sms:failed',
      m.truth.id,
      smsPayload(phone, m, { failedAt: this.ctx.rt.iso(), reason: f.code }),
      m,
    );
  }

  private readonly keys = new ReportKeys('sg');

  /** Send `event` to every hook registered for it (and this device), from the phone. */
  private emit(
    phone: Phone,
    event: string,
    messageId: string | undefined,
    payload: Record<string, unknown>,
    m?: OutSms,
  ): void {
    const key = signingKeyOf(this.signingKeys, phone.id);
    const k = this.keys.next(messageId ?? phone.id, event);
    for (const hook of this.hooks.values()) {
      if (hook.event !== event || (hook.deviceId !== null && hook.deviceId !== phone.id)) continue;
      this.ctx.dispatcher.dispatch(
        {
          gateway: 'sms-gate',
          phoneId: phone.id,
          event,
          messageId,
          url: hook.url,
          key: `${k}:${hook.id}`,
          newEventId: (r) => r.token(21),
          body: (id) => ({ deviceId: phone.id, event, id, webhookId: hook.id, payload }),
          headers: (raw, now) => {
            const ts = String(Math.floor(now / 1000));
            return { 'X-Timestamp': ts, 'X-Signature': hmacHex(key, raw + ts) };
          },
          canSend: () => phone.isOnline(),
        },
        this.webhookFaults(phone, Boolean(m)),
      );
    }
  }

  private auth(req: FastifyRequest): void {
    const { username, password } = this.credentials;
    if (checkBasic(req, username, password)) return;
    const h = header(req, 'authorization');
    if (this.mode === 'cloud' && h?.startsWith('Bearer ')) {
      const t = h.slice(7);
      for (const k of this.tokens) if (safeEqual(k, t)) return;
    }
    throw new HttpError(401, 'Unauthorized');
  }

  private routes(p: string): void {
    const app = this.app;
    app.get(`${p}/health`, async () => ({ status: 'pass', version: 'fleet-sim', releaseId: 1, checks: {} }));
    app.addHook('preHandler', async (req) => {
      if (req.routeOptions.url === `${p}/health` || req.routeOptions.url === undefined) return;
      this.auth(req);
    });
    if (this.mode === 'cloud') {
      app.post(`${p}/auth/token`, async (_req, reply) => {
        const token = this.ids.token(40);
        this.tokens.add(token);
        return reply.code(201).send({
          id: this.ids.uuid(),
          token_type: 'Bearer',
          access_token: token,
          expires_at: this.ctx.rt.iso(this.ctx.rt.now() + 3600_000),
        });
      });
    }
    for (const path of [`${p}/messages`, `${p}/message`]) {
      app.post(path, (req, reply) => this.postMessage(req, reply, p));
      app.get(`${path}/:id`, async (req) => messageJson(this.find(req), (at) => this.ctx.rt.iso(at)));
    }
    app.get(`${p}/messages`, async (req, reply) => this.list(req, reply));
    app.delete(`${p}/messages/:id`, async (req, reply) => this.cancel(req, reply));
    app.get(`${p}/devices`, async () =>
      [...this.phones.values()].map((ph) => deviceJson(ph, (at) => this.ctx.rt.iso(at))),
    );
    app.get(`${p}/webhooks`, async () => [...this.hooks.values()]);
    app.post(`${p}/webhooks`, async (req, reply) => reply.code(201).send(this.registerHook(objectBody(req))));
    app.delete(`${p}/webhooks/:id`, async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!this.hooks.delete(id)) throw new HttpError(404, `webhook ${id} not found`);
      return reply.code(204).send();
    });
  }

  private find(req: FastifyRequest): SgMessage {
    const { id } = req.params as { id: string };
    const m = this.messages.get(id);
    if (!m) throw new HttpError(404, `message ${id} not found`);
    return m;
  }

  private registerHook(b: Record<string, unknown>): SgWebhook {
    const hook = hookOf(
      b,
      (id) => this.phones.has(id),
      () => this.ids.token(21),
    );
    this.hooks.set(hook.id, hook);
    return hook;
  }

  private list(req: FastifyRequest, reply: FastifyReply) {
    const q = req.query as Record<string, string | undefined>;
    const limit = Math.min(Math.max(Number(q.limit ?? 50) || 50, 1), 100);
    const offset = Math.max(Number(q.offset ?? 0) || 0, 0);
    let all = [...this.messages.values()].map((m) => messageJson(m, (at) => this.ctx.rt.iso(at)));
    if (q.deviceId) all = all.filter((m) => m.deviceId === q.deviceId);
    if (q.state) all = all.filter((m) => m.state === q.state);
    all.reverse();
    return reply.header('X-Total-Count', String(all.length)).send(all.slice(offset, offset + limit));
  }

  private cancel(req: FastifyRequest, reply: FastifyReply) {
    const m = this.find(req);
    const phone = this.phones.get(m.deviceId)!;
    if (!m.recipients.every((r) => r.truth.finalState === 'queued')) {
      throw new HttpError(409, `message ${m.id} is not pending and cannot be cancelled`);
    }
    m.extraStates.Cancelling = this.ctx.rt.now();
    for (const r of m.recipients) {
      phone.cancel(r);
      this.emit(phone, 'sms:cancelled', m.id, smsPayload(phone, r, { cancelledAt: this.ctx.rt.iso() }), r);
    }
    return reply.code(202).send(messageJson(m, (at) => this.ctx.rt.iso(at)));
  }

  private postMessage(req: FastifyRequest, reply: FastifyReply, prefix: string) {
    const b = objectBody(req);
    const text = textOf(b);
    const numbers = phoneNumbersOf(b);
    let id: string;
    if (b.id !== undefined && b.id !== null) {
      if (typeof b.id !== 'string' || b.id.length < 1 || b.id.length > 36)
        throw new HttpError(400, 'id: must be a string of 1 to 36 characters');
      if (this.messages.has(b.id)) throw new HttpError(409, `message with id ${b.id} already exists`);
      id = b.id;
    } else id = this.ids.token(21);
    const phone = this.pickPhone(b);
    const sim = optInt(b.simNumber, 'simNumber', 1, 3) ?? 1;
    if (sim > phone.spec.sims.length) throw new HttpError(400, `simNumber: device ${phone.id} has no SIM ${sim}`);
    const priority = optInt(b.priority, 'priority', -128, 127) ?? 0;
    const validUntil = validUntilOf(b, this.ctx.rt.now());
    checkDeliveryReportFlag(b);
    if (phone.pendingCount() + numbers.length > phone.faults.queueLimit)
      throw new HttpError(503, 'queue limit exceeded, try again later');
    const msg: SgMessage = {
      id,
      deviceId: phone.id,
      text,
      isEncrypted: b.isEncrypted === true,
      recipients: [],
      extraStates: {},
      createdAt: this.ctx.rt.now(),
    };
    this.messages.set(id, msg);
    for (const n of numbers) {
      const out = newOutSms(this.ctx, phone, {
        id,
        recipient: n,
        text,
        sim,
        withDeliveryReport: b.withDeliveryReport !== false,
        validUntil,
        priority,
        refs: { clientId: typeof b.id === 'string' ? b.id : undefined },
      });
      msg.recipients.push(out);
      phone.enqueue(out);
    }
    return reply
      .code(202)
      .header('Location', `${prefix}/messages/${id}`)
      .send(messageJson(msg, (at) => this.ctx.rt.iso(at)));
  }

  private pickPhone(b: Record<string, unknown>): Phone {
    const dev = b.deviceId;
    if (dev !== undefined && dev !== null && dev !== '') {
      const ph = typeof dev === 'string' ? this.phones.get(dev) : undefined;
      if (!ph) throw new HttpError(400, `deviceId: unknown device ${String(dev)}`);
      return ph;
    }
    const first = [...this.phones.values()][0];
    if (!first) throw new HttpError(400, 'deviceId: no device registered');
    return first;
  }
}

/** The phone's signing key (falls back to a fixed one). */
export function signingKeyOf(keys: Map<string, string>, phoneId: string): string {
  return keys.get(phoneId) ?? 'fleet-sim-signing-key';
}
