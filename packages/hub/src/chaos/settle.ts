// After the campaign and its faults: wait until every accepted message has a final status with its event and the
// phones are idle, or until nothing has changed for a while (what is left then is stuck, not slow).
import { isTerminal, type MessageStatus } from '@smsfleet/core';
import type { TruthSnapshot } from '@smsfleet/fleet-sim';
import { readHubMessages } from './hub-view';
import type { CampaignItem, ReceivedEvent } from './judge';

/** What the wait reads. */
export interface SettleInput {
  urls: string[];
  apiKey: string;
  campaign: string;
  items: CampaignItem[];
  receiver: { events: ReceivedEvent[] };
  /** The phones' latest ground truth (kept fresh by the run's watcher). */
  truth(): TruthSnapshot | undefined;
  settleTimeoutS: number;
  say(line: string): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const settled = (status: MessageStatus) => isTerminal(status) || status === 'unknown';

/** Resolve once the run has settled, or gave up waiting (and said so). */
export async function waitToSettle(s: SettleInput): Promise<void> {
  const { urls, apiKey, campaign, items, receiver, say } = s;
  const settleUntil = Date.now() + s.settleTimeoutS * 1000;
  let lastState = '';
  let lastChange = Date.now();
  let lastSaid = 0;
  for (;;) {
    const truth = s.truth();
    const hubView = await readHubMessages(urls, apiKey, campaign, items).catch(() => undefined);
    const byId = new Map((hubView ?? []).map((m) => [m.id, m]));
    const open = items
      .filter((it) => it.accepted)
      .filter((it) => {
        const m = byId.get(it.answeredIds[0] ?? '');
        return !m || !settled(m.status);
      }).length;
    const events = new Set(receiver.events.map((e) => `${e.messageId} ${e.status}`));
    const eventless = (hubView ?? []).filter((m) => settled(m.status) && !events.has(`${m.id} ${m.status}`)).length;
    if (hubView && open === 0 && eventless === 0 && truth?.allSettled) break;
    const state =
      `${open} not final, ${eventless} final(s) without an event, ` +
      `phones ${truth?.allSettled ? 'settled' : 'busy'}`;
    if (state !== lastState) {
      lastState = state;
      lastChange = Date.now();
    }
    if (Date.now() - lastSaid > 15_000) {
      lastSaid = Date.now();
      say(`settling: ${state}`);
    }
    // Bounded: the settle timeout, or a minute and a half without any change (what is left is stuck, not slow).
    if (Date.now() > settleUntil || Date.now() - lastChange > 90_000) {
      say(`stopped waiting: ${state}`);
      break;
    }
    await sleep(3_000);
  }
}
