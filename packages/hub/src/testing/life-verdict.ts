import type { InboundSms, Message, StatusEvent } from '@smsfleet/core';
import type { TruthInbound, TruthMessage, TruthState } from '@smsfleet/fleet-sim';
import { Webhook } from 'standardwebhooks';
import type { ReceivedWebhook } from './receiver';

/** Everything the verdict looks at, read after the recovery horizon. */
export interface LifeFacts {
  /** The client got a 2xx for its send (first try or a retry with the same key). */
  accepted: boolean;
  /** The send's last answer when it was a 4xx. */
  answered4xx?: string;
  message: Message | undefined;
  events: StatusEvent[];
  /** `GET /v1/messages?to=` for the customer. */
  listed: Message[];
  /** Fleet-sim's record of every SMS to the customer. */
  truth: TruthMessage[];
  inbound: InboundSms[];
  truthInbound: TruthInbound[];
  received: ReceivedWebhook[];
  /**
   * The subscription's signing secret (signatures are checked here: timestamps are sim time, so the receiver's
   * freshness check does not apply).
   */
  secret: string;
  clickTried: boolean;
  clicked: boolean;
  log: string[];
  /**
   * The message's figures as the metric roll-ups of its hour give them, and as computed from the message itself
   * (time to deliver left out: the roll-ups keep it in log buckets).
   */
  rollups?: { fromRollups: object; fromMessage: object };
}

/** The verdict: `problems` break the promise (each starts with its category), `notes` are allowed but worth reading. */
export interface LifeVerdict {
  problems: string[];
  notes: string[];
  status?: string;
  phone: string;
  /** What the client saw (refused sends and clicks), for reading a failure. */
  log: string[];
}

const FINAL = new Set(['delivered', 'failed', 'expired', 'cancelled', 'unknown']);
const AS_HUB: Record<TruthState, string> = {
  queued: 'queued',
  picked: 'pending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
};

interface Delivered {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

function deliveries(received: ReceivedWebhook[], secret: string, problems: string[]): Delivered[] {
  const out: Delivered[] = [];
  const wh = new Webhook(secret);
  for (const w of received) {
    const id = String(w.headers['webhook-id']);
    const ts = Number(w.headers['webhook-timestamp']);
    const expected = wh.sign(id, new Date(ts * 1000), w.body);
    if (!String(w.headers['webhook-signature']).split(' ').includes(expected)) {
      problems.push(`webhook: a delivery's signature does not verify (${id})`);
      continue;
    }
    const p = JSON.parse(w.body) as { type: string; data: Record<string, unknown> };
    out.push({ id, type: p.type, data: p.data });
  }
  return out;
}

/** Distinct event ids of `list`, and how many deliveries repeated an id already seen (at-least-once redelivery). */
function distinct(list: Delivered[]): { events: Delivered[]; repeats: number } {
  const seen = new Map<string, Delivered>();
  for (const d of list) if (!seen.has(d.id)) seen.set(d.id, d);
  return { events: [...seen.values()], repeats: list.length - seen.size };
}

/**
 * Judge one life against ground truth: 0 lost, 0 texted twice, 0 stuck, final status equal to what the phone really
 * did (or `unknown` with a reason), created once and listed, each status event delivered once (a redelivery of the
 * same webhook id is at-least-once and only noted), the click counted, the reply stored and announced once.
 */
export function judgeLife(f: LifeFacts): LifeVerdict {
  const problems: string[] = [];
  const notes: string[] = [];
  const sends = f.truth.length;
  const phone = sends ? f.truth.map((t) => t.finalState).join('+') : 'never sent';
  const all = deliveries(f.received, f.secret, problems);
  if (f.answered4xx) problems.push(`send refused: the retried send answered ${f.answered4xx.slice(0, 160)}`);
  if (sends > 1) problems.push(`texted twice: the phone(s) sent it ${sends} times (${phone})`);
  if (!f.accepted) {
    if (sends > 0) problems.push('texted without acceptance: no 2xx ever answered, yet a phone sent it');
  } else if (!f.message) {
    problems.push('lost: accepted, and the hub has no record of it');
  } else {
    const m = f.message;
    const status = m.status;
    if (f.listed.length > 1) problems.push(`created twice: ${f.listed.length} messages to the customer`);
    if (f.listed.length === 0) problems.push('not listed: absent from GET /v1/messages');
    if (!FINAL.has(status)) {
      problems.push(
        sends === 0
          ? `lost: accepted, never reached a phone, still ${status}`
          : `stuck: still ${status} after the horizon (phone: ${phone})`,
      );
    } else if (status === 'unknown') {
      const why = m.failure?.explanation ?? [...f.events].reverse().find((e) => e.status === 'unknown')?.note;
      if (why) notes.push(`unknown (phone: ${phone}): ${why}`);
      else problems.push(`wrong final: unknown without a reason (phone: ${phone})`);
    } else if (sends === 0 && (status === 'delivered' || status === 'sent')) {
      problems.push(`wrong final: hub says ${status}, no phone ever sent it`);
    } else if (sends === 1 && AS_HUB[f.truth[0]!.finalState] !== status) {
      problems.push(`wrong final: hub says ${status}, the phone ${f.truth[0]!.finalState}`);
    }
    const { events, repeats } = distinct(
      all.filter((d) => d.type === 'message.status_changed' && d.data.messageId === m.id),
    );
    if (repeats) notes.push(`redelivered: ${repeats} status webhook(s) delivered again with the same webhook-id`);
    const byTransition = new Map<string, number>();
    for (const e of events) {
      const k = `${String(e.data.previousStatus)}>${String(e.data.status)}`;
      byTransition.set(k, (byTransition.get(k) ?? 0) + 1);
    }
    for (const [k, n] of byTransition)
      if (n > 1) problems.push(`doubled event: ${n} distinct status_changed events for ${k}`);
    if (FINAL.has(status) && !events.some((e) => e.data.status === status)) {
      const got = [...byTransition.keys()].join(', ') || 'none';
      problems.push(`event missing: the subscriber never heard the final status ${status} (got ${got})`);
    }
    if (f.clickTried && !f.clicked) problems.push('click failed: the visitor never got a redirect');
    if (f.clicked) {
      const unique = m.engagement?.uniqueClicks ?? 0;
      if (unique !== 1) problems.push(`click ${unique === 0 ? 'lost' : 'doubled'}: uniqueClicks is ${unique}`);
      if (!all.some((d) => d.type === 'link.clicked')) problems.push('event missing: no link.clicked');
    }
  }
  if (f.rollups && JSON.stringify(f.rollups.fromRollups) !== JSON.stringify(f.rollups.fromMessage))
    problems.push(
      `roll-up differs: ${JSON.stringify(f.rollups.fromRollups).slice(0, 300)} from the roll-ups, ` +
        `${JSON.stringify(f.rollups.fromMessage).slice(0, 300)} from the message`,
    );
  const inboundSeen = f.truthInbound.length;
  if (f.inbound.length < inboundSeen)
    problems.push(`inbound lost: the phone received ${inboundSeen}, the hub stored ${f.inbound.length}`);
  if (f.inbound.length > inboundSeen)
    problems.push(`inbound doubled: the phone received ${inboundSeen}, the hub stored ${f.inbound.length}`);
  const replies = distinct(all.filter((d) => d.type === 'sms.received'));
  if (replies.repeats)
    notes.push(`redelivered: ${replies.repeats} sms.received webhook(s) again with the same webhook-id`);
  if (replies.events.length < inboundSeen) problems.push('event missing: no sms.received for the reply');
  if (replies.events.length > inboundSeen)
    problems.push(`doubled event: ${replies.events.length} distinct sms.received for ${inboundSeen} reply`);
  return { problems, notes, ...(f.message ? { status: f.message.status } : {}), phone, log: f.log };
}
