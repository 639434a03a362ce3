import { createHmac, randomUUID } from 'node:crypto';
import { SmsfleetError, type Message, type OutboundEvent, type Store } from '@smsfleet/core';
import { rig, waitForStatus, type Rig } from '../testing/pipeline-rig';
import { storeCases } from '../testing/stores';
import { until } from '../testing/until';
import { WEBHOOK_QUEUE } from '../webhooks/metrics';

// Retried and duplicate gateway webhooks and short-link visits, against a real hub on 127.0.0.1 with fleet-sim's
// phones, on both stores: a webhook whose processing failed is applied on the gateway's retry (it was not marked seen),
// a duplicate text is stored, credited and answered once (sequential and concurrent), and a click is counted and
// announced once whichever step of the redirect or of the hit counter fails.

type Mode = 'throw-before' | 'fail-after';
interface Fault {
  label: string;
  mode: Mode;
  when: (args: unknown[]) => boolean;
}

/**
 * `inner` with one armable fault (a store call matching `label` and `when` fails once, before or after it lands) and
 * one armable barrier (calls matching hold until `n` of them arrived: a race forced, not hoped for).
 */
function controlled(inner: Store) {
  let fault: Fault | undefined;
  let barrier: { label: string; n: number; waiting: Array<() => void> } | undefined;
  const wrap = (repo: string, target: object) =>
    new Proxy(target, {
      get(t, method) {
        const f = Reflect.get(t, method) as unknown;
        if (typeof f !== 'function') return f;
        const label = `${repo}.${String(method)}`;
        return async (...args: unknown[]) => {
          const b = barrier;
          if (b && b.label === label) {
            await new Promise<void>((release) => {
              b.waiting.push(release);
              if (b.waiting.length >= b.n) {
                barrier = undefined;
                for (const w of b.waiting) w();
              }
            });
          }
          const a = fault;
          if (a && a.label === label && a.when(args)) {
            fault = undefined;
            if (a.mode === 'throw-before')
              throw new SmsfleetError('SMSFLEET_ERR_STORE', 'injected: the store is unavailable');
            await (f as (...x: unknown[]) => Promise<unknown>).apply(t, args);
            throw new SmsfleetError('SMSFLEET_ERR_STORE', 'injected: the call landed, then timed out');
          }
          return (f as (...x: unknown[]) => Promise<unknown>).apply(t, args);
        };
      },
    });
  const store = new Proxy(inner, {
    get(t, repo) {
      const v = Reflect.get(t, repo) as unknown;
      if (typeof v === 'function') return (v as (...x: unknown[]) => unknown).bind(t);
      return v && typeof v === 'object' ? wrap(String(repo), v) : v;
    },
  });
  return {
    store,
    fail(f: Fault) {
      fault = f;
    },
    get pending() {
      return fault !== undefined;
    },
    hold(label: string, n: number) {
      barrier = { label, n, waiting: [] };
    },
  };
}

const OPT_OUT_REPLY = 'You are unsubscribed. Reply START to resubscribe.';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'retried and duplicate ingress over HTTP (%s store)',
  (_name, sc) => {
    let r: Rig;
    let c: ReturnType<typeof controlled>;
    let n = 0;
    const nextNumber = () => `+1415556${String(100 + n++).padStart(4, '0')}`;
    const events = () =>
      r.receiver.received
        .map((w) => w.verified as OutboundEvent | undefined)
        .filter((e): e is OutboundEvent => e !== undefined);
    /** Distinct events of `type` about `phone` (a redelivery under the same webhook-id is the same event). */
    const distinct = (type: string, match: (e: OutboundEvent) => boolean) =>
      new Set(
        events()
          .filter((e) => e.type === type && match(e))
          .map((e) => e.id),
      );

    beforeAll(async () => {
      c = controlled(await sc.create());
      r = await rig(
        c.store,
        {},
        {
          events: ['sms.received', 'link.clicked', 'contact.opted_out'],
          env: { SMSFLEET_OPT_OUT_REPLY: OPT_OUT_REPLY },
        },
      );
    });
    afterAll(async () => {
      await r.close();
    });

    const secret = () => {
      const conn = r.app.pipeline.fleet.config.connections.find((x) => x.id === 'textbee-cloud')!.connection;
      if (conn.kind !== 'textbee') throw new Error('unexpected fleet');
      return conn.webhookSigningSecret;
    };
    /**
     * A textbee "text received" webhook, signed as textbee signs it; the same body each time it is posted (a retry).
     */
    const inboundWebhook = (from: string, text: string, smsId = randomUUID(), eventId = randomUUID()) => {
      const raw = JSON.stringify({
        webhookEvent: 'MESSAGE_RECEIVED',
        idempotencyKey: eventId,
        smsId,
        deviceId: 'tb',
        sender: from,
        message: text,
        receivedAt: new Date().toISOString(),
      });
      return async () => {
        const res = await fetch(`${r.base}/ingress/textbee-cloud`, {
          method: 'POST',
          body: raw,
          headers: {
            'content-type': 'application/json',
            'x-signature': createHmac('sha256', secret()).update(raw).digest('hex'),
          },
        });
        return { status: res.status, body: (await res.json()) as { duplicates?: number } };
      };
    };
    const delivered = async (body: string, trackLinks = false) => {
      const res = await fetch(`${r.base}/v1/messages`, {
        method: 'POST',
        headers: r.auth,
        body: JSON.stringify({ to: nextNumber(), body, trackLinks }),
      });
      expect(res.status).toBe(202);
      return waitForStatus(r, ((await res.json()) as Message).id, ['delivered']);
    };
    const message = async (id: string) => (await r.store.messages.get(id))!;
    /**
     * Wait until the hub is done with `m`'s own status: its events published and cleared from the message, and its
     * subscribers' deliveries answered. Only then can a fault armed for the next call be meant for the webhook.
     */
    const quiet = async (m: Message) => {
      await until('status events published', async () => !(await message(m.id)).pendingEvents?.length);
      await until('status events delivered', async () => (await r.store.queue.size(WEBHOOK_QUEUE)) === 0);
      return m;
    };
    const inbox = async (from: string) => (await r.store.inbound.list({ from })).items;

    // Each fault matches only a call the posted webhook makes: a call the hub still makes in the background for the
    // text's own reports (the delivered report's dedupe, say, which lands after the status shows) must not take it.
    it.each<[string, Mode, (m: Message, eventId: string) => (args: unknown[]) => boolean]>([
      ['inbound.add', 'throw-before', (m) => (a) => (a[0] as { from: string }).from === m.to],
      ['inbound.add', 'fail-after', (m) => (a) => (a[0] as { from: string }).from === m.to],
      ['conversations.latest', 'throw-before', (m) => (a) => a[0] === m.to],
      ['messages.update', 'throw-before', (m) => (a) => a[0] === m.id],
      ['messages.update', 'fail-after', (m) => (a) => a[0] === m.id],
      ['subscriptions.snapshot', 'throw-before', () => () => true],
      ['dedupe.firstSeen', 'fail-after', (_m, eventId) => (a) => String(a[0]).endsWith(`:${eventId}`)],
    ])(
      "a webhook whose processing failed (%s %s) is answered 5xx and applied once on the gateway's retry",
      async (label, mode, when) => {
        const m = await quiet(await delivered('Can you make 10am?'));
        const eventId = randomUUID();
        const post = inboundWebhook(m.to, 'Yes, see you at 10', randomUUID(), eventId);
        c.fail({ label, mode, when: when(m, eventId) });
        expect((await post()).status).toBe(503);
        expect(c.pending).toBe(false);
        expect((await post()).status).toBe(200);
        await until(
          'sms.received',
          () => distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size > 0,
        );
        expect(await inbox(m.to)).toHaveLength(1);
        expect((await message(m.id)).engagement).toMatchObject({ replies: 1 });
        // Processed to the end: a third try is a duplicate.
        expect((await post()).body).toMatchObject({ duplicates: 1 });
        expect(distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size).toBe(1);
      },
    );

    it('stores, credits and answers a text once when its webhook comes again under another event id', async () => {
      const m = await delivered('Reply STOP to opt out');
      // The reply first (after the STOP, a text answers the confirmation): its exact webhook twice, then another copy.
      const smsId = randomUUID();
      const reply = inboundWebhook(m.to, 'thanks', smsId);
      expect((await reply()).status).toBe(200);
      expect((await reply()).body).toMatchObject({ duplicates: 1 });
      expect((await inboundWebhook(m.to, 'thanks', smsId)()).status).toBe(200);
      const stopId = randomUUID();
      for (let i = 0; i < 3; i++) expect((await inboundWebhook(m.to, 'STOP', stopId)()).status).toBe(200);
      await until('answers', async () =>
        (await r.store.messages.list({ to: m.to })).items.some((x) => x.body === OPT_OUT_REPLY),
      );
      await until(
        'opted_out',
        () => distinct('contact.opted_out', (e) => e.type === 'contact.opted_out' && e.data.phone === m.to).size > 0,
      );
      expect(await inbox(m.to)).toHaveLength(2);
      expect((await message(m.id)).engagement).toMatchObject({ replies: 1, optedOut: true });
      expect((await r.store.messages.list({ to: m.to })).items.filter((x) => x.body === OPT_OUT_REPLY)).toHaveLength(1);
      expect(distinct('contact.opted_out', (e) => e.type === 'contact.opted_out' && e.data.phone === m.to).size).toBe(
        1,
      );
      await until(
        'sms.received',
        () => distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size >= 2,
      );
      expect(distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size).toBe(2);
    });

    it('stores, credits and answers a text once when two copies of its webhook run side by side', async () => {
      const m = await delivered('Reply STOP to opt out');
      for (const text of ['thanks', 'STOP']) {
        const smsId = randomUUID();
        // Both copies pass the duplicate check and find no stored text before either stores it.
        c.hold('inbound.add', 2);
        const answers = await Promise.all([inboundWebhook(m.to, text, smsId)(), inboundWebhook(m.to, text, smsId)()]);
        expect(answers.map((a) => a.status)).toEqual([200, 200]);
      }
      await until('answer', async () =>
        (await r.store.messages.list({ to: m.to })).items.some((x) => x.body === OPT_OUT_REPLY),
      );
      expect(await inbox(m.to)).toHaveLength(2);
      expect((await message(m.id)).engagement).toMatchObject({ replies: 1, optedOut: true });
      expect((await r.store.messages.list({ to: m.to })).items.filter((x) => x.body === OPT_OUT_REPLY)).toHaveLength(1);
      await until(
        'events',
        () =>
          distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size >= 2 &&
          distinct('contact.opted_out', (e) => e.type === 'contact.opted_out' && e.data.phone === m.to).size >= 1,
      );
      expect(distinct('sms.received', (e) => e.type === 'sms.received' && e.data.from === m.to).size).toBe(2);
      expect(distinct('contact.opted_out', (e) => e.type === 'contact.opted_out' && e.data.phone === m.to).size).toBe(
        1,
      );
    });

    it.each<[string, Mode, number]>([
      ['links.visit', 'fail-after', 503],
      ['links.visit', 'throw-before', 503],
      ['links.countHits', 'fail-after', 302],
      ['messages.update', 'throw-before', 302],
      ['subscriptions.snapshot', 'throw-before', 302],
      ['links.markAnnounced', 'throw-before', 302],
      ['links.ackHits', 'throw-before', 302],
    ])('counts a click once when %s fails (%s): the request answers %d', async (label, mode, first) => {
      const m = await delivered('Track it: https://shop.example.com/track/A-1', true);
      const code = /\/l\/([0-9A-Za-z]+)$/.exec(m.body)![1]!;
      const visit = () =>
        fetch(`${r.base}/l/${code}`, {
          redirect: 'manual',
          headers: { 'user-agent': IPHONE, 'x-forwarded-for': '203.0.113.9' },
        });
      await quiet(m); // the status change's own update (clearing its published events) must not take the fault
      const mine = (a: unknown[]) => a[0] === code || a[0] === m.id || label === 'subscriptions.snapshot';
      c.fail({ label, mode, when: (a) => mine(a) || (label === 'links.ackHits' && a.length === 2) });
      // The redirect's one store step failing fails the request (the visitor retries); a failure after the 302, in
      // counting, is retried by the hit counter from the log.
      expect((await visit()).status).toBe(first);
      if (first === 503) expect((await visit()).status).toBe(302);
      const clicked = () => distinct('link.clicked', (e) => e.type === 'link.clicked' && e.data.messageId === m.id);
      await until('link.clicked', () => clicked().size > 0);
      await until('the fault', () => !c.pending);
      await r.app.hitCounter.drain();
      const stats = (await r.store.links.stats(code))!;
      // A hit logged by a request that then failed counts too (the visitor did reach the link).
      expect(stats).toMatchObject({ total: mode === 'fail-after' && first === 503 ? 2 : 1, unique: 1, bots: 0 });
      expect((await message(m.id)).engagement).toMatchObject({ uniqueClicks: 1, clicks: stats.total, botHits: 0 });
      expect(clicked().size).toBe(stats.total);
    });
  },
);
