import type { LinkStats, ShortLink } from '../../schemas';
import type { HitResult, LinkRepo } from '../links/port';
import { invalid } from '../shared/args';
import { checkHit, checkLinks, isStoredCodeShape } from '../links/check';
import { toMs } from '../shared/records';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';

/** The Redis {@link LinkRepo}: a hash per link (record and counters), a visitor set, and a retention index. */
export class RedisLinks implements LinkRepo {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async create(links: ShortLink[]): Promise<void> {
    const ls = checkLinks(links);
    const created = await Promise.all(
      ls.map((l) => {
        const r = toMs(l.retainUntil);
        return SCRIPTS.createLink.run(
          this.redis,
          [this.keys.shortLink(l.code).hash],
          [JSON.stringify(l), r, r + RETENTION_GRACE_MS],
        );
      }),
    );
    const ok = ls.filter((_, i) => created[i] === 1);
    if (ok.length)
      await this.redis.zadd(this.keys.linksByRetention(), ...ok.flatMap((l) => [toMs(l.retainUntil), l.code]));
    const clash = created.findIndex((c) => c !== 1);
    if (clash >= 0) throw invalid(`links.${clash}.code`, 'is already in use');
  }

  async get(code: string): Promise<ShortLink | undefined> {
    if (!isStoredCodeShape(code)) return undefined;
    const d = await this.redis.hget(this.keys.shortLink(code).hash, 'd');
    return d === null ? undefined : (JSON.parse(d) as ShortLink);
  }

  async recordHit(code: string, hit: { bot: boolean; visitor: string }): Promise<HitResult | undefined> {
    const h = checkHit(hit);
    if (!isStoredCodeShape(code)) return undefined;
    const k = this.keys.shortLink(code);
    const r = (await SCRIPTS.linkHit.run(this.redis, [k.hash, k.visitors], [h.bot ? '1' : '0', h.visitor])) as number[];
    if (r[0] === -1) return undefined;
    return { stats: { total: r[0]!, unique: r[1]!, bots: r[2]! }, newVisitor: r[3] === 1 };
  }

  async stats(code: string): Promise<LinkStats | undefined> {
    if (!isStoredCodeShape(code)) return undefined;
    const [t, u, b] = await this.redis.hmget(this.keys.shortLink(code).hash, 't', 'u', 'b');
    return t === null || t === undefined ? undefined : { total: Number(t), unique: Number(u), bots: Number(b) };
  }

  /** Delete links (and their visitor sets) whose retainUntil is before `now`. */
  async purge(now: number): Promise<number> {
    const index = this.keys.linksByRetention();
    let purged = 0;
    for (;;) {
      const codes = await this.redis.zrangebyscore(index, '-inf', `(${now}`, 'LIMIT', 0, 200);
      if (codes.length === 0) return purged;
      const results = await Promise.all(
        codes.map((c) => {
          const k = this.keys.shortLink(c);
          return SCRIPTS.purgeRecord.run(this.redis, [k.hash, k.visitors], [now]) as Promise<[number, string?]>;
        }),
      );
      const tx = this.redis.multi();
      results.forEach(([state, r], i) => {
        if (state === 0 && r !== undefined) tx.zadd(index, r, codes[i]!);
        else {
          if (state === 1) purged++;
          tx.zrem(index, codes[i]!);
        }
      });
      const replies = await tx.exec();
      const failed = replies?.find(([err]) => err);
      if (!replies || failed) throw failed?.[0] ?? new Error('purge transaction aborted');
    }
  }
}
