import { isTerminal, type MessageStatus } from '@smsfleet/core';

/** One message of the campaign, as the client saw it. */
export interface CampaignItem {
  /** The `Idempotency-Key` (also the message's `reference`). */
  key: string;
  /** The exact text sent (unique per item, so the phones' truth maps back to the item). */
  text: string;
  /** Whether the hub ever answered 2xx for this key. */
  accepted: boolean;
  /** Every message id the hub answered for this key, in order (more than one distinct id = created twice). */
  answeredIds: string[];
}

/** What the hub says about one message at the end (`GET /v1/messages/:id` or the list). */
export interface HubMessageView {
  id: string;
  reference?: string;
  status: MessageStatus;
  /** The failure's code and explanation, when there is one (shown in the details of `unknown`). */
  reason?: string;
}

/** The part of a fleet-sim truth message the judge needs. */
export interface TruthView {
  id: string;
  text: string;
  finalState: string;
  states: Array<{ state: string }>;
  partsSentAt: number[];
}

/** One `message.status_changed` delivery the runner's receiver got. */
export interface ReceivedEvent {
  webhookId: string;
  messageId: string;
  status: string;
}

/** The figures of one chaos run. The first six must be 0. */
export interface ChaosFigures {
  /**
   * Accepted (a 2xx for its key), yet no phone ever sent it and the hub has no final status for it (or no record at
   * all).
   */
  lost: number;
  /** The phones put more than one text for one campaign item on the air. */
  textedTwice: number;
  /** The hub's final status contradicts what the phone really did (`unknown` excepted: see `unconfirmed`). */
  wrongFinal: number;
  /** A phone sent it, but the hub's status is still not final (nor `unknown`) at the end. */
  stuck: number;
  /** More than one hub message for one idempotency key. */
  createdTwice: number;
  /** Two different `webhook-id`s carried the same (message, status): a subscriber that dedupes by id sees it twice. */
  doubledEvents: number;
  /** Ended `unknown` (the hub could not confirm a hand-over and did not resend it): not wrong, but counted. */
  unconfirmed: number;
  /** Deliveries of a `webhook-id` already received (at-least-once retries; harmless for a subscriber that dedupes). */
  redelivered: number;
  /** A final (or `unknown`) hub status for which no event ever reached the subscriber. */
  missingFinalEvents: number;
  /** Items the hub never answered 2xx for, after all the client's retries (not judged further). */
  notAccepted: number;
  /** Campaign items, accepted items, and texts the phones put on the air. */
  messages: number;
  accepted: number;
  texts: number;
}

/** The figures and, for each failure figure, the keys (or message/status pairs) behind it. */
export interface Judgement {
  figures: ChaosFigures;
  details: Partial<Record<keyof ChaosFigures, string[]>>;
}

/** What the phones really did for one item. */
type TruthOutcome = 'delivered' | 'sent' | 'failed' | 'expired' | 'not-sent';

const FAILED_FAMILY: ReadonlySet<string> = new Set(['failed', 'undelivered', 'rejected']);

function texted(t: TruthView): boolean {
  return t.partsSentAt.length > 0 || t.states.some((s) => s.state === 'sent' || s.state === 'delivered');
}

function truthOutcome(ts: TruthView[]): TruthOutcome {
  if (ts.some((t) => t.finalState === 'delivered')) return 'delivered';
  if (ts.some(texted)) return 'sent';
  if (ts.some((t) => t.finalState === 'failed')) return 'failed';
  if (ts.some((t) => t.finalState === 'expired')) return 'expired';
  return 'not-sent';
}

/** Whether a final hub status agrees with what the phones did. */
function agrees(status: MessageStatus, truth: TruthOutcome): boolean {
  if (status === 'delivered') return truth === 'delivered';
  if (FAILED_FAMILY.has(status)) return truth === 'failed' || truth === 'expired' || truth === 'not-sent';
  if (status === 'expired') return truth === 'expired' || truth === 'not-sent';
  if (status === 'cancelled') return truth === 'not-sent';
  return false;
}

/**
 * Judge a chaos run: the campaign as the client saw it, every hub message found for it, fleet-sim's ground
 * truth, and the status events the subscriber received. Pure, so a miscount is caught by its tests.
 */
export function judge(input: {
  items: CampaignItem[];
  hub: HubMessageView[];
  truth: TruthView[];
  events: ReceivedEvent[];
}): Judgement {
  const details: Judgement['details'] = {};
  const note = (k: keyof ChaosFigures, what: string) => {
    (details[k] ??= []).push(what);
  };
  const hubById = new Map(input.hub.map((m) => [m.id, m]));
  const hubByRef = new Map<string, HubMessageView[]>();
  for (const m of input.hub)
    if (m.reference !== undefined) hubByRef.set(m.reference, [...(hubByRef.get(m.reference) ?? []), m]);
  const truthByText = new Map<string, TruthView[]>();
  for (const t of input.truth) truthByText.set(t.text, [...(truthByText.get(t.text) ?? []), t]);
  const eventPairs = new Map<string, Set<string>>();
  let redelivered = 0;
  const seenIds = new Set<string>();
  for (const e of input.events) {
    if (seenIds.has(e.webhookId)) redelivered++;
    seenIds.add(e.webhookId);
    const pair = `${e.messageId} ${e.status}`;
    eventPairs.set(pair, (eventPairs.get(pair) ?? new Set()).add(e.webhookId));
  }
  const f: ChaosFigures = {
    lost: 0,
    textedTwice: 0,
    wrongFinal: 0,
    stuck: 0,
    createdTwice: 0,
    doubledEvents: 0,
    unconfirmed: 0,
    redelivered,
    missingFinalEvents: 0,
    notAccepted: 0,
    messages: input.items.length,
    accepted: 0,
    texts: 0,
  };
  for (const [pair, ids] of eventPairs)
    if (ids.size > 1) {
      f.doubledEvents++;
      note('doubledEvents', `${pair} x${ids.size}`);
    }

  for (const item of input.items) {
    const truths = truthByText.get(item.text) ?? [];
    const texts = truths.filter(texted).length;
    f.texts += texts;
    if (texts > 1) {
      f.textedTwice++;
      note('textedTwice', `${item.key} x${texts}`);
    }
    const ids = [...new Set([...item.answeredIds, ...(hubByRef.get(item.key) ?? []).map((m) => m.id)])];
    if (ids.length > 1) {
      f.createdTwice++;
      note('createdTwice', `${item.key}: ${ids.join(', ')}`);
    }
    if (!item.accepted) {
      f.notAccepted++;
      continue;
    }
    f.accepted++;
    const primary = ids.map((id) => hubById.get(id)).find((m) => m !== undefined);
    if (!primary) {
      f.lost++;
      note('lost', `${item.key}: no hub record`);
      continue;
    }
    const outcome = truthOutcome(truths);
    if (primary.status === 'unknown') {
      f.unconfirmed++;
      note(
        'unconfirmed',
        `${item.key} (${primary.id}): phone ${outcome}${primary.reason ? `; ${primary.reason}` : ''}`,
      );
    } else if (!isTerminal(primary.status)) {
      if (texts === 0) {
        f.lost++;
        note('lost', `${item.key} (${primary.id}): ${primary.status}, never sent`);
      } else {
        f.stuck++;
        note('stuck', `${item.key} (${primary.id}): ${primary.status}, phone ${outcome}`);
      }
      continue;
    } else if (!agrees(primary.status, outcome)) {
      f.wrongFinal++;
      note('wrongFinal', `${item.key} (${primary.id}): hub ${primary.status}, phone ${outcome}`);
    }
    if (!eventPairs.has(`${primary.id} ${primary.status}`)) {
      f.missingFinalEvents++;
      note('missingFinalEvents', `${item.key} (${primary.id}): ${primary.status}`);
    }
  }
  return { figures: f, details };
}

/** The figures that must all be 0 for a run to pass. */
export const MUST_BE_ZERO = [
  'lost',
  'textedTwice',
  'wrongFinal',
  'stuck',
  'createdTwice',
  'doubledEvents',
] as const satisfies ReadonlyArray<keyof ChaosFigures>;
