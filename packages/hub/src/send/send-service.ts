import { createHash } from 'node:crypto';
import {
  analyzeText,
  applyToMessage,
  cancelRefusal,
  isSmsfleetError,
  newId,
  normalizePhone,
  parseOrThrow,
  quietHoursDeferral,
  SendRequest,
  shortenLinks,
  transition,
  SmsfleetError,
  type FieldIssue,
  type Message,
  type NormalizePhoneOptions,
  type QuietHours,
  type SendRequestParsed,
  type ShortLink,
  type StatusEvent,
  type Store,
  type CountryCode,
  type TextAnalysis,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import type { EventPublisher } from '../webhooks/publisher';
import { CreateFinisher, type CreateOutbox } from './create-outbox';
import { QUEUES } from '../queues';
import { transitionPorts } from './transition-ports';

/** Options of the send service, from the hub config. */
export interface SendOptions {
  defaultRegion?: CountryCode;
  refuseNonMobile: boolean;
  retentionDays: number;
  /** Most segments one message may have (longer texts are refused with SMSFLEET_ERR_MESSAGE_TOO_LONG). */
  maxSegments: number;
  /** Base of short links, without a trailing slash. */
  shortUrl: string;
  /** The opt-out footer, and whether sends get it on a first text unless they say otherwise. */
  footer: string;
  footerByDefault: boolean;
  /** Absent: no quiet hours. */
  quietHours?: QuietHours;
  /**
   * The tracking deadline of a new message: the tracker first looks at it this long after it is due (default 10 min),
   * and a message whose send job went missing is re-enqueued then (see tracker.ts).
   */
  trackAfterMs?: number;
}

/** A compliance answer (opt-out confirmation, HELP): bypasses suppression, footer, quiet hours and link tracking. */
export interface ComplianceSend {
  deviceId: string;
  sim?: number;
}

/** What a send would look like, without sending (`POST /v1/messages/preview`). */
export interface SendPreview {
  to: string;
  body: string;
  segments: number;
  encoding: Message['encoding'];
  characters: number;
  ucs2Characters: string[];
  links: number;
  optOutFooter: boolean;
  deferredUntil?: string;
  warnings: { code: string; message: string }[];
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

/** How a request names field `field` of its message `index` (for error messages). */
export type FieldNamer = (index: number, field: string) => string;

/** One accepted message and whether this call created it (false: an idempotent repeat). */
export interface SendOutcome {
  message: Message;
  created: boolean;
  /** A repeat that finished what the first attempt left half-done (its send job, links, …). */
  repaired?: boolean;
}

interface Prepared {
  req: SendRequestParsed;
  id: string;
  to: string;
  text: TextAnalysis;
  links: ShortLink[];
  footer: boolean;
  optedOut: boolean;
  /** Quiet hours push the send to this time. */
  deferredUntil?: Date;
}

/**
 * Steps 2-4 of the message path: validate every message of the request before writing anything (numbers,
 * devices, SIMs, length, opt-outs), create each message with its idempotency key, and enqueue its send job.
 */
export class SendService {
  private readonly finisher: CreateFinisher;

  constructor(private readonly deps: SendServiceDeps) {
    this.finisher = new CreateFinisher(deps.store);
  }

  /**
   * Validate, create and enqueue. `ctx.field` names field `f` of message `i` in errors as the caller's request has it
   * (the API: `body.to`, or `body.messages.3.to` in a bulk send); by default the bare field name.
   */
  async send(
    input: unknown[],
    ctx: { idempotencyKey?: string; now: Date; field?: FieldNamer; compliance?: ComplianceSend },
  ): Promise<SendOutcome[]> {
    const field = ctx.field ?? ((_i: number, f: string) => f);
    const prepared: Prepared[] = [];
    for (let i = 0; i < input.length; i++) {
      const p = await this.prepare(input[i], (f) => field(i, f), ctx.now, ctx.compliance);
      if (p.optedOut && !ctx.compliance) {
        throw new SmsfleetError('SMSFLEET_ERR_OPTED_OUT', `${p.to} has opted out of texts.`, {
          field: field(i, 'to'),
          reason: 'the recipient opted out (STOP); they can opt in again with START',
        });
      }
      prepared.push(p);
    }
    const out: SendOutcome[] = [];
    for (let i = 0; i < prepared.length; i++) {
      const key =
        ctx.idempotencyKey === undefined
          ? undefined
          : input.length === 1
            ? ctx.idempotencyKey
            : `${ctx.idempotencyKey}:${i}`;
      out.push(await this.create(prepared[i]!, key, ctx.now, ctx.compliance));
    }
    if (out.some((o) => o.created || o.repaired)) this.deps.onEnqueued?.();
    return out;
  }

  /** Validate one message and show what would be sent, writing nothing. `field` names fields in errors, as in {@link send}. */
  async preview(input: unknown, now: Date, field: FieldNamer = (_i, f) => f): Promise<SendPreview> {
    const p = await this.prepare(input, (f) => field(0, f), now);
    const warnings: SendPreview['warnings'] = [];
    if (p.optedOut)
      warnings.push({ code: 'SMSFLEET_ERR_OPTED_OUT', message: `${p.to} has opted out; sending will be refused.` });
    if (p.text.encoding === 'UCS-2')
      warnings.push({
        code: 'UCS2',
        message: `These characters force UCS-2 (70 characters per part): ${p.text.ucs2Chars.join(' ')}`,
      });
    if (p.deferredUntil)
      warnings.push({
        code: 'QUIET_HOURS',
        message: `Inside the contact's quiet hours: it will be sent at ${p.deferredUntil.toISOString()}.`,
      });
    return {
      to: p.to,
      body: p.text.text,
      segments: p.text.segments,
      encoding: p.text.encoding,
      characters: [...p.text.text].length,
      ucs2Characters: p.text.ucs2Chars,
      links: p.links.length,
      optOutFooter: p.footer,
      ...(p.deferredUntil ? { deferredUntil: p.deferredUntil.toISOString() } : {}),
      warnings,
    };
  }

  /**
   * The recipient problems of messages that failed schema validation, so a refused send names every problem at once:
   * the schema check stops before the number is read, which would otherwise only be judged once the rest is fixed.
   * Only a `to` that is a string and that `named` (the fields the schema already named) does not cover is checked.
   */
  recipientIssues(inputs: readonly unknown[], field: FieldNamer, named: ReadonlySet<string>): FieldIssue[] {
    const issues: FieldIssue[] = [];
    inputs.forEach((input, i) => {
      const to = typeof input === 'object' && input !== null ? (input as { to?: unknown }).to : undefined;
      if (typeof to !== 'string' || named.has(field(i, 'to'))) return;
      try {
        normalizePhone(to, this.phoneOptions(field(i, 'to')));
      } catch (e) {
        if (!isSmsfleetError(e)) throw e;
        issues.push(...e.issues);
      }
    });
    return issues;
  }

  /** How this hub reads a recipient number named `field` in errors (default region, landlines refused or not). */
  private phoneOptions(field: string): NormalizePhoneOptions {
    const o = this.deps.options;
    return {
      field,
      refuseNonMobile: o.refuseNonMobile,
      ...(o.defaultRegion ? { defaultRegion: o.defaultRegion } : {}),
    };
  }

  private async prepare(
    raw: unknown,
    field: (f: string) => string,
    now: Date,
    compliance?: ComplianceSend,
  ): Promise<Prepared> {
    const req = parseOrThrow(SendRequest, raw, field('').replace(/\.$/, '') || undefined);
    const o = this.deps.options;
    const phone = normalizePhone(req.to, this.phoneOptions(field('to')));
    if (req.deviceId !== undefined) {
      try {
        this.deps.fleet.forDevice(req.deviceId);
      } catch {
        throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `No device ${req.deviceId} in the fleet.`, {
          field: field('deviceId'),
          reason: 'no such device',
        });
      }
      if (req.sim !== undefined) {
        const d = await this.deps.store.devices.get(req.deviceId);
        if (!d?.sims.some((s) => s.slot === req.sim)) {
          throw new SmsfleetError('SMSFLEET_ERR_UNKNOWN_DEVICE', `Device ${req.deviceId} has no SIM ${req.sim}.`, {
            field: field('sim'),
            reason: 'no such SIM on the device',
          });
        }
      }
    }
    if (req.sendAt && req.ttlSeconds && Date.parse(req.sendAt) + req.ttlSeconds * 1000 <= now.getTime()) {
      throw new SmsfleetError('SMSFLEET_ERR_VALIDATION', 'The message would expire before it is sent.', {
        field: field('ttlSeconds'),
        reason: 'sendAt + ttlSeconds is in the past',
      });
    }
    analyzeText(req.body, { field: field('body') }); // the caller's own text must be valid before anything is added
    const id = newId('msg', now);
    const retainUntil = new Date(now.getTime() + o.retentionDays * 86400_000).toISOString();
    const shortened =
      req.trackLinks && !compliance
        ? shortenLinks({
            body: req.body,
            messageId: id,
            to: phone.e164,
            shortBaseUrl: o.shortUrl,
            options: req.links,
            reference: req.reference,
            metadata: req.metadata,
            campaign: req.campaign,
            tags: req.tags,
            retainUntil,
            now,
          })
        : { body: req.body, links: [] };
    const contact = await this.deps.store.contacts.get(phone.e164);
    const footer = !compliance && (req.optOutFooter ?? o.footerByDefault) && !contact?.firstMessageAt;
    const body = footer ? `${shortened.body}\n${o.footer}` : shortened.body;
    const text = analyzeText(body, { field: field('body') });
    if (text.segments > o.maxSegments) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_MESSAGE_TOO_LONG',
        `The text needs ${text.segments} segments; at most ${o.maxSegments} are allowed.`,
        {
          field: field('body'),
          reason: `needs ${text.segments} segments (${text.encoding})${shortened.links.length || footer ? ' after links and footer' : ''}, the limit is ${o.maxSegments}`,
        },
      );
    }
    const startsAt = req.sendAt && Date.parse(req.sendAt) > now.getTime() ? new Date(req.sendAt) : now;
    const urgent = req.urgent || req.priority >= 100 || compliance !== undefined;
    const deferredUntil = o.quietHours && !urgent ? quietHoursDeferral(phone.e164, startsAt, o.quietHours) : undefined;
    return {
      req,
      id,
      to: phone.e164,
      text,
      links: shortened.links,
      footer,
      optedOut: contact?.optedOut === true,
      ...(deferredUntil ? { deferredUntil } : {}),
    };
  }

  private async create(
    p: Prepared,
    idempotencyKey: string | undefined,
    now: Date,
    compliance?: ComplianceSend,
  ): Promise<SendOutcome> {
    const { req } = p;
    const at = now.toISOString();
    const sendAt = p.deferredUntil?.toISOString() ?? req.sendAt;
    const scheduled = sendAt !== undefined && Date.parse(sendAt) > now.getTime();
    const startsAt = scheduled ? Date.parse(sendAt!) : now.getTime();
    const requested = compliance
      ? { deviceId: compliance.deviceId, ...(compliance.sim ? { sim: compliance.sim } : {}) }
      : { ...(req.deviceId ? { deviceId: req.deviceId } : {}), ...(req.sim ? { sim: req.sim } : {}) };
    const message: Message = {
      id: p.id,
      to: p.to,
      body: p.text.text,
      segments: p.text.segments,
      encoding: p.text.encoding,
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(Object.keys(requested).length ? { requested } : {}),
      ...(req.reference ? { reference: req.reference } : {}),
      ...(req.metadata ? { metadata: req.metadata } : {}),
      ...(req.campaign ? { campaign: req.campaign } : {}),
      ...(req.tags ? { tags: req.tags } : {}),
      priority: compliance ? 127 : req.urgent ? Math.max(100, req.priority) : req.priority,
      ...(scheduled ? { sendAt } : {}),
      ...(req.ttlSeconds ? { expiresAt: new Date(startsAt + req.ttlSeconds * 1000).toISOString() } : {}),
      status: scheduled ? 'scheduled' : 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      retainUntil: new Date(now.getTime() + this.deps.options.retentionDays * 86400_000).toISOString(),
      version: 0,
      ...(p.links.length
        ? { engagement: { links: p.links.length, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 } }
        : {}),
    };
    const first: StatusEvent = {
      id: newId('evt', now),
      messageId: message.id,
      status: message.status,
      at,
      source: 'api',
      ...(p.deferredUntil
        ? { note: `deferred by the contact's quiet hours until ${p.deferredUntil.toISOString()}` }
        : compliance
          ? { note: 'compliance answer' }
          : {}),
    };
    const fingerprint = createHash('sha256').update(JSON.stringify(req)).digest('hex');
    const outbox: CreateOutbox = {
      ...(p.links.length ? { links: p.links } : {}),
      ...(compliance ? {} : { contact: { phone: p.to, at } }),
      send: { dueAt: startsAt, priority: message.priority },
      trackAt: startsAt + (this.deps.options.trackAfterMs ?? 10 * 60_000),
    };
    const packed = JSON.stringify(outbox);
    // The message, its first event, the key's claim and the outbox are one create: whatever fails after it, the outbox
    // says what is left, and a retry with the key (below) or the sweeper finishes it. The answer waits for all of it.
    const r = await this.deps.store.messages.create(message, [first], {
      ...(idempotencyKey ? { idempotencyKey } : {}),
      fingerprint,
      outbox: packed,
    });
    if (!r.created) {
      if (!r.fingerprintMatches) {
        throw new SmsfleetError(
          'SMSFLEET_ERR_IDEMPOTENCY_CONFLICT',
          'This Idempotency-Key was used with a different request.',
          { field: 'Idempotency-Key', reason: 'already used with another body' },
        );
      }
      if (r.outbox === undefined) return { message: r.message, created: false };
      await this.finisher.finish(r.message, r.outbox);
      return { message: r.message, created: false, repaired: true };
    }
    await this.finisher.finish(r.message, packed, true);
    return { message: r.message, created: true };
  }

  /** Cancel a message that has not left the phone. */
  async cancel(id: string, now: Date): Promise<Message> {
    const m = await this.deps.store.messages.get(id);
    if (!m)
      throw new SmsfleetError('SMSFLEET_ERR_NOT_FOUND', `No message ${id}.`, {
        field: 'params.id',
        reason: 'no message with this id',
      });
    const refusal = cancelRefusal(m);
    if (refusal) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_NOT_CANCELLABLE',
        `Message ${id} is ${m.status} and can no longer be cancelled.`,
        { field: 'params.id', reason: refusal },
      );
    }
    if (m.gatewayMessageId && m.from) {
      const res = await this.deps.fleet.forDevice(m.from.deviceId).adapter.cancel(m.gatewayMessageId);
      if (res !== 'cancelled') {
        throw new SmsfleetError(
          'SMSFLEET_ERR_NOT_CANCELLABLE',
          `The gateway could not cancel message ${id} (${res}).`,
          { field: 'params.id', reason: `gateway answered ${res}` },
        );
      }
    } else {
      await this.deps.store.queue.remove(QUEUES.send, id);
    }
    const event: StatusEvent = {
      id: newId('evt', now),
      messageId: id,
      status: 'cancelled',
      at: now.toISOString(),
      source: 'api',
    };
    const r = await transition(transitionPorts(this.deps), id, (c) => applyToMessage(c, event, now), now);
    return r?.value ?? m;
  }
}
