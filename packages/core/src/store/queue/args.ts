import { invalid, requireInt, requireKey, requireTime } from '../shared/args';

/**
 * The argument checks of {@link JobQueue}, shared by both adapters so they refuse the same input with the same
 * `SMSFLEET_ERR_VALIDATION` field.
 */

/** A job payload as JSON, or a validation error naming `payload` when it cannot be stored as JSON. */
export function encodePayload(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (e) {
    throw invalid('payload', `must be JSON-serialisable (${(e as Error).message})`);
  }
  if (json === undefined) throw invalid('payload', 'must be JSON-serialisable (got undefined or a function)');
  return json;
}

/** A queue name: 1-200 characters. */
export function checkQueue(queue: unknown): string {
  return requireKey(queue, 'queue', 200);
}

/** A job to enqueue, checked, with its payload as JSON and its priority defaulted to 0. */
export function checkJob(
  queue: unknown,
  job: { id: string; dueAt: number; priority?: number; payload: unknown },
): { queue: string; id: string; dueAt: number; priority: number; payload: string } {
  return {
    queue: checkQueue(queue),
    id: requireKey(job?.id, 'id', 200),
    dueAt: requireTime(job.dueAt, 'dueAt'),
    priority: job.priority === undefined ? 0 : requireInt(job.priority, 'priority', -128, 127),
    payload: encodePayload(job.payload),
  };
}

/** The arguments of a claim: a time, 1-1000 jobs, a lease of at most 7 days. */
export function checkClaim(queue: unknown, now: unknown, limit: unknown, leaseMs: unknown): string {
  const q = checkQueue(queue);
  requireTime(now, 'now');
  requireInt(limit, 'limit', 1, 1000);
  requireInt(leaseMs, 'leaseMs', 1, 7 * 86400_000);
  return q;
}

/** The arguments of a reschedule; the new payload as JSON when one is given. */
export function checkReschedule(queue: unknown, dueAt: unknown, payload: unknown): { queue: string; payload?: string } {
  const q = checkQueue(queue);
  requireTime(dueAt, 'dueAt');
  return payload === undefined ? { queue: q } : { queue: q, payload: encodePayload(payload) };
}

/** The arguments of an enqueue claimed at once: the job checked, due no later than `now`, and the claim's. */
export function checkClaimedJob(
  queue: unknown,
  job: { id: string; dueAt: number; priority?: number; payload: unknown },
  now: unknown,
  leaseMs: unknown,
): ReturnType<typeof checkJob> & { leaseEnd: number } {
  const j = checkJob(queue, job);
  checkClaim(queue, now, 1, leaseMs);
  if (j.dueAt > (now as number)) throw invalid('dueAt', 'must not be later than now for a job claimed at once');
  return { ...j, leaseEnd: (now as number) + (leaseMs as number) };
}
