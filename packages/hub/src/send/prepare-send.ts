import {
  analyzeText,
  isSmsfleetError,
  newId,
  normalizePhone,
  parseOrThrow,
  quietHoursDeferral,
  SendRequest,
  shortenLinks,
  SmsfleetError,
  type FieldIssue,
  type NormalizePhoneOptions,
  type SendRequestParsed,
  type Contact,
  type ShortLink,
  type Store,
  type TextAnalysis,
} from '@smsfleet/core';
import type { FleetRegistry } from '../fleet';
import { renderTemplatedSend } from './render-template';
import type { ComplianceSend, FieldNamer, SendOptions } from './send-options';

/** One message of a send request, validated, with its final text, short links and schedule. */
export interface Prepared {
  req: SendRequestParsed;
  id: string;
  to: string;
  text: TextAnalysis;
  links: ShortLink[];
  footer: boolean;
  optedOut: boolean;
  /** The recipient's contact as read for this send (null: none yet), a hint for the create's contact update. */
  contact?: Contact | null;
  /** Quiet hours push the send to this time. */
  deferredUntil?: Date;
}

/**
 * Step 2 of the message path: validate one message of a send request and work out what would be sent (number,
 * device and SIM, length after links and footer, opt-out, quiet hours), writing nothing.
 */
export class SendPreparer {
  constructor(
    private readonly deps: {
      store: Pick<Store, 'devices' | 'contacts' | 'templates'>;
      fleet: FleetRegistry;
      options: SendOptions;
    },
  ) {}

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

  /**
   * `validated`: `raw` is the output of the `TemplatedSendRequest` schema (the API route checked it), so it is parsed
   * only when a template was filled in (the text is new); otherwise `raw` is parsed here.
   */
  async prepare(
    raw: unknown,
    field: (f: string) => string,
    now: Date,
    compliance?: ComplianceSend,
    validated = false,
  ): Promise<Prepared> {
    const input = await renderTemplatedSend(raw, field, {
      store: this.deps.store,
      phone: (f) => this.phoneOptions(f),
      validated,
    });
    // A body-send that passed the route's schema already is a parsed SendRequest: the two schemas share their fields
    // and TemplatedSendRequest refuses template keys beside a body.
    const req =
      validated && input === raw
        ? (input as SendRequestParsed)
        : parseOrThrow(SendRequest, input, field('').replace(/\.$/, '') || undefined);
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
    // The caller's own text must be valid before anything is added.
    const own = analyzeText(req.body, { field: field('body') });
    const id = newId('msg', now);
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
            retainUntil: new Date(now.getTime() + o.retentionDays * 86400_000).toISOString(),
            now,
          })
        : { body: req.body, links: [] };
    const contact = await this.deps.store.contacts.get(phone.e164);
    const footer = !compliance && (req.optOutFooter ?? o.footerByDefault) && !contact?.firstMessageAt;
    const body = footer ? `${shortened.body}\n${o.footer}` : shortened.body;
    // Without links or footer the text is the caller's own: its analysis is the one above (the analysis is pure).
    const text = body === req.body ? own : analyzeText(body, { field: field('body') });
    if (text.segments > o.maxSegments) {
      throw new SmsfleetError(
        'SMSFLEET_ERR_MESSAGE_TOO_LONG',
        `The text needs ${text.segments} segments; at most ${o.maxSegments} are allowed.`,
        {
          field: field('body'),
          reason:
            `needs ${text.segments} segments (${text.encoding})` +
            `${shortened.links.length || footer ? ' after links and footer' : ''}, the limit is ${o.maxSegments}`,
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
      contact: contact ?? null,
      ...(deferredUntil ? { deferredUntil } : {}),
    };
  }
}
