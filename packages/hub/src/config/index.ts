/** Hub configuration: environment variables, parsed once at boot. */
export { loadConfig, deepFreeze, type HubConfig, type Env, type LogLevel } from './load-config';
export { ENV_VARS, type EnvVarName, type EnvVarSpec, type ParsedEnv } from './env-vars';
export { configTableMarkdown, CONFIG_TABLE_BEGIN, CONFIG_TABLE_END } from './config-table';
export { parseDuration, formatDuration } from './duration';
export { REDIS_VARS, type RedisStoreConfig } from './redis-vars';
export { parseRedisUrl, parseAddressList } from './redis-url';
