import type { LinkStats, ShortLink } from '../../schemas';

/** Counts of one hit, as {@link LinkRepo.recordHit} returns them. */
export interface HitResult {
  stats: LinkStats;
  /** True when this hit was a click by a visitor not seen on this link before. */
  newVisitor: boolean;
}

/** Trackable short links and their click counts, found by code. */
export interface LinkRepo {
  /**
   * Store new links. A code already in use is `SMSFLEET_ERR_VALIDATION` naming `links.<i>.code` (codes carry 71
   * random bits, so this is a bug, not bad luck); links stored before it stay until they are purged.
   */
  create(links: ShortLink[]): Promise<void>;
  get(code: string): Promise<ShortLink | undefined>;
  /**
   * Count one hit atomically (across hubs): a bot hit adds to `bots`; a click adds to `total`, and to `unique` the
   * first time `visitor` (an anonymised identity) clicks this link. Undefined for an unknown code.
   */
  recordHit(code: string, hit: { bot: boolean; visitor: string }): Promise<HitResult | undefined>;
  /** The counts of a link, undefined for an unknown code. */
  stats(code: string): Promise<LinkStats | undefined>;
}
