import { z } from 'zod';
import { doc } from '../../schemas/doc';

/**
 * What an API key may do. `admin` implies every other scope (and alone may manage keys).
 * - `send`: send, preview and cancel messages; record consent; claim bindings
 * - `read`: read messages, inbox, contacts, devices, metrics, bindings
 * - `webhooks`: create, read, test and delete webhook subscriptions
 * - `devices`: change devices and their gateway connections
 * - `admin`: everything, including `/v1/keys`
 */
export const API_KEY_SCOPES = ['send', 'read', 'webhooks', 'devices', 'admin'] as const;

/** One scope of an API key. */
export const ApiKeyScope = doc(
  z.enum(API_KEY_SCOPES),
  'What a key may do: send, read, webhooks, devices or admin (admin implies all)',
  'send',
);

/** One scope of an API key. */
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/**
 * The scopes of a stored key. A key stored before scopes existed has none recorded and stays all-powerful (`admin`),
 * so upgrading the hub breaks no integration.
 */
export function scopesOf(key: { scopes?: readonly ApiKeyScope[] }): readonly ApiKeyScope[] {
  return key.scopes ?? ['admin'];
}

/** Whether a key with `scopes` may use a route that needs `needed` (`admin` implies every scope). */
export function hasScope(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean {
  return scopes.includes('admin') || scopes.includes(needed);
}
