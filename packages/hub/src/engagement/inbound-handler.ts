import type { FastifyBaseLogger } from 'fastify';
import {
  creditReply,
  isSmsfleetError,
  matchKeyword,
  MAX_CREDITED_INBOUND,
  rollupState,
  stableId,
  type Contact,
  type Engagement,
  type InboundSms,
  type InReplyTo,
  type KeywordKind,
  type Store,
} from '@smsfleet/core';
import type { HubConfig } from '../config';
import type { SendService } from '../send/send-service';
import type { EventPublisher } from '../webhooks/publisher';
import type { MediaUrls } from '../media/media-urls';

const EMPTY: Engagement = { links: 0, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 };

/**
 * Step 10 of the message path, for texts the phones receive: credit the reply to the message that prompted it,
 * act on compliance keywords (STOP-family opt-outs, START-family opt-ins, HELP), store the text, and publish
 * `sms.received` (with `inReplyTo` and `keyword`) and `contact.opted_out`. Confirmations go back from the same
 * SIM, as compliance sends.
 */
export class InboundHandler {
  constructor(
    private readonly deps: {
      store: Store;
      publisher: EventPublisher;
      sender: SendService | undefined;
      logger: FastifyBaseLogger;
      engagement: HubConfig['engagement'];
      /** Signs the URLs of an MMS's attachments in `sms.received`. */
      mediaUrls?: MediaUrls;
    },
  ) {}

  /**
   * Handle one inbound text. Idempotent for a given `sms.id` (the caller derives it from the gateway's ids): a retried
   * webhook redoes only what is missing, never twice. The text is stored under its id (replaced, not doubled), its
   * reply credit is kept from the first try, the reply is counted once per id, consent changes are keyword-time
   * ordered, the STOP/HELP answer goes out under an idempotency key of the id, and the events have ids derived from it
   * (a re-publish is the same event, redelivered with the same webhook-id at worst).
   */
  async handle(sms: InboundSms, now: Date): Promise<InboundSms> {
    const { store, publisher } = this.deps;
    const at = now.toISOString();
    const kw = matchKeyword(sms.body, { extraOptOut: this.deps.engagement.extraOptOutKeywords });
    // A try that stored the text already chose the message it answers: keep that choice (a message sent since must not
    // take the credit on the retry).
    const prior = await store.inbound.get(sms.id);
    let full: InboundSms;
    if (prior) full = prior;
    else {
      const credit = await creditReply(store, sms, this.deps.engagement.replyWindowMs);
      full = { ...sms, ...(credit ? { inReplyTo: credit.inReplyTo } : {}), ...(kw ? { keyword: kw.kind } : {}) };
      await store.inbound.add(full);
    }
    if (full.inReplyTo) await this.countReply(full.inReplyTo, full.id, kw?.kind, sms.receivedAt);
    const consent = kw ? await this.applyKeyword(sms.from, kw.kind, kw.keyword, sms.receivedAt) : 'unchanged';
    const changed = consent === 'changed';
    await publisher.publish({
      id: stableId('evt', `sms.received:${full.id}`),
      type: 'sms.received',
      timestamp: at,
      data: {
        inboundId: full.id,
        from: full.from,
        body: full.body,
        deviceId: full.deviceId,
        receivedAt: full.receivedAt,
        ...(full.to ? { to: full.to } : {}),
        ...(full.sim ? { sim: full.sim } : {}),
        ...(full.inReplyTo ? { inReplyTo: full.inReplyTo } : {}),
        ...(full.keyword ? { keyword: full.keyword } : {}),
        ...(full.media?.length && this.deps.mediaUrls ? { media: await this.deps.mediaUrls.links(full) } : {}),
      },
    });
    if (kw?.kind === 'opt_out' && changed) {
      await publisher.publish({
        id: stableId('evt', `contact.opted_out:${full.id}`),
        type: 'contact.opted_out',
        timestamp: at,
        data: {
          phone: sms.from,
          keyword: kw.keyword,
          source: 'keyword',
          at,
          ...(full.inReplyTo ? { inReplyTo: full.inReplyTo } : {}),
        },
      });
    }
    if (kw && consent !== 'stale') await this.confirm(full, kw.kind, changed, now);
    return full;
  }

  /** Credit inbound `inboundId` to the message it answers, once: the message keeps the latest credited ids. */
  private async countReply(
    to: InReplyTo,
    inboundId: string,
    kind: KeywordKind | undefined,
    receivedAt: string,
  ): Promise<void> {
    const r = await this.deps.store.messages.update(to.messageId, (c) => {
      const e = c.engagement ?? EMPTY;
      if (e.creditedInboundIds?.includes(inboundId)) return null;
      const ids = [...(e.creditedInboundIds ?? []), inboundId].slice(-MAX_CREDITED_INBOUND);
      const next: Engagement =
        kind === 'opt_out'
          ? { ...e, optedOut: true, creditedInboundIds: ids }
          : {
              ...e,
              replies: e.replies + 1,
              creditedInboundIds: ids,
              ...(e.firstReplyAt ? {} : { firstReplyAt: receivedAt }),
            };
      return { message: { ...c, engagement: next }, events: [] };
    });
    // Recorded even when already credited: a retried webhook heals a record that failed the first time.
    if (r) await this.deps.store.rollups.record(rollupState(r.value));
  }

  /**
   * Change consent by a keyword the phone received at `receivedAt`: `changed`; `unchanged` (a second STOP changes
   * nothing and is not announced again); or `stale`, when the contact's consent last moved the other way by a keyword
   * received at or after that time. Webhooks can arrive out of order, and "STOP" then "START" must leave the person
   * opted in whichever report the hub reads first. Only keyword times are compared (phone clocks with phone clocks):
   * a change made through the API never makes a keyword stale, so no clock skew can swallow a STOP.
   */
  private async applyKeyword(
    phone: string,
    kind: KeywordKind,
    keyword: string,
    receivedAt: string,
  ): Promise<'changed' | 'unchanged' | 'stale'> {
    if (kind === 'help') return 'unchanged';
    const sent = Date.parse(receivedAt);
    const later = (cur: Contact, t: string | undefined) =>
      cur.source === 'keyword' && t !== undefined && Date.parse(t) >= sent;
    let stale = false;
    let mine = false;
    const r = await this.deps.store.contacts.upsert(phone, (c) => {
      const cur: Contact = c ?? { phone, optedOut: false };
      mine = false;
      stale =
        kind === 'opt_out' ? !cur.optedOut && later(cur, cur.optedInAt) : cur.optedOut && later(cur, cur.optedOutAt);
      if (stale) return null;
      // Already as this very keyword left it (a retried webhook, or a duplicate processed alongside): its change.
      mine =
        cur.source === 'keyword' &&
        cur.keyword === keyword &&
        (kind === 'opt_out'
          ? cur.optedOut && cur.optedOutAt === receivedAt
          : !cur.optedOut && cur.optedInAt === receivedAt);
      if (kind === 'opt_out')
        return cur.optedOut ? null : { ...cur, optedOut: true, optedOutAt: receivedAt, source: 'keyword', keyword };
      return cur.optedOut ? { ...cur, optedOut: false, optedInAt: receivedAt, source: 'keyword', keyword } : null;
    });
    return r.changed || mine ? 'changed' : stale ? 'stale' : 'unchanged';
  }

  private async confirm(sms: InboundSms, kind: KeywordKind, changed: boolean, now: Date): Promise<void> {
    const e = this.deps.engagement;
    const text =
      kind === 'opt_out' ? e.optOutReply : kind === 'opt_in' ? (changed ? e.optInReply : undefined) : e.helpReply;
    if (!text || !this.deps.sender) return;
    try {
      await this.deps.sender.send([{ to: sms.from, body: text }], {
        now,
        idempotencyKey: `compliance:${sms.id}`,
        compliance: { deviceId: sms.deviceId, ...(sms.sim ? { sim: sms.sim } : {}) },
      });
    } catch (err) {
      // A store failure fails the webhook, so the gateway's retry sends it (once: the key is the inbound id's).
      if (isSmsfleetError(err, 'SMSFLEET_ERR_STORE')) throw err;
      // The keyword itself took effect; a confirmation that cannot be sent is logged, never fatal.
      this.deps.logger.error({ err, inboundId: sms.id, kind }, 'could not send the compliance answer');
    }
  }
}
