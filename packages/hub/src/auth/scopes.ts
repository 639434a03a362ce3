import { SmsfleetError, hasScope, scopesOf, type ApiKeyRecord, type ApiKeyScope } from '@smsfleet/core';

/**
 * What a route needs, declared in its `config.scope`: an API key scope, `any` (any valid key: the credential
 * test `GET /v1/account`), or `public` (no key: health, metrics, docs, gateway ingress, short links, dashboard
 * files). `config: { public: true }` declares `public` too.
 */
export type RouteScope = ApiKeyScope | 'any' | 'public';

/**
 * The scope a route declares; `undefined` when it declares none. The auth plugin then asks for `admin` (fail
 * closed), and the route-table test fails.
 */
export function routeScope(config: { public?: boolean; scope?: RouteScope } | undefined): RouteScope | undefined {
  if (config?.public === true) return 'public';
  return config?.scope;
}

/** The scope a key needs for a route declaring `declared` (none declared: `admin`). */
export function neededScope(declared: RouteScope | undefined): ApiKeyScope | 'any' | 'public' {
  return declared ?? 'admin';
}

/** The command that makes a key with `scopes`, for error messages. */
export function createKeyHint(scopes: readonly string[]): string {
  return `smsfleet keys create --name <name> --scopes ${scopes.join(',')}`;
}

/** Throws 403 `SMSFLEET_ERR_FORBIDDEN` naming `scope` (message and `details.scope`) unless `key` has it. */
export function requireScope(key: ApiKeyRecord, scope: ApiKeyScope): void {
  const scopes = scopesOf(key);
  if (hasScope(scopes, scope)) return;
  throw new SmsfleetError(
    'SMSFLEET_ERR_FORBIDDEN',
    `This API key lacks the \`${scope}\` scope (it has ${scopes.join(', ')}); ` +
      `an admin can create one with \`${createKeyHint([scope])}\`.`,
    { details: { scope, keyScopes: [...scopes] } },
  );
}
