import { createHash } from 'node:crypto';
import {
  analyzeText, applyToMessage, isTerminal, newId, normalizePhone, parseOrThrow, SendRequest, SmsfleetError,
  type Message, type SendRequestParsed, type StatusEvent, type Store, type CountryCode,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { QUEUES, statusChangedEvent } from './events';

/** Options of the send service, from the hub config. */
export interface SendOptions {
  defaultRegion?: CountryCode;
  refuseNonMobile: boolean;
  retentionDays: number;
  /** Most segments one message may have (longer texts are refused with SMSFLEET_ERR_MESSAGE_TOO_LONG). */
  maxSegments: number;
}

/** What the send service needs. */
export interface SendServiceDeps {
  store: Store;
  fleet: FleetRegistry;
  publisher: EventPublisher;
  options: SendOptions;
  /** Called after jobs were enqueued (the local dispatcher wakes up). */
  onEnqueued?: () => void;
}

/** One accepted message and whether this call created it (false: an idempotent repeat). */
export interface SendOutcome {
  message: Message;
  created: boolean;
}

interface Prepared { req: SendRequestParsed; to: string; body: string; segments: number; encoding: Message['encoding'] }

/**
 * Steps 2-4 of the message path: validate every message of the request before writing anything (numbers,
 * devices, SIMs, length, opt-outs), create each message with its idempotency key, and enqueue its send job.
 */
export class SendService {
  constructor(private readonly deps: SendServiceDeps) {}

  /** Validate, create and enqueue. `prefix` names the array in errors (`messages`), absent for one message. */
  async send(input: unknown[], ctx: { idempotencyKey?: string; now: Date; prefix?: string }): Promise<SendOutcome[]> {
    const field = (i: number, f: string) => [ctx.prefix !== undefined ? `${ctx.prefix}.${i}` : undefined, f].filter(Boolean).join('.');
    const prepared: Prepared[] = [];
    for (let i = 0; i < input.length; i++) prepared.push(await this.prepare(input[i], (f) => field(i, f), ctx.now));
    const out: SendOutcome[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const key = ctx.idempotencyKey === undefined ? undefined : input.length === 1 ? ctx.idempotencyKey : `${ctx.idempotencyKey}:${i}`;
      out.push(await this.create(prepared[i]!, key, ctx.now));
    }
    if (out.some((o) => o.created)) this.deps.onEnqueued?.();
    return out;
  }

  private async prepare(raw: unknown, field: (f: string) => string, now: Date): Promise<Prepared> {
    const req = parseOrThrow(SendRequest, raw, field('').replace(/\.$/, '') || undefined);
    const o = this.deps.options;
    const phone = normalizePhone(req.to, { field: field('to'), refuseNonMobile: o.refuseNonMobile, ...(o.defaultRegion ? { defaultRegion: o.defaultRegion } : {}) });
    if (req.deviceId !== undefined) {
      try { this.deps.fleet.forDevice(req.deviceId); } catch {
        throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${req.deviceId} in the fleet.`, { field: field('deviceId'), reason: 'no such device' });
      }
      if (req.sim !== undefined) {
        const d = await this.deps.store.devices.get(req.deviceId);
        if (!d?.sims.some((s) => s.slot === req.sim)) {
          throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `Device ${req.deviceId} has no SIM ${req.sim}.`, { field: field('sim'), reason: 'no such SIM on the device' });
        }
      }
    }
    if (req.sendAt && req.ttlSeconds && Date.parse(req.sendAt) + req.ttlSeconds * 1000 <= now.getTime()) {
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'The message would expire before it is sent.', { field: field('ttlSeconds'), reason: 'sendAt + ttlSeconds is in the past' });
    }
    const text = analyzeText(req.body, { field: field('body') });
    if (text.segments > o.maxSegments) {
      throw new SmsfleetError('SMSFLEET_ERR_MESSAGE_TOO_LONG', `The text needs ${text.segments} segments; at most ${o.maxSegments} are allowed.`,
        { field: field('body'), reason: `needs ${text.segments} segments (${text.encoding}), the limit is ${o.maxSegments}` });
    }
    const contact = await this.deps.store.contacts.get(phone.e164);
    if (contact?.optedOut) {
      throw new SmsfleetError('SMSFLEET_ERR_OPTED_OUT', `${phone.e164} has opted out of texts.`, { field: field('to'), reason: 'the recipient replied STOP' });
    }
    return { req, to: phone.e164, body: text.text, segments: text.segments, encoding: text.encoding };
  }

  private async create(p: Prepared, idempotencyKey: string | undefined, now: Date): Promise<SendOutcome> {
    const { req } = p;
    const at = now.toISOString();
    const scheduled = req.sendAt !== undefined && Date.parse(req.sendAt) > now.getTime();
    const startsAt = scheduled ? Date.parse(req.sendAt!) : now.getTime();
    const message: Message = {
      id: newId('msg', now), to: p.to, body: p.body, segments: p.segments, encoding: p.encoding,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(req.deviceId !== undefined || req.sim !== undefined ? { requested: { ...(req.deviceId ? { deviceId: req.deviceId } : {}), ...(req.sim ? { sim: req.sim } : {}) } } : {}),
      ...(req.reference ? { reference: req.reference } : {}), ...(req.metadata ? { metadata: req.metadata } : {}),
      ...(req.campaign ? { campaign: req.campaign } : {}), ...(req.tags ? { tags: req.tags } : {}),
      priority: req.priority,
      ...(scheduled ? { sendAt: req.sendAt } : {}),
      ...(req.ttlSeconds ? { expiresAt: new Date(startsAt + req.ttlSeconds * 1000).toISOString() } : {}),
      status: scheduled ? 'scheduled' : 'queued', attempts: 0, createdAt: at, updatedAt: at,
      retainUntil: new Date(now.getTime() + this.deps.options.retentionDays * 86400_000).toISOString(), version: 0,
    };
    const first: StatusEvent = { id: newId('evt', now), messageId: message.id, status: message.status, at, source: 'api' };
    const fingerprint = createHash('sha256').update(JSON.stringify(req)).digest('hex');
    const r = await this.deps.store.messages.create(message, [first], { ...(idempotencyKey ? { idempotencyKey } : {}), fingerprint });
    if (!r.created) {
      if (!r.fingerprintMatches) {
        throw new SmsfleetError('SMSFLEET_ERR_IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used with a different request.',
          { field: 'Idempotency-Key', reason: 'already used with another body' });
      }
      return { message: r.message, created: false };
    }
    await this.deps.store.queue.enqueue(QUEUES.send, { id: message.id, dueAt: startsAt, priority: message.priority, payload: { messageId: message.id } });
    return { message: r.message, created: true };
  }

  /** Cancel a message that has not left the phone. */
  async cancel(id: string, now: Date): Promise<Message> {
    const m = await this.deps.store.messages.get(id);
    if (!m) throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, { field: 'params.id', reason: 'no message with this id' });
    if (isTerminal(m.status) || m.status === 'sent' || m.status === 'sending' || m.status === 'unknown') {
      throw new SmsfleetError('SMSFLEET_ERR_NOT_CANCELLABLE', `Message ${id} is ${m.status} and can no longer be cancelled.`, { field: 'params.id', reason: `status is ${m.status}` });
    }
    if (m.gatewayMessageId && m.from) {
      const res = await this.deps.fleet.forDevice(m.from.deviceId).adapter.cancel(m.gatewayMessageId);
      if (res !== 'cancelled') {
        throw new SmsfleetError('SMSFLEET_ERR_NOT_CANCELLABLE', `The gateway could not cancel message ${id} (${res}).`, { field: 'params.id', reason: `gateway answered ${res}` });
      }
    } else {
      await this.deps.store.queue.remove(QUEUES.send, id);
    }
    const event: StatusEvent = { id: newId('evt', now), messageId: id, status: 'cancelled', at: now.toISOString(), source: 'api' };
    const r = await this.deps.store.messages.update(id, (c) => applyToMessage(c, event, now));
    if (r?.changed) await this.deps.publisher.publish(statusChangedEvent(r.value, m.status, now));
    return r?.value ?? m;
  }
}
