import { Redis } from 'ioredis';
import type { ShortLink } from '../../schemas';
import { iso, T0 } from '../contract/fixtures';
import type { Store } from '../port';
import { requireRedisUrl, type SentCommand, closeRecordedStore, openRecordedStore } from '../redis/test-support';
import { hitPartition } from './hits';
import type { LoggedHit } from './port';

const url = requireRedisUrl();
let admin: Redis;
let conn: Redis;
let prefix: string;
let store: Store;
let sent: SentCommand[];

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(() => admin.quit());
beforeEach(() => {
  ({ conn, prefix, store, sent } = openRecordedStore(url));
});
afterEach(() => closeRecordedStore(admin, { conn, prefix }));

function link(n: number): ShortLink {
  return {
    code: `Count${String(n).padStart(7, '0')}`,
    id: `lnk_count${n}`,
    messageId: `msg_${n}`,
    to: '+14155550123',
    url: `https://shop.example.com/o/${n}`,
    originalUrl: `https://shop.example.com/o/${n}`,
    createdAt: iso(0),
    retainUntil: iso(5 * 3600_000),
  };
}

// evalsha only: a script's first call on a connection is sent again as eval (NOSCRIPT).
const scriptCalls = () => sent.filter((c) => c.name === 'evalsha');

/** Each link's logged hits, by code, after `n` visits to each (the second by a new visitor, the rest by the first). */
async function logged(links: ShortLink[], n: number): Promise<Map<string, LoggedHit[]>> {
  for (let i = 0; i < n; i++)
    await Promise.all(
      links.map((l) => store.links.visit(l.code, { bot: false, visitor: i === 1 ? 'b' : 'a', at: T0 })),
    );
  const out = new Map<string, LoggedHit[]>();
  for (const l of links) out.set(l.code, await store.links.pendingHits(hitPartition(l.code), 100));
  return out;
}

describe('Redis links: the hit counter steps of one turn, batched', () => {
  it('counts the links of one turn, over partitions, with one script call, each with its own result', async () => {
    const links = [link(1), link(2), link(3)];
    await store.links.create(links);
    const hits = await logged(links, 3);
    sent.length = 0;
    const count = () =>
      Promise.all([
        ...links.map((l) => store.links.countHits(l.code, hitPartition(l.code), hits.get(l.code)!)),
        store.links.countHits('Unknown00000', 0, []),
      ]);
    const got = await count();
    expect(scriptCalls()).toHaveLength(1);
    for (const [i, l] of links.entries())
      expect(got[i]).toEqual({
        stats: { total: 3, unique: 2, bots: 0 },
        firstClick: hits.get(l.code)![0]!.id,
        announced: '',
      });
    expect(got[3]).toBeUndefined();
    // Sent again (a retried batch, a resent call): nothing is counted twice.
    expect(await count()).toEqual(got);
  });

  it('marks the links of one turn with one script call, never moving a mark back', async () => {
    const links = [link(4), link(5)];
    await store.links.create(links);
    const hits = await logged(links, 2);
    sent.length = 0;
    const mark = (i: number) =>
      Promise.all(links.map((l) => store.links.markAnnounced(l.code, hitPartition(l.code), hits.get(l.code)![i]!.id)));
    await mark(1);
    expect(scriptCalls()).toHaveLength(1);
    await mark(0); // an earlier id: ignored
    const counted = await Promise.all(
      links.map((l) => store.links.countHits(l.code, hitPartition(l.code), hits.get(l.code)!)),
    );
    expect(counted.map((c) => c!.announced)).toEqual(links.map((l) => hits.get(l.code)![1]!.id));
  });
});
