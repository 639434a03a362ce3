/**
 * How long the hit counter lets clicks gather before a round it was woken for. A batch costs per link and per message
 * (a count, an update, a roll-up record) more than per click, so the longer the wait, the more clicks share those
 * steps; but `link.clicked` goes out that much later. So the wait follows the traffic: short while clicks are few
 * (an automation waiting on one click hears of it quickly), long in a flood (where it saves most).
 */
export interface CoalesceWindow {
  /** The wait after a round that counted fewer than `busyHits` hits. */
  quietMs: number;
  /** The wait after a round that counted `busyHits` hits or more. */
  busyMs: number;
  /** Hits one round counted from which the traffic is a flood. */
  busyHits: number;
}

/**
 * The defaults: 250 ms, and 1 s from 500 hits a round on. A 250 ms round reaches 500 hits at 2,000 clicks a second; a
 * 1 s round falls back under them below 500 a second, so a flood's ebb and flow does not flip the wait at every round.
 * In the redirect bench (10 clicks a second on each of 500 links) the long wait more than halves the Redis commands
 * and bytes per click.
 */
export const DEFAULT_COALESCE_WINDOW: Readonly<CoalesceWindow> = Object.freeze({
  quietMs: 250,
  busyMs: 1000,
  busyHits: 500,
});

/** The wait before the next woken round, after a round that counted `lastRoundHits` hits. */
export function coalesceWait(lastRoundHits: number, w: CoalesceWindow = DEFAULT_COALESCE_WINDOW): number {
  return lastRoundHits >= w.busyHits ? w.busyMs : w.quietMs;
}
