/**
 * Delay before the next attempt after attempt number `attempt` (1-based) failed, or undefined when
 * `attempt` was the last one (the schedule is exhausted: dead letter). Each delay of `scheduleMs` is spread
 * by `jitter` (0..1): multiplied by a factor drawn from [1 - jitter, 1 + jitter] with `random` (0..1), so that
 * many deliveries failing together do not retry together.
 */
export function retryDelay(
  attempt: number,
  scheduleMs: readonly number[],
  jitter: number,
  random: () => number = Math.random,
): number | undefined {
  const base = scheduleMs[attempt - 1];
  if (base === undefined) return undefined;
  const factor = 1 + jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * factor));
}

/** Attempts in all for a schedule: the first one plus one per retry. */
export function maxAttempts(scheduleMs: readonly number[]): number {
  return scheduleMs.length + 1;
}
