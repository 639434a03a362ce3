/** API keys: creation, hashing, authentication, scopes and the failed-authentication throttle. */
export { createApiKey, hashApiKey, authenticate, API_KEY_PREFIX, type NewKeyOptions } from './api-keys';
export { createKeyHint, requireScope, routeScope, type RouteScope } from './scopes';
export { FailedAuthThrottle } from './failed-auth';
