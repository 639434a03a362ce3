import type { z } from 'zod';
import { SmsfleetError, type FieldIssue } from '@smsfleet/core';
import { ENV_VARS, type EnvVarName, type EnvVarSpec, type ParsedEnv } from './env-vars';
import { type RedisStoreConfig, redisStoreConfig } from './redis-vars';

/** Pino log levels accepted by `SMSFLEET_LOG_LEVEL`. */
export type LogLevel = ParsedEnv['SMSFLEET_LOG_LEVEL'];

/** The hub configuration, parsed once at boot and deep-frozen. */
export interface HubConfig {
  readonly server: {
    readonly host: string;
    readonly port: number;
    /** Base URL without a trailing slash. */
    readonly publicUrl: string;
    readonly bodyLimitBytes: number;
    /** Proxies whose X-Forwarded-For is believed (fastify `trustProxy`). */
    readonly trustProxy: boolean | number | readonly string[];
    readonly logLevel: LogLevel;
  };
  readonly store: {
    /** The Redis (single node, Cluster or Sentinel) and the variable that named it. Absent: the in-memory store. */
    readonly redis?: RedisStoreConfig;
    readonly redisPrefix: string;
    /** Longest wait at boot for a Cluster or Sentinel Redis to answer. */
    readonly redisConnectTimeoutMs: number;
    /** Longest wait at boot for the store to answer its first call (see wait-for-store.ts). */
    readonly bootWaitMs: number;
    /** Partitions of the Redis queues and indexes; absent: the store's default. */
    readonly redisPartitions?: number;
  };
  readonly rateLimit: {
    /** Requests per minute and API key. */
    readonly perMinute: number;
  };
  readonly sending: {
    readonly defaultRegion?: string;
    readonly refuseNonMobile: boolean;
  };
  readonly retention: {
    readonly days: number;
    readonly purgeEveryMs: number;
  };
  readonly fleetName: string;
  readonly recovery: {
    /** How often the sweeper finishes creates left half-done. */
    readonly sweepEveryMs: number;
    /** How often a message with no final report is polled at its gateway (and its unpublished events flushed). */
    readonly pollEveryMs: number;
  };
  readonly engagement: {
    /** Base of short links, without a trailing slash. */
    readonly shortUrl: string;
    readonly replyWindowMs: number;
    readonly extraOptOutKeywords: readonly string[];
    readonly optOutReply?: string;
    readonly optInReply?: string;
    readonly helpReply?: string;
    readonly footer: string;
    readonly footerByDefault: boolean;
    /** Absent: quiet hours are off. */
    readonly quietHours?: { readonly startMinute: number; readonly endMinute: number };
    readonly pricePerSegment: number;
    readonly currency: string;
  };
  readonly health: {
    /** Silence after which a phone that sends heartbeats is marked offline (0: never by silence). */
    readonly offlineAfterMs: number;
  };
  readonly webhooks: {
    /** Delay before retry 1, 2, …; attempts in all = length + 1. */
    readonly retryScheduleMs: readonly number[];
    /** 0..1: each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
    readonly jitter: number;
    readonly timeoutMs: number;
    readonly leaseMs: number;
    readonly concurrency: number;
    readonly pollMs: number;
    readonly alarmAfter: number;
    /** Failed attempts in a row that disable a subscription (0: never by count). */
    readonly disableAfterFailures: number;
    /** Milliseconds of only failed attempts that disable a subscription (0: never by time). */
    readonly disableAfterMs: number;
  };
}

/** The environment as `process.env` gives it. */
export type Env = Record<string, string | undefined>;

/** Freeze an object and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Read the hub configuration from environment variables. Pure: it reads only `env`. Every problem is
 * reported at once as `SMSFLEET_ERR_CONFIG`, one issue per problem (`field` is the variable's name).
 * Unset and empty variables take their documented default.
 */
export function loadConfig(env: Env): HubConfig {
  const parsed: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const [name, s] of Object.entries(ENV_VARS) as [EnvVarName, (typeof ENV_VARS)[EnvVarName]][]) {
    const v = env[name]?.trim();
    const r = (s.schema as z.ZodType).safeParse(v ? v : (s as EnvVarSpec).default);
    if (r.success) parsed[name] = r.data;
    else for (const i of r.error.issues) issues.push({ field: name, reason: i.message });
  }
  const lease = parsed.SMSFLEET_WEBHOOK_LEASE as number | undefined;
  const timeout = parsed.SMSFLEET_WEBHOOK_TIMEOUT as number | undefined;
  if (lease !== undefined && timeout !== undefined && lease <= timeout) {
    issues.push({
      field: 'SMSFLEET_WEBHOOK_LEASE',
      reason: `must be longer than SMSFLEET_WEBHOOK_TIMEOUT (${timeout}ms)`,
    });
  }
  const redis = redisStoreConfig(parsed);
  issues.push(...redis.issues);
  if (issues.length) {
    throw new SmsfleetError(
      'SMSFLEET_ERR_CONFIG',
      `Invalid configuration: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`,
      { issues },
    );
  }
  return deepFreeze(toConfig(parsed as ParsedEnv, redis.redis));
}

function toConfig(e: ParsedEnv, redis: RedisStoreConfig | undefined): HubConfig {
  const host = e.SMSFLEET_HOST;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const publicUrl = (e.SMSFLEET_PUBLIC_URL ?? `http://${urlHost}:${e.SMSFLEET_PORT}`).replace(/\/+$/, '');
  return {
    server: {
      host,
      port: e.SMSFLEET_PORT,
      publicUrl,
      bodyLimitBytes: e.SMSFLEET_BODY_LIMIT_BYTES,
      trustProxy: e.SMSFLEET_TRUST_PROXY,
      logLevel: e.SMSFLEET_LOG_LEVEL,
    },
    store: {
      ...(redis ? { redis } : {}),
      redisPrefix: e.SMSFLEET_REDIS_PREFIX,
      redisConnectTimeoutMs: e.SMSFLEET_REDIS_CONNECT_TIMEOUT,
      bootWaitMs: e.SMSFLEET_BOOT_WAIT,
      ...(e.SMSFLEET_REDIS_PARTITIONS !== undefined ? { redisPartitions: e.SMSFLEET_REDIS_PARTITIONS } : {}),
    },
    rateLimit: { perMinute: e.SMSFLEET_RATE_LIMIT_PER_MIN },
    sending: {
      ...(e.SMSFLEET_DEFAULT_REGION ? { defaultRegion: e.SMSFLEET_DEFAULT_REGION } : {}),
      refuseNonMobile: e.SMSFLEET_REFUSE_NON_MOBILE,
    },
    retention: { days: e.SMSFLEET_RETENTION_DAYS, purgeEveryMs: e.SMSFLEET_PURGE_EVERY },
    fleetName: e.SMSFLEET_FLEET_NAME,
    recovery: { sweepEveryMs: e.SMSFLEET_SWEEP_EVERY, pollEveryMs: e.SMSFLEET_POLL_EVERY },
    engagement: {
      shortUrl: (e.SMSFLEET_SHORT_URL ?? `${publicUrl}/l`).replace(/\/+$/, ''),
      replyWindowMs: e.SMSFLEET_REPLY_WINDOW,
      extraOptOutKeywords: e.SMSFLEET_OPT_OUT_KEYWORDS,
      ...(e.SMSFLEET_OPT_OUT_REPLY ? { optOutReply: e.SMSFLEET_OPT_OUT_REPLY } : {}),
      ...(e.SMSFLEET_OPT_IN_REPLY ? { optInReply: e.SMSFLEET_OPT_IN_REPLY } : {}),
      ...(e.SMSFLEET_HELP_REPLY ? { helpReply: e.SMSFLEET_HELP_REPLY } : {}),
      footer: e.SMSFLEET_OPT_OUT_FOOTER,
      footerByDefault: e.SMSFLEET_OPT_OUT_FOOTER_DEFAULT,
      ...(e.SMSFLEET_QUIET_HOURS ? { quietHours: e.SMSFLEET_QUIET_HOURS } : {}),
      pricePerSegment: e.SMSFLEET_PRICE_PER_SEGMENT,
      currency: e.SMSFLEET_CURRENCY,
    },
    health: { offlineAfterMs: e.SMSFLEET_DEVICE_OFFLINE_AFTER },
    webhooks: {
      retryScheduleMs: e.SMSFLEET_WEBHOOK_RETRY_SCHEDULE,
      jitter: e.SMSFLEET_WEBHOOK_JITTER,
      timeoutMs: e.SMSFLEET_WEBHOOK_TIMEOUT,
      leaseMs: e.SMSFLEET_WEBHOOK_LEASE,
      concurrency: e.SMSFLEET_WEBHOOK_CONCURRENCY,
      pollMs: e.SMSFLEET_WEBHOOK_POLL,
      alarmAfter: e.SMSFLEET_WEBHOOK_ALARM_AFTER,
      disableAfterFailures: e.SMSFLEET_WEBHOOK_DISABLE_AFTER_FAILURES,
      disableAfterMs: e.SMSFLEET_WEBHOOK_DISABLE_AFTER,
    },
  };
}
