import { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './lua';

/** One Redis node or sentinel. */
export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Credentials and TLS shared by the nodes of a Cluster or the master behind Sentinel. */
export interface RedisAuth {
  /** ACL user (Redis 6+); absent: the default user. */
  username?: string;
  password?: string;
  /** Connect with TLS (system CAs; add one with NODE_EXTRA_CA_CERTS). */
  tls?: boolean;
}

/**
 * Where the store's Redis is and how it is laid out, as the hub's configuration describes it. One URL for a
 * single node; a seed list for a Cluster (the client learns the rest from `CLUSTER SLOTS`); a sentinel list and a
 * master name for Sentinel.
 */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | ({
      kind: 'cluster';
      nodes: RedisNodeAddress[];
      /** Address a node announces (`host:port`) -> address to dial, for nodes behind NAT or in containers. */
      natMap?: Record<string, RedisNodeAddress>;
    } & RedisAuth)
  | ({
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      /** The master's name in the sentinels' configuration. */
      masterName: string;
      db?: number;
      /** Password of the sentinels themselves (`requirepass` in sentinel.conf), if any. */
      sentinelPassword?: string;
    } & RedisAuth);

/** How many times a command is retried across reconnects before it fails (then `SMSFLEET_ERR_STORE`). */
const RETRIES_PER_REQUEST = 3;

/**
 * A connection for a topology, with ioredis's auto-pipelining on (the commands of concurrent requests issued in
 * one tick go out in one write; on a Cluster, grouped per node). It connects in the background and reconnects on
 * its own; {@link checkRedis} tells at boot whether anything answers.
 */
export function connectRedis(t: RedisTopology): RedisClient {
  return build(t, false);
}

/**
 * Connect once to a topology (no retries) and resolve when it is ready for commands; reject with the reason on
 * the first failure (a refused port, no node knowing the slots, no sentinel answering) or after `timeoutMs`. The
 * probe connection is closed either way, leaving no timer behind.
 */
export async function checkRedis(t: RedisTopology, timeoutMs: number): Promise<void> {
  const probe = build(t, true, timeoutMs);
  const ready = waitUntilReady(probe, timeoutMs);
  probe.connect().catch(() => {}); // the failure comes as an event, with more detail
  try {
    await ready;
  } finally {
    probe.disconnect();
  }
}

function build(t: RedisTopology, probe: boolean, timeoutMs?: number): RedisClient {
  const once = probe ? { lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null } : {};
  if (t.kind === 'single') {
    return new Redis(t.url, { maxRetriesPerRequest: RETRIES_PER_REQUEST, enableAutoPipelining: true, ...once });
  }
  const auth = {
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
  };
  if (t.kind === 'cluster') {
    return new Cluster(t.nodes, {
      enableAutoPipelining: true,
      redisOptions: {
        ...auth,
        maxRetriesPerRequest: RETRIES_PER_REQUEST,
        ...(probe ? { connectTimeout: timeoutMs } : {}),
      },
      ...(t.natMap ? { natMap: t.natMap } : {}),
      // With TLS the certificates name the hosts: keep the names rather than dialling resolved addresses.
      ...(t.tls ? { dnsLookup: (address: string, done: (e: null, a: string) => void) => done(null, address) } : {}),
      ...(probe ? { lazyConnect: true, clusterRetryStrategy: () => null } : {}),
    });
  }
  return new Redis({
    ...auth,
    sentinels: t.sentinels,
    name: t.masterName,
    ...(t.db !== undefined ? { db: t.db } : {}),
    ...(t.sentinelPassword ? { sentinelPassword: t.sentinelPassword } : {}),
    ...(t.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
    maxRetriesPerRequest: RETRIES_PER_REQUEST,
    enableAutoPipelining: true,
    ...once,
    ...(probe ? { sentinelRetryStrategy: () => null } : {}),
  });
}

/**
 * Resolves once `conn` is ready for commands; rejects on its first connection error, when it ends, or after
 * `timeoutMs`, whichever comes first.
 */
export function waitUntilReady(conn: RedisClient, timeoutMs: number): Promise<void> {
  if (conn.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      clearTimeout(timer);
      conn.off('ready', onReady);
      conn.off('error', onError);
      conn.off('end', onEnd);
      if (e) reject(e);
      else resolve();
    };
    const onReady = () => done();
    const onError = (e: unknown) => {
      // A Cluster wraps the nodes' failures in `lastNodeError`; that is the one a person can act on.
      const last = (e as { lastNodeError?: unknown }).lastNodeError;
      const why =
        last instanceof Error ? `${(e as Error).message} (${last.message})` : String((e as Error).message ?? e);
      done(new Error(why));
    };
    const onEnd = () => done(new Error('the connection closed'));
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    conn.on('ready', onReady);
    conn.on('error', onError);
    conn.on('end', onEnd);
  });
}
