import { requireDate } from '../shared/args';

/** When a key is revoked: a valid Date, as an ISO time. */
export function checkRevokedAt(at: unknown): string {
  requireDate(at, 'at');
  return (at as Date).toISOString();
}

/** When a key was used: a valid Date, as an ISO time. */
export function checkUsedAt(at: unknown): string {
  requireDate(at, 'at');
  return (at as Date).toISOString();
}

/** The record with `lastUsedAt` moved forward to `at`, or null when it is already as late. */
export function usedAt<K extends { lastUsedAt?: string }>(k: K, at: string): K | null {
  return k.lastUsedAt !== undefined && Date.parse(k.lastUsedAt) >= Date.parse(at) ? null : { ...k, lastUsedAt: at };
}
