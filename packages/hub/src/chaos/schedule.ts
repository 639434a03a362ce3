import { Prng } from '@smsfleet/fleet-sim';

/** One fault the runner injects, at a point of the campaign's progress. */
export interface ChaosStep {
  /** Campaign progress (0..1) at which it fires: see `campaignProgress`. */
  atProgress: number;
  /** Extra wait after that point, real ms, so a fault lands at a random moment rather than on a poll tick. */
  jitterMs: number;
  kind: 'kill-hub' | 'restart-redis';
  /** Which hub (index) a kill hits. */
  hub: number;
  /** How long the hub (or Redis) stays down before it is started again, real ms. */
  downMs: number;
}

/** Options of {@link chaosSchedule}. */
export interface ScheduleOptions {
  kills: number;
  redisRestarts: number;
  hubs: number;
  /** Progress window in which faults fire (default 0.03-0.85: while sends, hand-overs and reports are all busy). */
  window?: [number, number];
}

/**
 * The seeded fault schedule of a run: `kills` hub kills (kill -9) and `redisRestarts` Redis restarts at random
 * progress points, in progress order. Same seed and options, same schedule; when it fires in wall-clock time
 * depends on the machine, where it fires in the campaign does not.
 */
export function chaosSchedule(seed: number, o: ScheduleOptions): ChaosStep[] {
  const rng = Prng.fork(seed, 'chaos-schedule');
  const [lo, hi] = o.window ?? [0.03, 0.85];
  const kinds: ChaosStep['kind'][] = [
    ...Array<ChaosStep['kind']>(o.kills).fill('kill-hub'),
    ...Array<ChaosStep['kind']>(o.redisRestarts).fill('restart-redis'),
  ];
  const points = kinds.map(() => lo + rng.next() * (hi - lo)).sort((a, b) => a - b);
  // Shuffle the kinds over the sorted points (Fisher-Yates), so Redis restarts are not all at the end.
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return points.map((atProgress, i) => {
    const kind = kinds[i]!;
    return {
      atProgress,
      kind,
      jitterMs: rng.int(0, 1500),
      hub: rng.int(0, Math.max(0, o.hubs - 1)),
      downMs: kind === 'kill-hub' ? rng.int(200, 3000) : rng.int(1000, 4000),
    };
  });
}

/**
 * Campaign progress in 0..1: a third for the hub accepting the sends, a third for the hand-overs reaching a phone's
 * gateway, a third for the phones finishing them (ground truth), each over `messages`.
 */
export function campaignProgress(messages: number, accepted: number, handedOver: number, finished: number): number {
  if (messages <= 0) return 1;
  return Math.min(1, (accepted + handedOver + finished) / (3 * messages));
}
