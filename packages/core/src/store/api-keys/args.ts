import { requireDate } from '../shared/args';

/** When a key is revoked: a valid Date, as an ISO time. */
export function checkRevokedAt(at: unknown): string {
  requireDate(at, 'at');
  return (at as Date).toISOString();
}
