import type { Message } from '@smsfleet/core';
import { startSimHub, type SimHub } from '../testing';
import { main } from './main';

describe('smsfleet messages edit', () => {
  let hub: SimHub;
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  beforeAll(async () => {
    hub = await startSimHub({ seed: 5 });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('changes the text and schedule of a scheduled message, and names the option a bad value came from', async () => {
    const args = ['--url', hub.url, '--key', hub.apiKey];
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await fetch(`${hub.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+14155550177', body: 'Dinner at 7', sendAt }),
    });
    const m = (await res.json()) as Message;
    const later = new Date(Date.parse(sendAt) + 60_000).toISOString();
    expect(await main(['messages', 'edit', m.id, '--body', 'Dinner at 8', '--send-at', later, ...args], out)).toBe(0);
    expect(lines).toEqual([`${m.id} scheduled at ${later} (1 segment, GSM-7)`]);
    await expect(main(['messages', 'edit', m.id, '--device', 'nope', ...args], out)).rejects.toThrow(/--device/);
    await expect(main(['messages', 'edit', m.id, '--send-at', 'soon', ...args], out)).rejects.toThrow(/--send-at/);
    await expect(main(['messages', 'edit', ...args], out)).rejects.toThrow(/MESSAGE_ID/);
    const got = (await (
      await fetch(`${hub.url}/v1/messages/${m.id}`, { headers: { authorization: `Bearer ${hub.apiKey}` } })
    ).json()) as { message: Message };
    expect(got.message).toMatchObject({ body: 'Dinner at 8', sendAt: later, status: 'scheduled' });
  });
});
