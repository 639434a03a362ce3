import type { Message, OutboundEvent } from '@smsfleet/core';
import { storeCases } from '../testing';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { until } from '../testing/until';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const EVENTS = ['message.status_changed', 'sms.received', 'link.clicked', 'contact.opted_out'];

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'engagement end to end over HTTP (%s store)',
  (_name, sc) => {
    let r: Rig;
    let n = 0;
    const nextNumber = () => `+1415555${String(100 + n++).padStart(4, '0')}`;
    const events = () =>
      r.receiver.received
        .map((w) => w.verified as OutboundEvent | undefined)
        .filter((e): e is OutboundEvent => e !== undefined);
    const event = <T extends OutboundEvent['type']>(
      type: T,
      match: (e: Extract<OutboundEvent, { type: T }>) => boolean,
    ) =>
      until(type, () =>
        events().find(
          (e): e is Extract<OutboundEvent, { type: T }> =>
            e.type === type && match(e as Extract<OutboundEvent, { type: T }>),
        ),
      );
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${r.base}${path}`, {
        method,
        headers: r.auth,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any,
      };
    };
    const send = async (body: Record<string, unknown>) => {
      const res = await api('POST', '/v1/messages', body);
      expect(res.status).toBe(202);
      return res.body as Message;
    };
    const reply = (m: Message, text: string) => r.fleet.phone(m.from!.deviceId).receiveSms(m.to, text, m.from!.sim);

    beforeAll(async () => {
      r = await rig(
        await sc.create(),
        {},
        {
          events: EVENTS,
          env: {
            SMSFLEET_OPT_OUT_REPLY: 'You are unsubscribed. Reply START to resubscribe.',
            SMSFLEET_HELP_REPLY: 'Acme: call 0800 123 456',
            SMSFLEET_PRICE_PER_SEGMENT: '0.01',
          },
        },
      );
    });
    afterAll(async () => {
      await r.close();
    });

    it("follows the person's latest keyword when the reports arrive out of order, and never lets an API change swallow a STOP", async () => {
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

    it('shortens links per recipient, redirects with no-store, counts people and bots apart, and emits link.clicked', async () => {
      const to = nextNumber();
      const long = `https://shop.example.com/orders/A-1042?${'x'.repeat(120)}`;
      const m = await send({
        to,
        body: `Track your order: ${long}`,
        trackLinks: true,
        reference: 'order-1042',
        campaign: 'shipping',
        links: { utm: { source: 'sms' } },
      });
      const code = /\/l\/([0-9A-Za-z]{12})$/.exec(m.body)?.[1];
      expect(code).toBeDefined();
      expect(m.body).toBe(`Track your order: ${r.base}/l/${code}`);
      expect(m.segments).toBe(1); // the 160+ character URL would have needed 2
      await waitForStatus(r, m.id, ['delivered']);
      expect(r.fleet.truth.messages().find((t) => t.recipient === to)?.text).toBe(m.body);

      const visit = (method: string, ua: string | undefined, ip = '203.0.113.7') =>
        fetch(`${r.base}/l/${code}`, {
          method,
          redirect: 'manual',
          headers: { ...(ua === undefined ? {} : { 'user-agent': ua }), 'x-forwarded-for': ip },
        });
      const first = await visit('GET', IPHONE);
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(`${long}&utm_source=sms&utm_campaign=shipping`);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const clicked = await event('link.clicked', (e) => e.data.messageId === m.id);
      expect(clicked.data).toMatchObject({
        to,
        reference: 'order-1042',
        campaign: 'shipping',
        firstClick: true,
        url: `${long}&utm_source=sms&utm_campaign=shipping`,
      });

      expect((await visit('GET', IPHONE)).status).toBe(302);
      for (const [method, ua] of [
        ['HEAD', IPHONE],
        ['GET', 'facebookexternalhit/1.1 Facebot Twitterbot/1.0'],
        ['GET', 'WhatsApp/2.23.20.0 A'],
        ['GET', ''],
      ] as const) {
        expect((await visit(method, ua)).status).toBe(302);
      }
      const after = (await api('GET', `/v1/messages/${m.id}`)).body.message as Message;
      expect(after.engagement).toMatchObject({ links: 1, clicks: 2, uniqueClicks: 1, botHits: 4 });
      const clicks = () => events().filter((e) => e.type === 'link.clicked' && e.data.messageId === m.id);
      await until("the second person's link.clicked", () => clicks().length >= 2 || undefined); // the event, not a margin
      await new Promise((res) => setTimeout(res, 200)); // time for a wrong third event to show
      expect(clicks()).toHaveLength(2);
    });

    it('never redirects anywhere it did not create', async () => {
      for (const path of [
        '/l/AAAAAAAAAAAA',
        '/l/..%2F..%2Fevil',
        `/l/${encodeURIComponent('https://evil.example.com')}`,
      ]) {
        const res = await fetch(`${r.base}${path}`, { redirect: 'manual' });
        expect(res.status).toBe(404);
        expect(res.headers.get('location')).toBeNull();
      }
    });

    it('sends expired links to their fallback', async () => {
      const m = await send({
        to: nextNumber(),
        body: 'Offer: https://shop.example.com/deal',
        trackLinks: true,
        links: { expiresAt: new Date(Date.now() + 400).toISOString(), fallbackUrl: 'https://shop.example.com/over' },
      });
      const code = m.body.split('/l/')[1]!;
      await new Promise((res) => setTimeout(res, 500));
      const res = await fetch(`${r.base}/l/${code}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://shop.example.com/over');
    });

    it('credits a reply to the message that prompted it and echoes its reference', async () => {
      const m = await waitForStatus(
        r,
        (await send({ to: nextNumber(), body: 'Can you make 10am?', reference: 'appt-7', tags: ['appointments'] })).id,
        ['delivered'],
      );
      reply(m, 'Yes, see you at 10');
      const got = await event('sms.received', (e) => e.data.from === m.to);
      expect(got.data).toMatchObject({
        body: 'Yes, see you at 10',
        deviceId: m.from!.deviceId,
        inReplyTo: { messageId: m.id, reference: 'appt-7', tags: ['appointments'] },
      });
      expect(got.data.keyword).toBeUndefined();
      const after = await until('reply count', async () => {
        const x = (await api('GET', `/v1/messages/${m.id}`)).body.message as Message;
        return x.engagement?.replies ? x : undefined;
      });
      expect(after.engagement).toMatchObject({ replies: 1, firstReplyAt: expect.any(String) });
      const inbox = (await api('GET', `/v1/inbox?from=${encodeURIComponent(m.to)}`)).body.items;
      expect(inbox[0]).toMatchObject({ inReplyTo: { messageId: m.id } });
    });

    it('does not credit a text from someone never texted', async () => {
      const stranger = nextNumber();
      r.fleet.phone('pixel-a').receiveSms(stranger, 'Who is this?', 1);
      const got = await event('sms.received', (e) => e.data.from === stranger);
      expect(got.data.inReplyTo).toBeUndefined();
    });

    it('honours STOP: suppresses, confirms once from the same SIM, emits contact.opted_out, refuses later sends; START undoes it', async () => {
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

    it('previews encoding, UCS-2 characters and links without sending', async () => {
      const to = nextNumber();
      const p = (
        await api('POST', '/v1/messages/preview', {
          to,
          body: 'Hi 😀 see https://shop.example.com/x',
          trackLinks: true,
        })
      ).body;
      expect(p).toMatchObject({ encoding: 'UCS-2', ucs2Characters: ['😀'], links: 1 });
      expect(p.body).toMatch(new RegExp(`^Hi 😀 see ${r.base}/l/[0-9A-Za-z]{12}$`));
      expect(p.warnings.map((w: { code: string }) => w.code)).toEqual(['UCS2']);
      const code = p.body.split('/l/')[1];
      expect((await fetch(`${r.base}/l/${code}`, { redirect: 'manual' })).status).toBe(404); // a preview stores no link
      expect((await api('GET', `/v1/messages?to=${encodeURIComponent(to)}`)).body.items).toEqual([]);
      expect((await api('GET', `/v1/contacts/${encodeURIComponent(to)}`)).body.known).toBe(false);
    });

    it('reports engagement metrics and exports messages as CSV', async () => {
      const campaign = `m-${Date.now()}`;
      const ok = await send({ to: nextNumber(), body: 'Deal https://shop.example.com/d', trackLinks: true, campaign });
      const bad = await send({ to: '+14155559999', body: 'Deal', campaign }); // fails at the phone
      await waitForStatus(r, ok.id, ['delivered']);
      await waitForStatus(r, bad.id, ['failed', 'undelivered']);
      await fetch(`${r.base}/l/${ok.body.split('/l/')[1]}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });
      reply(await waitForStatus(r, ok.id, ['delivered']), 'thanks');
      const metrics = await until('metrics', async () => {
        const x = (await api('GET', `/v1/metrics?campaign=${campaign}`)).body;
        return x.replies === 1 && x.timeToDeliverMs ? x : undefined; // the sent report may land after delivered
      });
      expect(metrics).toMatchObject({
        messages: 2,
        handedOver: 2,
        sent: 1,
        delivered: 1,
        failed: 1,
        failedByCategory: { invalid_number: 1 },
        deliveryRate: 0.5,
        clicks: { unique: 1, total: 1, bots: 0 },
        deliveredWithLinks: 1,
        clickThroughRate: 1,
        replies: 1,
        replyRate: 1,
        segments: 1,
        cost: { amount: 0.01, currency: 'USD' },
      });
      expect(metrics.timeToDeliverMs.p50).toBeGreaterThanOrEqual(0);
      const series = (
        await api(
          'GET',
          `/v1/metrics/series?campaign=${campaign}&bucket=hour&since=${new Date(Date.now() - 7200_000).toISOString()}`,
        )
      ).body;
      // The text to an invalid number was handed over but never left its phone: not sent.
      expect(series.points.reduce((s: number, p: { sent: number }) => s + p.sent, 0)).toBe(1);
      expect(series.points.reduce((s: number, p: { handedOver: number }) => s + p.handedOver, 0)).toBe(2);
      const csv = (await api('GET', `/v1/messages/export?campaign=${campaign}`)).body as string;
      const rows = csv.trim().split('\n');
      expect(rows[0]).toMatch(/^id,created_at,to,status,failure_code/);
      expect(
        rows
          .slice(1)
          .map((l) => l.split(',')[0])
          .sort(),
      ).toEqual([ok.id, bad.id].sort());
      expect(
        (await api('GET', '/v1/metrics?since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z')).body.error,
      ).toMatchObject({ field: 'querystring.since' });
    });

    it('binds keys first-writer-wins for front-ends, and names the fleet', async () => {
      const claim = (value: string) =>
        api('POST', '/v1/bindings', { namespace: 'slack-thread:T1:C1', key: '+14155550123', value });
      const [x, y] = await Promise.all([claim('1700.1'), claim('1700.2')]);
      expect([x.body.created, y.body.created].sort()).toEqual([false, true]);
      expect(x.body.value).toBe(y.body.value);
      expect((await api('GET', '/v1/bindings/slack-thread:T1:C1/+14155550123')).body.value).toBe(x.body.value);
      expect((await api('GET', '/v1/bindings/slack-thread:T1:C1/nope')).status).toBe(404);
      expect(
        (await api('POST', '/v1/bindings', { namespace: 'bad ns', key: 'k', value: 'v' })).body.error,
      ).toMatchObject({ field: 'body.namespace' });
      expect((await api('GET', '/v1/account')).body).toMatchObject({
        fleetName: 'smsfleet',
        keyName: 'test',
        devices: 5,
      });
      expect((await fetch(`${r.base}/v1/account`, { headers: { authorization: 'Bearer sf_live_nope' } })).status).toBe(
        401,
      );
    });
  },
);

describe('quiet hours end to end', () => {
  let r: Rig;
  const uk = '+447911123456';
  const londonMinute = () => {
    const [h, m] = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .split(':')
      .map(Number);
    return h! * 60 + m!;
  };
  const hhmm = (min: number) => {
    const x = ((min % 1440) + 1440) % 1440;
    return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    const now = londonMinute();
    r = await rig(
      await storeCases()[0]!.create(),
      {},
      { env: { SMSFLEET_QUIET_HOURS: `${hhmm(now - 60)}-${hhmm(now + 90)}` } },
    );
  });
  afterAll(async () => {
    await r.close();
  });

  it("defers a non-urgent text inside the contact's local quiet window to its end, and sends urgent ones now", async () => {
    const post = async (body: object) =>
      (
        await fetch(`${r.base}/v1/messages`, { method: 'POST', headers: r.auth, body: JSON.stringify(body) })
      ).json() as Promise<Message>;
    const deferred = await post({ to: uk, body: 'Your weekly digest' });
    expect(deferred.status).toBe('scheduled');
    const wait = Date.parse(deferred.sendAt!) - Date.now();
    expect(wait).toBeGreaterThan(85 * 60_000);
    expect(wait).toBeLessThan(92 * 60_000);
    const timeline = (await (await fetch(`${r.base}/v1/messages/${deferred.id}`, { headers: r.auth })).json()) as {
      events: { note?: string }[];
    };
    expect(timeline.events[0]!.note).toMatch(/quiet hours/);
    const preview = (await (
      await fetch(`${r.base}/v1/messages/preview`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: uk, body: 'x' }),
      })
    ).json()) as { deferredUntil?: string; warnings: { code: string }[] };
    expect(preview.deferredUntil).toBeDefined();
    expect(preview.warnings.map((w) => w.code)).toContain('QUIET_HOURS');

    const urgent = await post({ to: uk, body: 'Your code is 123456', urgent: true });
    expect(urgent.status).toBe('queued');
    await waitForStatus(r, urgent.id, ['delivered']);
    expect(
      r.fleet.truth
        .messages()
        .filter((t) => t.recipient === uk)
        .map((t) => t.text),
    ).toEqual(['Your code is 123456']);
  });
});
