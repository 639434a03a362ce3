import { signWebhook } from '../webhooks/signing';
import { SUB_SECRET } from './latency-protocol';
import { startSubscriber } from './latency-subscriber';

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('latency subscriber', () => {
  it('notes each webhook as it arrives, and counts any whose signature fails as bad (fail closed)', async () => {
    const sub = await startSubscriber();
    try {
      const sink = sub.expect('memory', 10, 2);
      const event = (n: number) => JSON.stringify({ id: `evt_${n}`, data: { reference: String(n) } });
      await post(`${sub.url}memory`, event(10), { ...signWebhook(SUB_SECRET, 'evt_10', new Date(), event(10)) });
      const forged = { ...signWebhook(SUB_SECRET, 'evt_11', new Date(), event(12)) };
      await post(`${sub.url}memory`, event(11), forged);
      await sink.all;
      expect(sink.receivedAt.every((t) => t > 0)).toBe(true);
      expect(sub.bad()).toBe(1);
      expect(sub.bad()).toBe(1); // each checked once
    } finally {
      sub.close();
    }
  });
});
