/**
 * The order of due jobs, defined once: a ready job's score is `(127 - priority) * 2^42 + dueAt`, so higher priority
 * comes first, then earlier dueAt. `dueAt` < 2^42 ms (year 2109) and `127 - priority` <= 255, so the score stays an
 * exact integer below 2^53. The memory queue calls {@link readyScore}; the Redis claim script includes
 * {@link READY_SCORE_LUA}, the same formula generated from the same constants.
 */
export const READY_SCORE = { maxPriority: 127, dueSpan: 2 ** 42 } as const;

/** Score of a ready job (lowest is claimed first). */
export function readyScore(priority: number, dueAt: number): number {
  return (READY_SCORE.maxPriority - priority) * READY_SCORE.dueSpan + dueAt;
}

/** {@link readyScore} as a Lua function, the include `includes/ready-score` of the Redis queue scripts. */
export const READY_SCORE_LUA = [
  "-- Generated from queue/ready-score.ts: the one definition of a ready job's score.",
  'local function readyScore(p, due)',
  `  return (${READY_SCORE.maxPriority} - p) * ${READY_SCORE.dueSpan} + due`,
  'end',
  '',
].join('\n');
