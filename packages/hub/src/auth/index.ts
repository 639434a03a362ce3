/** API keys: creation, hashing and authentication. */
export { createApiKey, hashApiKey, authenticate, API_KEY_PREFIX } from './api-keys';
