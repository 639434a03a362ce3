import { hash } from 'node:crypto';
import {
  newId,
  SmsfleetError,
  vouchForCreate,
  type FieldIssue,
  type Message,
  type MessageUpdateRequest,
  type StatusEvent,
} from '@smsfleet/core';
import { cancelMessage } from './cancel-message';
import { CreateFinisher, type CreateOutbox } from './create-outbox';
import { type Prepared, SendPreparer } from './prepare-send';
import { updateMessage } from './update-message';
import type { ComplianceSend, FieldNamer, SendOutcome, SendPreview, SendServiceDeps } from './send-options';

export type {
  ComplianceSend,
  FieldNamer,
  SendOptions,
  SendOutcome,
  SendPreview,
  SendServiceDeps,
} from './send-options';

/**
 * Steps 2-4 of the message path: validate every message of the request before writing anything (numbers,
 * devices, SIMs, length, opt-outs), create each message with its idempotency key, and enqueue its send job.
 */
export class SendService {
  private readonly finisher: CreateFinisher;
  private readonly preparer: SendPreparer;

  constructor(private readonly deps: SendServiceDeps) {
    this.finisher = new CreateFinisher(deps.store);
    this.preparer = new SendPreparer(deps);
  }

  /**
   * Validate, create and enqueue. `ctx.field` names field `f` of message `i` in errors as the caller's request has it
   * (the API: `body.to`, or `body.messages.3.to` in a bulk send); by default the bare field name. `ctx.validated`:
   * each input is the output of the `TemplatedSendRequest` schema (the route checked the body with it), so it is not
   * parsed again; anything else is parsed here.
   */
  async send(
    input: unknown[],
    ctx: { idempotencyKey?: string; now: Date; field?: FieldNamer; compliance?: ComplianceSend; validated?: boolean },
  ): Promise<SendOutcome[]> {
    const field = ctx.field ?? ((_i: number, f: string) => f);
    const prepared: Prepared[] = [];
    for (let i = 0; i < input.length; i++) {
      const p = await this.preparer.prepare(input[i], (f) => field(i, f), ctx.now, ctx.compliance, ctx.validated);
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

  /**
   * Validate one message and show what would be sent, writing nothing. `field` names fields in errors, as in {@link
   * send}.
   */
  async preview(input: unknown, now: Date, field: FieldNamer = (_i, f) => f): Promise<SendPreview> {
    const p = await this.preparer.prepare(input, (f) => field(0, f), now);
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
    const priority = compliance ? 127 : req.urgent ? Math.max(100, req.priority) : req.priority;
    // Built by assignment rather than spreads of `cond ? {…} : {}`: a send allocates one object per message here.
    const message: Message = {
      id: p.id,
      to: p.to,
      body: p.text.text,
      segments: p.text.segments,
      encoding: p.text.encoding,
      priority,
      status: scheduled ? 'scheduled' : 'queued',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      retainUntil: new Date(now.getTime() + this.deps.options.retentionDays * 86400_000).toISOString(),
      version: 0,
    };
    if (idempotencyKey) message.idempotencyKey = idempotencyKey;
    if (compliance)
      message.requested = compliance.sim
        ? { deviceId: compliance.deviceId, sim: compliance.sim }
        : { deviceId: compliance.deviceId };
    else if (req.deviceId || req.sim)
      message.requested = { ...(req.deviceId ? { deviceId: req.deviceId } : {}), ...(req.sim ? { sim: req.sim } : {}) };
    if (req.reference) message.reference = req.reference;
    if (req.metadata) message.metadata = req.metadata;
    if (req.campaign) message.campaign = req.campaign;
    if (req.tags) message.tags = req.tags;
    if (scheduled) message.sendAt = sendAt;
    if (req.ttlSeconds) message.expiresAt = new Date(startsAt + req.ttlSeconds * 1000).toISOString();
    if (p.links.length)
      message.engagement = { links: p.links.length, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };
    const first: StatusEvent = {
      id: newId('evt', now),
      messageId: message.id,
      status: message.status,
      at,
      source: 'api',
    };
    if (p.deferredUntil) first.note = `deferred by the contact's quiet hours until ${p.deferredUntil.toISOString()}`;
    else if (compliance) first.note = 'compliance answer';
    const outbox: CreateOutbox = {
      send: { dueAt: startsAt, priority },
      trackAt: startsAt + (this.deps.options.trackAfterMs ?? 10 * 60_000),
    };
    if (p.links.length) outbox.links = p.links;
    if (!compliance) outbox.contact = { phone: p.to, at };
    const packed = JSON.stringify(outbox);
    // The message, its first event, the key's claim and the outbox are one create: whatever fails after it, the outbox
    // says what is left, and a retry with the key (below) or the sweeper finishes it. The answer waits for all of it.
    const events = [first];
    // Every field comes from a value a schema checked (the request, the E.164 number, the clock) but these: a text
    // that links and a footer lengthened, a caller's key and a compliance answer's device. The store parses only them,
    // and only when set: the caller's own text passed the same rule (`SendRequest.body`) and an absent field is valid.
    const unchecked: ('body' | 'idempotencyKey' | 'requested')[] = [];
    if (message.body !== req.body) unchecked.push('body');
    if (message.idempotencyKey !== undefined) unchecked.push('idempotencyKey');
    if (message.requested !== undefined) unchecked.push('requested');
    vouchForCreate(message, events, unchecked);
    const r = await this.deps.store.messages.create(message, events, {
      // The fingerprint tells a repeat of the key with another body; without a key nothing compares it.
      ...(idempotencyKey ? { idempotencyKey, fingerprint: hash('sha256', JSON.stringify(req), 'hex') } : {}),
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
    await this.finisher.finish(r.message, outbox, true, p.contact); // the object the JSON was made from
    return { message: r.message, created: true };
  }

  /**
   * The recipient problems of messages that failed schema validation, so a refused send names every problem at once
   * (see {@link SendPreparer.recipientIssues}).
   */
  recipientIssues(inputs: readonly unknown[], field: FieldNamer, named: ReadonlySet<string>): FieldIssue[] {
    return this.preparer.recipientIssues(inputs, field, named);
  }

  /** Cancel a message that has not left the phone. */
  cancel(id: string, now: Date): Promise<Message> {
    return cancelMessage(this.deps, id, now);
  }

  /** Edit a message that has not been handed over yet (update-message.ts). */
  update(id: string, req: MessageUpdateRequest, now: Date): Promise<Message> {
    return updateMessage(this.deps, id, req, now);
  }
}
