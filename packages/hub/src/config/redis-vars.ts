import { z } from 'zod';
import type { FieldIssue, RedisNodeAddress, RedisTopology } from '@smsfleet/core';
import { bool, duration, spec } from './env-spec';
import { parseAddress, parseAddressList, parseRedisUrl, type Parsed } from './redis-url';

const fromParser = <T>(parse: (v: string) => Parsed<T>) =>
  z.string().transform((v, ctx) => {
    const r = parse(v);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  });

const natMap = fromParser((v): Parsed<Record<string, RedisNodeAddress>> => {
  let json: unknown;
  try {
    json = JSON.parse(v);
  } catch {
    return { ok: false, reason: 'must be a JSON object like {"10.0.0.5:6379":"203.0.113.5:7001"}' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { ok: false, reason: 'must be a JSON object' };
  const out: Record<string, RedisNodeAddress> = {};
  for (const [from, to] of Object.entries(json)) {
    const target =
      typeof to === 'string'
        ? parseAddress(to)
        : to &&
          typeof to === 'object' &&
          parseAddress(`${(to as RedisNodeAddress).host}:${(to as RedisNodeAddress).port}`);
    if (!parseAddress(from) || !target) {
      return { ok: false, reason: `entry "${from}" must map host:port to "host:port" or {"host":…,"port":…}` };
    }
    out[from] = target;
  }
  return { ok: true, value: out };
});

const optionalText = (what: string) => z.string().min(1, `${what} must not be empty`).optional();

/**
 * The variables that choose and reach the store's Redis: a single node (`REDIS_URL`), a Cluster
 * (`REDIS_CLUSTER_NODES` or a `redis+cluster://` URL) or a master watched by Sentinel (`REDIS_SENTINELS` with
 * `REDIS_SENTINEL_MASTER`, or a `redis+sentinel://` URL). Part of the hub's `ENV_VARS`, in README order.
 */
export const REDIS_VARS = {
  REDIS_URL: spec(fromParser(parseRedisUrl).optional(), {
    description:
      'Redis for state shared by several hubs: redis:// (rediss:// for TLS) for one node, ' +
      'redis+cluster://host:port,host:port for a Cluster, redis+sentinel://host:port,host:port/<master>[/<db>] for ' +
      'Sentinel (rediss+… for TLS). Unset (and no REDIS_CLUSTER_NODES or REDIS_SENTINELS): an in-memory store ' +
      '(one process, lost on restart).',
    example: 'redis://127.0.0.1:6379/0',
  }),
  REDIS_CLUSTER_NODES: spec(fromParser(parseAddressList).optional(), {
    description:
      'Redis Cluster seed nodes, comma-separated host:port (a few masters are enough; the rest is learnt from ' +
      'CLUSTER SLOTS). Instead of REDIS_URL. Checked at boot: no node answering fails with SMSFLEET_ERR_CONFIG.',
    example: '10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379',
  }),
  REDIS_CLUSTER_NAT_MAP: spec(natMap.optional(), {
    description:
      'For a Cluster whose nodes announce addresses the hub cannot dial (NAT, containers): JSON mapping each ' +
      'announced host:port to the host:port to dial.',
    example: '{"10.0.0.1:6379":"203.0.113.5:7001"}',
  }),
  REDIS_SENTINELS: spec(fromParser(parseAddressList).optional(), {
    description:
      'Redis Sentinel nodes, comma-separated host:port, for a master that fails over without a Cluster (with ' +
      'REDIS_SENTINEL_MASTER). Instead of REDIS_URL. Checked at boot like REDIS_CLUSTER_NODES.',
    example: '10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379',
  }),
  REDIS_SENTINEL_MASTER: spec(optionalText('the master name'), {
    description: 'Name of the master the sentinels watch (`sentinel monitor <name> …`); needed with REDIS_SENTINELS.',
    example: 'mymaster',
  }),
  REDIS_SENTINEL_PASSWORD: spec(optionalText('the password'), {
    description: 'Password of the sentinels themselves, when sentinel.conf sets requirepass.',
    example: 's3ntinel-secret',
  }),
  REDIS_USERNAME: spec(optionalText('the user'), {
    description:
      'ACL user for the Cluster nodes or the Sentinel master (a redis:// URL carries its own, as user:password@).',
    example: 'smsfleet',
  }),
  REDIS_PASSWORD: spec(optionalText('the password'), {
    description: 'Password for the Cluster nodes or the Sentinel master (requirepass, or the ACL user’s).',
    example: 's3cret',
  }),
  REDIS_TLS: spec(bool, {
    description:
      'Connect to the Cluster nodes or the Sentinel master (and sentinels) with TLS, as rediss+… does. Add a ' +
      'private CA with NODE_EXTRA_CA_CERTS.',
    default: 'false',
    example: 'true',
  }),
  SMSFLEET_REDIS_CONNECT_TIMEOUT: spec(duration(100, 300_000), {
    description:
      'Longest wait at boot for a Cluster or Sentinel Redis to answer; a refused or unknown node fails at once.',
    default: '10s',
    example: '30s',
  }),
  SMSFLEET_BOOT_WAIT: spec(duration(0, 3600_000), {
    description:
      'Longest wait at boot for the store to answer (a Redis restarting, or started after the hub); 0 fails at once.',
    default: '60s',
    example: '5m',
  }),
} as const;

/** The store's Redis as configured: its topology and the variable it came from (named in boot errors). */
export interface RedisStoreConfig {
  readonly topology: RedisTopology;
  readonly variable: 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS';
}

/** The parsed values of {@link REDIS_VARS} (absent when invalid). */
type Values = {
  [K in keyof typeof REDIS_VARS]?: z.output<(typeof REDIS_VARS)[K]['schema']>;
};

/**
 * The store's Redis from the parsed variables, with the problems that span variables: more than one way of
 * naming the Redis, a Sentinel list without a master name (or the reverse), a NAT map without a Cluster.
 */
export function redisStoreConfig(v: Values): { redis?: RedisStoreConfig; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const given = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((k) => v[k] !== undefined);
  for (const k of given.slice(1)) {
    issues.push({ field: k, reason: `cannot be set with ${given[0]}: name the Redis one way only` });
  }
  if (v.REDIS_SENTINELS && !v.REDIS_SENTINEL_MASTER) {
    issues.push({ field: 'REDIS_SENTINEL_MASTER', reason: 'is needed with REDIS_SENTINELS' });
  }
  if (v.REDIS_SENTINEL_MASTER && !v.REDIS_SENTINELS) {
    issues.push({ field: 'REDIS_SENTINEL_MASTER', reason: 'is only read with REDIS_SENTINELS' });
  }
  const variable = given[0];
  const topology = withAuth(v, variable && pick(v, variable));
  if (v.REDIS_CLUSTER_NAT_MAP && topology?.kind !== 'cluster') {
    issues.push({ field: 'REDIS_CLUSTER_NAT_MAP', reason: 'is only read for a Cluster (REDIS_CLUSTER_NODES)' });
  }
  return { ...(topology && variable && !issues.length ? { redis: { topology, variable } } : {}), issues };
}

function pick(v: Values, variable: RedisStoreConfig['variable']): RedisTopology | undefined {
  if (variable === 'REDIS_URL') return v.REDIS_URL;
  if (variable === 'REDIS_CLUSTER_NODES') {
    return v.REDIS_CLUSTER_NODES ? { kind: 'cluster', nodes: v.REDIS_CLUSTER_NODES } : undefined;
  }
  if (!v.REDIS_SENTINELS || !v.REDIS_SENTINEL_MASTER) return undefined;
  return { kind: 'sentinel', sentinels: v.REDIS_SENTINELS, masterName: v.REDIS_SENTINEL_MASTER };
}

/** Credentials, TLS and NAT map from their variables; a URL's own user and password win. */
function withAuth(v: Values, t: RedisTopology | undefined): RedisTopology | undefined {
  if (!t || t.kind === 'single') return t;
  const out = {
    ...t,
    ...(v.REDIS_USERNAME && !t.username ? { username: v.REDIS_USERNAME } : {}),
    ...(v.REDIS_PASSWORD && !t.password ? { password: v.REDIS_PASSWORD } : {}),
    ...(v.REDIS_TLS ? { tls: true } : {}),
  };
  if (out.kind === 'cluster' && v.REDIS_CLUSTER_NAT_MAP) return { ...out, natMap: v.REDIS_CLUSTER_NAT_MAP };
  if (out.kind === 'sentinel' && v.REDIS_SENTINEL_PASSWORD)
    return { ...out, sentinelPassword: v.REDIS_SENTINEL_PASSWORD };
  return out;
}
