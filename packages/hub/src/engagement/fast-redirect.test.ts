import { SmsfleetError, type ShortLink, type Store } from '@smsfleet/core';
import { storeCases } from '../testing/stores';
import { startTestHub, type TestHub } from '../testing/hub';
import { IPHONE, storeLinkedMessage } from './engagement-rig';

const NOW = Date.now();
const iso = (ms: number) => new Date(NOW + ms).toISOString();
const errorOf = async (res: Response) => ((await res.json()) as { error: Record<string, unknown> }).error;

/** A message with a link of `code` (expired without a fallback when `expired`), stored. */
async function linkOf(store: Store, code: string, expired = false): Promise<ShortLink> {
  return (await storeLinkedMessage(store, code, NOW, expired ? { link: { expiresAt: iso(-1000) } } : {})).link;
}

describe.each(storeCases().map((s) => [s.name, s] as const))('redirect fast path (%s store)', (_name, sc) => {
  let store: Store;
  let hub: TestHub;
  let base: string;
  const visits: string[] = [];
  /** Codes whose store step fails (as a store outage would fail it). */
  const failing = new Set<string>();
  beforeAll(async () => {
    const real = await sc.create();
    // The store as the hub sees it: every visit (the redirect's one store step) is noted.
    const links = Object.assign(Object.create(real.links) as Store['links'], {
      visit: (code: string, hit: Parameters<Store['links']['visit']>[1]) => {
        visits.push(code);
        if (failing.has(code)) return Promise.reject(new SmsfleetError('SMSFLEET_ERR_STORE', 'store down'));
        return real.links.visit(code, hit);
      },
    });
    store = { ...real, links } as Store;
    hub = await startTestHub({ store });
    base = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await hub.close();
    await store.close();
  });
  const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: { 'user-agent': IPHONE } });

  it('answers a click 302 no-store in front of fastify, and counts it', async () => {
    const link = await linkOf(store, 'FastClick001');
    const res = await get(`/l/${link.code}?utm_source=sms`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(link.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Like every answer fastify gives, it carries a request id, though it never went through fastify.
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await hub.app.hitCounter.drain();
    expect(await store.links.stats(link.code)).toEqual({ total: 1, unique: 1, bots: 0 });
    // Still counted in the HTTP request metrics, with its duration, though fastify never saw it.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/smsfleet_http_requests_total\{method="GET",route="\/l\/:code",status_code="302"\} [1-9]/);
    expect(metrics).toMatch(/smsfleet_http_request_duration_seconds_count\{method="GET",route="\/l\/:code"\} [1-9]/);
  });

  it("keeps the client's request id, as fastify does", async () => {
    const link = await linkOf(store, 'FastReqId001');
    const res = await fetch(`${base}/l/${link.code}`, {
      redirect: 'manual',
      headers: { 'user-agent': IPHONE, 'x-request-id': 'trace-42.a' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-request-id')).toBe('trace-42.a');
  });

  it('answers a click whose store step failed with the coded store error, never 302, and counts nothing', async () => {
    const bad = await linkOf(store, 'FastFailed01');
    const good = await linkOf(store, 'FastFailOk01');
    failing.add(bad.code);
    // Side by side: the other click, perhaps in the same store step's turn, is answered and counted as usual.
    const [failed, ok] = await Promise.all([get(`/l/${bad.code}`), get(`/l/${good.code}`)]);
    failing.delete(bad.code);
    expect(failed.status).toBe(503);
    expect(await errorOf(failed)).toMatchObject({ code: 'SMSFLEET_ERR_STORE' });
    expect(ok.status).toBe(302);
    await hub.app.hitCounter.drain();
    expect(await store.links.stats(bad.code)).toEqual({ total: 0, unique: 0, bots: 0 });
    expect(await store.links.stats(good.code)).toEqual({ total: 1, unique: 1, bots: 0 });
  });

  it('leaves the coded errors to the route, which does not visit (and log the hit) again', async () => {
    const link = await linkOf(store, 'FastExpired1', true);
    visits.length = 0;
    const gone = await get(`/l/${link.code}`);
    expect(gone.status).toBe(410);
    expect(await errorOf(gone)).toMatchObject({ code: 'SMSFLEET_ERR_LINK_EXPIRED', field: 'params.code' });
    expect(visits).toEqual([link.code]);
    await hub.app.hitCounter.drain();
    expect(await store.links.stats(link.code)).toEqual({ total: 1, unique: 1, bots: 0 });

    const unknown = await get('/l/Unknown00000');
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: 'SMSFLEET_ERR_NOT_FOUND', field: 'params.code' });
    const long = await get(`/l/${'a'.repeat(70)}`);
    expect(long.status).toBe(400);
    expect(await errorOf(long)).toMatchObject({ code: 'SMSFLEET_ERR_VALIDATION', field: 'params.code' });
  });
});
