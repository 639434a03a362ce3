import { Redis } from 'ioredis';
import type { ShortLink } from '../../schemas';
import { iso, T0 } from '../contract/fixtures';
import type { Store } from '../port';
import { RedisKeys } from '../redis/keys';
import { requireRedisUrl, type SentCommand, closeRecordedStore, openRecordedStore } from '../redis/test-support';
import { hitPartition } from './hits';

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
    code: `Batch${String(n).padStart(7, '0')}`,
    id: `lnk_batch${n}`,
    messageId: `msg_${n}`,
    to: '+14155550123',
    url: `https://shop.example.com/o/${n}`,
    originalUrl: `https://shop.example.com/o/${n}`,
    createdAt: iso(0),
    retainUntil: iso(5 * 3600_000),
  };
}

/** Links enough to fill two partitions with two links each, and the two partitions. */
function twoPartitions(): { links: ShortLink[]; p: number; q: number } {
  const all = Array.from({ length: 64 }, (_, i) => link(i));
  const p = hitPartition(all[0]!.code);
  const inP = all.filter((l) => hitPartition(l.code) === p).slice(0, 2);
  const other = all.find((l) => hitPartition(l.code) !== p)!;
  const q = hitPartition(other.code);
  const inQ = all.filter((l) => hitPartition(l.code) === q).slice(0, 2);
  return { links: [...inP, ...inQ], p, q };
}

const visit = (code: string, visitor: string) => store.links.visit(code, { bot: false, visitor, at: T0 });
// evalsha only: a script's first call on a connection is sent again as eval (NOSCRIPT).
const scriptCalls = () => sent.filter((c) => c.name === 'evalsha');

describe('Redis links: the visits of one turn, batched', () => {
  it('logs the visits of one turn, over partitions, with one script call, each resolved with its link', async () => {
    const { links, p, q } = twoPartitions();
    await store.links.create(links);
    sent.length = 0;
    const got = await Promise.all([...links.map((l, i) => visit(l.code, `v${i}`)), visit('Unknown00000', 'v')]);
    expect(got.slice(0, 4)).toEqual(links);
    expect(scriptCalls()).toHaveLength(1); // one batch for the turn, the unknown code's visit too
    expect((await store.links.pendingHits(p, 10)).map((h) => h.code)).toEqual([links[0]!.code, links[1]!.code]);
    expect((await store.links.pendingHits(q, 10)).map((h) => h.code)).toEqual([links[2]!.code, links[3]!.code]);
    // The links are known now: the next visits carry no link back, and resolve all the same.
    expect(await Promise.all(links.map((l) => visit(l.code, 'w')))).toEqual(links);
    expect(await store.links.pendingHits(p, 10)).toHaveLength(4);
    expect(got[4]).toBeUndefined();
  });

  it('fails the visit whose copy cannot be read, logging it not, and logs the others of its batch', async () => {
    const { links, p, q } = twoPartitions();
    await store.links.create(links);
    // The copy of the second link of p is broken (a hash where a string belongs): its read fails.
    const copy = new RedisKeys(prefix).hitLog(p).target(links[1]!.code);
    await admin.del(copy);
    await admin.hset(copy, 'x', '1');
    const got = await Promise.allSettled(links.map((l, i) => visit(l.code, `v${i}`)));
    expect(got.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(got[1]).toMatchObject({ reason: { code: 'SMSFLEET_ERR_STORE' } });
    // The failed visit is not logged (no 302 goes out for it, so none is counted); the others are, once each.
    expect((await store.links.pendingHits(p, 10)).map((h) => h.code)).toEqual([links[0]!.code]);
    expect(await store.links.pendingHits(q, 10)).toHaveLength(2);
  });
});
