import { storeCases } from '../testing';
import { waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';
import { engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'engagement: keywords and consent (%s store)',
  (_name, sc) => {
    const e = engagementRig(sc);
    const { api, send, event, events, reply, nextNumber } = e;
    let r: Rig;
    beforeAll(() => {
      r = e.r;
    });

    it('follows the latest keyword when reports arrive out of order, and no API change swallows a STOP', async () => {
      const phone = nextNumber();
      const inbound = (body: string, ms: number) =>
        r.app.pipeline.processor.process(
          'sms-gate-pixel-a',
          [
            {
              kind: 'inbound',
              gateway: 'sms-gate',
              from: phone,
              body,
              at: new Date(Date.parse('2026-12-01T09:00:00.000Z') + ms).toISOString(),
              gatewayEventId: `order-${phone}-${body}-${ms}`,
              deviceId: 'pixel-a',
            },
          ],
          new Date(),
        );
      const contact = async () =>
        (await api('GET', `/v1/contacts/${encodeURIComponent(phone)}`)).body as { optedOut: boolean };
      await inbound('STOP', 0);
      expect(await contact()).toMatchObject({ optedOut: true });
      // The person then sent START, STOP and START again: the hub reads the last START first, then the others.
      await inbound('START', 3_000);
      expect(await contact()).toMatchObject({ optedOut: false });
      await inbound('STOP', 2_000); // received before that START: stale, no opt-out and no "unsubscribed" answer
      expect(await contact()).toMatchObject({ optedOut: false });
      await inbound('START', 1_000);
      expect(await contact()).toMatchObject({ optedOut: false });
      // A STOP is never swallowed by a change made through the API, whatever the phone's clock says.
      await api('POST', `/v1/contacts/${encodeURIComponent(phone)}/opt-out`, {});
      await api('POST', `/v1/contacts/${encodeURIComponent(phone)}/opt-in`);
      await inbound('STOP', 4_000); // the phone's clock is behind the hub's: still honoured
      expect(await contact()).toMatchObject({ optedOut: true });
    });

    it('honours STOP: suppresses, confirms once from its SIM, refuses later sends; START undoes it', async () => {
      const m = await waitForStatus(r, (await send({ to: nextNumber(), body: 'Sale today', campaign: 'sale' })).id, [
        'delivered',
      ]);
      reply(m, 'Stop');
      const out = await event('contact.opted_out', (e) => e.data.phone === m.to);
      expect(out.data).toMatchObject({ keyword: 'STOP', source: 'keyword', inReplyTo: { messageId: m.id } });
      expect((await event('sms.received', (e) => e.data.from === m.to)).data.keyword).toBe('opt_out');
      expect((await api('GET', `/v1/contacts/${encodeURIComponent(m.to)}`)).body).toMatchObject({
        phone: m.to,
        known: true,
        optedOut: true,
        source: 'keyword',
        keyword: 'STOP',
      });
      const confirmation = await until('confirmation', () =>
        r.fleet.truth.messages().find((t) => t.recipient === m.to && t.text.startsWith('You are unsubscribed')),
      );
      expect([confirmation.phoneId, confirmation.sim]).toEqual([m.from!.deviceId, m.from!.sim]);

      const refused = await api('POST', '/v1/messages', { to: m.to, body: 'Another sale' });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'SMSFLEET_ERR_OPTED_OUT', field: 'body.to' });
      const bulk = await api('POST', '/v1/messages/bulk', {
        messages: [
          { to: nextNumber(), body: 'a' },
          { to: m.to, body: 'b' },
        ],
      });
      expect(bulk.body.error).toMatchObject({ code: 'SMSFLEET_ERR_OPTED_OUT', field: 'body.messages.1.to' });
      expect(
        (await api('POST', '/v1/messages/preview', { to: m.to, body: 'x' })).body.warnings.map(
          (w: { code: string }) => w.code,
        ),
      ).toContain('SMSFLEET_ERR_OPTED_OUT');

      reply(m, 'STOP'); // a second STOP changes nothing: no second event
      reply(m, 'start');
      await until('opt in', async () => !(await api('GET', `/v1/contacts/${encodeURIComponent(m.to)}`)).body.optedOut);
      expect(events().filter((e) => e.type === 'contact.opted_out' && e.data.phone === m.to)).toHaveLength(1);
      expect((await api('POST', '/v1/messages', { to: m.to, body: 'Welcome back' })).status).toBe(202);
      const metrics = (await api('GET', '/v1/metrics?campaign=sale')).body;
      expect(metrics).toMatchObject({ messages: 1, delivered: 1, optOuts: 1, optOutRate: 1 });
    });

    it('answers HELP and does not treat "STOP PLEASE" as an opt-out', async () => {
      const m = await waitForStatus(r, (await send({ to: nextNumber(), body: 'Hi' })).id, ['delivered']);
      reply(m, 'STOP PLEASE');
      reply(m, 'help');
      await until('help answer', () =>
        r.fleet.truth.messages().find((t) => t.recipient === m.to && t.text === 'Acme: call 0800 123 456'),
      );
      expect((await api('GET', `/v1/contacts/${encodeURIComponent(m.to)}`)).body.optedOut).toBe(false);
    });

    it('opts out and in through the API, and imports and exports consent', async () => {
      const a = nextNumber();
      const b = nextNumber();
      expect((await api('GET', `/v1/contacts/${encodeURIComponent(a)}`)).body).toEqual({
        phone: a,
        optedOut: false,
        known: false,
      });
      expect(
        (await api('POST', `/v1/contacts/${encodeURIComponent(a)}/opt-out`, { keyword: 'phone call' })).body,
      ).toMatchObject({ optedOut: true, source: 'api' });
      await event('contact.opted_out', (e) => e.data.phone === a && e.data.source === 'api');
      expect((await api('POST', `/v1/contacts/${encodeURIComponent(a)}/opt-in`)).body).toMatchObject({
        optedOut: false,
        source: 'api',
      });
      expect((await api('POST', `/v1/contacts/${encodeURIComponent(a)}/opt-out`)).body).toMatchObject({
        optedOut: true,
      }); // no body at all

      const bad = await api('POST', '/v1/consent/import', {
        contacts: [
          { phone: b, optedOut: true },
          { phone: '12', optedOut: true },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ field: 'body.contacts.1.phone' });
      expect((await api('GET', `/v1/contacts/${encodeURIComponent(b)}`)).body.known).toBe(false); // nothing written
      expect(
        (
          await api('POST', '/v1/consent/import', {
            contacts: [{ phone: b, optedOut: true, at: '2026-01-02T03:04:05.000Z' }],
          })
        ).body,
      ).toEqual({ imported: 1, changed: 1 });
      const csv = await api('GET', '/v1/consent/export?optedOut=true');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.body.split('\n')).toContain(`${b},true,2026-01-02T03:04:05.000Z,,import,`);
      expect((await api('GET', '/v1/contacts/12')).body.error).toMatchObject({ field: 'params.phone' });
    });

    it('appends the opt-out footer to the first text to a contact only', async () => {
      const to = nextNumber();
      const p = (await api('POST', '/v1/messages/preview', { to, body: 'Hello', optOutFooter: true })).body;
      expect(p).toMatchObject({
        body: 'Hello\nReply STOP to opt out',
        optOutFooter: true,
        segments: 1,
        encoding: 'GSM-7',
      });
      expect((await send({ to, body: 'Hello', optOutFooter: true })).body).toBe('Hello\nReply STOP to opt out');
      expect((await send({ to, body: 'Hello again', optOutFooter: true })).body).toBe('Hello again');
    });
  },
);
