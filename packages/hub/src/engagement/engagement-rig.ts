import { newId, type Message, type OutboundEvent, type ShortLink, type Store } from '@smsfleet/core';
import { rig, type Rig } from '../testing/pipeline-rig';
import type { StoreCase } from '../testing/stores';
import { until } from '../testing/until';

/** A browser's user agent, for clicks by people. */
export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.0 Mobile/15E148 Safari/604.1';
const EVENTS = ['message.status_changed', 'sms.received', 'link.clicked', 'contact.opted_out'];

/** An HTTP answer of the hub, its body parsed when it is JSON. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the route answers
  body: any;
}

/** The engagement tests' hub over HTTP and what they do with it. */
export interface EngagementRig {
  /** The hub and its phones (set once the suite's `beforeAll` ran). */
  r: Rig;
  /** A recipient no other test of the suite texts. */
  nextNumber(): string;
  /** The verified events the subscriber received. */
  events(): OutboundEvent[];
  /** Wait for the first event of `type` that `match`es. */
  event<T extends OutboundEvent['type']>(
    type: T,
    match: (e: Extract<OutboundEvent, { type: T }>) => boolean,
  ): Promise<Extract<OutboundEvent, { type: T }>>;
  /** Call the API with the test key. */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Send a message (expecting 202). */
  send(body: Record<string, unknown>): Promise<Message>;
  /** The recipient of `m` answers `text` to the phone and SIM that sent it. */
  reply(m: Message, text: string): void;
}

/**
 * For a `describe` of engagement tests: a hub with fleet-sim's phones on a fresh store of `sc`, a subscriber to the
 * engagement events, keyword replies and a price per segment; started before the suite's tests and closed after them.
 */
export function engagementRig(sc: StoreCase): EngagementRig {
  let n = 0;
  const ctx: EngagementRig = {
    r: undefined as unknown as Rig,
    nextNumber: () => `+1415555${String(100 + n++).padStart(4, '0')}`,
    events: () =>
      ctx.r.receiver.received
        .map((w) => w.verified as OutboundEvent | undefined)
        .filter((e): e is OutboundEvent => e !== undefined),
    event: <T extends OutboundEvent['type']>(type: T, match: (e: Extract<OutboundEvent, { type: T }>) => boolean) =>
      until(type, () =>
        ctx
          .events()
          .find(
            (e): e is Extract<OutboundEvent, { type: T }> =>
              e.type === type && match(e as Extract<OutboundEvent, { type: T }>),
          ),
      ),
    api: async (method, path, body) => {
      const res = await fetch(`${ctx.r.base}${path}`, {
        method,
        headers: ctx.r.auth,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
      };
    },
    send: async (body) => {
      const res = await ctx.api('POST', '/v1/messages', body);
      expect(res.status).toBe(202);
      return res.body as Message;
    },
    reply: (m, text) => ctx.r.fleet.phone(m.from!.deviceId).receiveSms(m.to, text, m.from!.sim),
  };
  beforeAll(async () => {
    ctx.r = await rig(
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
    await ctx.r.close();
  });
  return ctx;
}

/**
 * Store a message (delivered, with one tracked link) and its link of `code`, created at `now`; `message` and `link`
 * override fields (a campaign, an expiry). For tests that click links without sending a text first.
 */
export async function storeLinkedMessage(
  store: Pick<Store, 'messages' | 'links'>,
  code: string,
  now: number,
  over: { message?: Partial<Message>; link?: Partial<ShortLink> } = {},
): Promise<{ m: Message; link: ShortLink }> {
  const at = new Date(now).toISOString();
  const m: Message = {
    id: newId('msg', new Date(now)),
    to: '+14155550123',
    body: 'Track it',
    segments: 1,
    encoding: 'GSM-7',
    priority: 0,
    status: 'delivered',
    attempts: 1,
    createdAt: at,
    updatedAt: at,
    version: 0,
    engagement: { links: 1, clicks: 0, uniqueClicks: 0, botHits: 0, replies: 0 },
    ...over.message,
  };
  await store.messages.create(m, []);
  const link: ShortLink = {
    code,
    id: `lnk_${code}`,
    messageId: m.id,
    to: m.to,
    url: 'https://shop.example.com/o/1',
    originalUrl: 'https://shop.example.com/o/1',
    createdAt: at,
    retainUntil: new Date(now + 86400_000).toISOString(),
    ...over.link,
  };
  await store.links.create([link]);
  return { m, link };
}
