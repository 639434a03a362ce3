import { Prng } from '@smsfleet/fleet-sim';
import type { CampaignItem } from './judge';

/** One message to send: its idempotency key (also its reference), recipient and unique text. */
export interface CampaignMessage {
  key: string;
  to: string;
  text: string;
}

/** Recipients under this prefix fail permanently at the phones (fleet-sim `invalidPrefixes`). */
export const INVALID_PREFIX = '+14155559';

/**
 * The seeded campaign: `n` messages, each text unique (it names its key, so the phones' ground truth maps back to
 * it), about `invalidShare` of them to numbers the phones reject.
 */
export function campaignMessages(seed: number, n: number, invalidShare = 0.02): CampaignMessage[] {
  const rng = Prng.fork(seed, 'chaos-campaign');
  return Array.from({ length: n }, (_, i) => {
    const invalid = rng.chance(invalidShare);
    const to = invalid
      ? `${INVALID_PREFIX}${String(rng.int(0, 999)).padStart(3, '0')}`
      : `+1415555${String(i % 9000).padStart(4, '0')}`;
    const key = `chaos-${seed}-${i}`;
    return { key, to, text: `smsfleet chaos ${seed}/${i}: your code is ${rng.int(100000, 999999)}` };
  });
}

/** Options of {@link runCampaign}. */
export interface CampaignOptions {
  /** Hub base URLs, tried in turn (a request that fails is retried on the next one). */
  hubs: string[];
  apiKey: string;
  campaign: string;
  /** Sends started per second. */
  ratePerSec: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** A message the hubs have not accepted within this long is given up (counted as not accepted). */
  giveUpAfterMs: number;
  /** Called after each message is accepted or given up. */
  onSettled?: (item: CampaignItem) => void;
}

/** What the client met on its way: attempts, and the answers that made it retry. */
export interface CampaignStats {
  requests: number;
  retried: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/**
 * Send the campaign as a careful client does: every message with its `Idempotency-Key`; a request that fails
 * (no answer, a timeout, 5xx, 429) is sent again with the same key to the next hub, with backoff, until a 2xx
 * or the give-up time. Every message id a 2xx names is kept, so a key answered with two ids shows.
 */
export async function runCampaign(
  msgs: CampaignMessage[],
  o: CampaignOptions,
): Promise<{ items: CampaignItem[]; stats: CampaignStats }> {
  const stats: CampaignStats = { requests: 0, retried: {} };
  const items: CampaignItem[] = msgs.map((m) => ({ key: m.key, text: m.text, accepted: false, answeredIds: [] }));
  const started = Date.now();
  let next = 0;
  const one = async (i: number) => {
    const m = msgs[i]!;
    const item = items[i]!;
    const until = Date.now() + o.giveUpAfterMs;
    for (let attempt = 0; Date.now() < until; attempt++) {
      const hub = o.hubs[(i + attempt) % o.hubs.length]!;
      let why: string;
      try {
        stats.requests++;
        const res = await fetch(`${hub}/v1/messages`, {
          method: 'POST',
          signal: AbortSignal.timeout(10_000),
          headers: {
            authorization: `Bearer ${o.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': m.key,
          },
          body: JSON.stringify({ to: m.to, body: m.text, reference: m.key, campaign: o.campaign }),
        });
        const text = await res.text();
        if (res.status >= 200 && res.status < 300) {
          const id = (JSON.parse(text) as { id?: string }).id;
          if (id) item.answeredIds.push(id);
          item.accepted = true;
          break;
        }
        const code = /"code":"(SMSFLEET_ERR_[A-Z_]+)"/.exec(text)?.[1];
        why = `${res.status}${code ? ` ${code}` : ''}`;
        if (res.status < 500 && !RETRYABLE_4XX.has(res.status)) {
          stats.retried[`gave up: ${why}`] = (stats.retried[`gave up: ${why}`] ?? 0) + 1;
          break;
        }
      } catch (e) {
        why = (e as Error).name === 'TimeoutError' ? 'timeout' : 'no answer';
      }
      stats.retried[why] = (stats.retried[why] ?? 0) + 1;
      await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
    }
    o.onSettled?.(item);
  };
  const worker = async () => {
    while (next < msgs.length) {
      const i = next++;
      const due = started + (i * 1000) / o.ratePerSec;
      if (due > Date.now()) await sleep(due - Date.now());
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  return { items, stats };
}
