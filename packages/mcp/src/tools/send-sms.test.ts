import { HubClient, type Transport } from '@smsfleet/client';
import { inProcess, textOf } from '../testing/rig';
import { confirmQuestion } from './send-sms';

describe('send_sms', () => {
  it('answers a hub refusal for a key without the send scope with a tool error naming the scope', async () => {
    // The hub's answer to a key without `send` (403 with details.scope), until the keys branch lets the e2e test ask
    // a real hub for it. Nothing else is faked: the SDK client calls the tool through the shared client's parsing.
    const requests: string[] = [];
    const forbidden: Transport = async (req) => {
      requests.push(`${req.method} ${new URL(req.url).pathname}`);
      return {
        status: 403,
        header: () => undefined,
        body: JSON.stringify({
          error: { code: 'SMSFLEET_ERR_FORBIDDEN', message: 'The key lacks a scope.', details: { scope: 'send' } },
        }),
      };
    };
    const url = 'http://127.0.0.1:9';
    const c = await inProcess({ url, hub: new HubClient({ url, transport: forbidden }) }, 'no-elicitation');
    try {
      const r = await c.call('send_sms', { to: '+14155550123', body: 'Hello', idempotencyKey: 'k-1' });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/^SMSFLEET_ERR_FORBIDDEN: the smsfleet API key lacks the `send` scope/);
      expect(requests).toEqual(['POST /v1/messages']);
    } finally {
      await c.close();
    }
  });

  it('asks about the text as it would go out, with quiet hours and every warning', () => {
    const q = confirmQuestion({
      to: '+14155550123',
      body: 'Hi 😀\nReply STOP to opt out',
      segments: 2,
      encoding: 'UCS-2',
      characters: 30,
      ucs2Characters: ['😀'],
      links: 0,
      optOutFooter: true,
      deferredUntil: '2026-11-24T08:00:00.000Z',
      warnings: [{ code: 'QUIET_HOURS', message: 'Held until 08:00.' }],
    });
    expect(q).toBe(
      'Send 1 text to +14155550123 (2 SMS parts, UCS-2)?\n\nHi 😀\nReply STOP to opt out\n\n' +
        'Quiet hours hold it until 2026-11-24T08:00:00.000Z.\n\nWarning (QUIET_HOURS): Held until 08:00.',
    );
  });
});
