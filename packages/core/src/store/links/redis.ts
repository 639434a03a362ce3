import type { LinkStats, ShortLink } from '../../schemas';
import type { CountResult, HitResult, LinkRepo, LoggedHit } from '../links/port';
import { HIT_PARTITIONS, hitPartition, isPartition } from '../links/hits';
import { invalid } from '../shared/args';
import { checkHit, checkLinks, checkVisit, isStoredCodeShape } from '../links/check';
import { toMs } from '../shared/records';
import { RETENTION_GRACE_MS, type RedisKeys } from '../redis/keys';
import type { RedisClient } from '../redis/lua';
import { SCRIPTS } from '../redis/scripts';
import { TurnBatcher } from './turn-batch';
import { VisitBatcher } from './visit-batch';

/** Most links one counting (or marking) script call carries on a single node. */
const MAX_LINKS_PER_CALL = 128;

/**
 * The Redis {@link LinkRepo}: a hash per link (record and counters), a visitor set, and a retention index; plus the
 * hit log, a stream per partition next to a copy of each of its links (the redirect's one script reads both, for
 * all the visits of a partition in one event-loop turn, see visit-batch.ts).
 */
export class RedisLinks implements LinkRepo {
  readonly hitPartitions = HIT_PARTITIONS;
  /** The redirect's visits, logged a batch per partition and event-loop turn. */
  private readonly visits: VisitBatcher;
  /** The hit counter's counts and marks of one turn, one script call each on a single node. */
  private readonly counts: TurnBatcher<(number | string)[]>;
  private readonly marks: TurnBatcher<number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.visits = new VisitBatcher(redis, keys);
    this.counts = new TurnBatcher(redis, SCRIPTS.countHits, MAX_LINKS_PER_CALL);
    this.marks = new TurnBatcher(redis, SCRIPTS.markAnnounced, MAX_LINKS_PER_CALL);
  }

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
    if (ok.length) {
      // The redirect's copy after the record: a missing copy is repaired by the first visit (see visit).
      await Promise.all(ok.map((l) => this.putTarget(l, JSON.stringify(l))));
      await this.redis.zadd(this.keys.linksByRetention(), ...ok.flatMap((l) => [toMs(l.retainUntil), l.code]));
    }
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

  async visit(code: string, hit: { bot: boolean; visitor: string; at: number }): Promise<ShortLink | undefined> {
    const h = checkVisit(hit);
    if (!isStoredCodeShape(code)) return undefined;
    const logged = await this.visits.visit(code, h);
    if (logged) return logged;
    // A link stored before the hit log (or whose copy a crash left unwritten): copy it over once, then log.
    const link = await this.get(code);
    if (!link) return undefined;
    await this.putTarget(link, JSON.stringify(link), true);
    return this.visits.visit(code, h);
  }

  async pendingHits(partition: number, limit: number): Promise<LoggedHit[]> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    const rows = await this.redis.xrange(this.keys.hitLog(partition).stream, '-', '+', 'COUNT', limit);
    return rows.map(([id, f]) => {
      const v: Record<string, string> = {};
      for (let i = 0; i + 1 < f.length; i += 2) v[f[i]!] = f[i + 1]!;
      return { id, code: v.c ?? '', bot: v.b === '1', visitor: v.v ?? '', at: Number(v.a) };
    });
  }

  async countHits(code: string, partition: number, hits: LoggedHit[]): Promise<CountResult | undefined> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    if (!isStoredCodeShape(code)) return undefined;
    const args: string[] = [String(partition), String(hits.length)];
    for (const hit of hits) {
      const h = checkHit(hit);
      args.push(hit.id, h.bot ? '1' : '0', h.visitor);
    }
    const k = this.keys.shortLink(code);
    const r = await this.counts.run([k.hash, k.visitors], args);
    if (r[0] === -1) return undefined;
    const [total, unique, bots, firstClick, announced] = r as [number, number, number, string, string];
    return { stats: { total, unique, bots }, firstClick, announced };
  }

  async markAnnounced(code: string, partition: number, id: string): Promise<void> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    if (!isStoredCodeShape(code)) return;
    await this.marks.run([this.keys.shortLink(code).hash], [String(partition), id]);
  }

  async ackHits(partition: number, id: string): Promise<void> {
    if (!isPartition(partition)) throw invalid('partition', 'is not a hit log partition');
    const [ms, seq] = id.split('-');
    // MINID drops the ids below it: the next possible id after `id`.
    await this.redis.xtrim(this.keys.hitLog(partition).stream, 'MINID', `${ms}-${Number(seq) + 1}`);
  }

  /** Write the redirect's copy of `link` in its partition (`onlyNew`: unless one is there). */
  private async putTarget(link: ShortLink, json: string, onlyNew = false): Promise<void> {
    const at = toMs(link.retainUntil) + RETENTION_GRACE_MS;
    const key = this.keys.hitLog(hitPartition(link.code)).target(link.code);
    if (onlyNew) await this.redis.set(key, json, 'PXAT', at, 'NX');
    else await this.redis.set(key, json, 'PXAT', at);
  }

  async stats(code: string): Promise<LinkStats | undefined> {
    if (!isStoredCodeShape(code)) return undefined;
    const [t, u, b] = await this.redis.hmget(this.keys.shortLink(code).hash, 't', 'u', 'b');
    return t === null || t === undefined ? undefined : { total: Number(t), unique: Number(u), bots: Number(b) };
  }

  /** Delete links (their visitor sets and redirect copies) whose retainUntil is before `now`. */
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
      // The redirect's copies of deleted (or already gone) links, before their index entries: a crash leaves the
      // entry, and the next purge deletes the copy again.
      await Promise.all(
        results.flatMap(([state], i) =>
          state === 0 ? [] : [this.redis.del(this.keys.hitLog(hitPartition(codes[i]!)).target(codes[i]!))],
        ),
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
