import type { RedisNodeAddress, RedisTopology } from '@smsfleet/core';

/** A parse result: the value, or why the text is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** `host:port` or `[v6]:port`, port 1-65535. */
export function parseAddress(text: string): RedisNodeAddress | undefined {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: (m[1] ?? m[2])!, port };
}

/** A comma-separated list of `host:port`, at least one, each checked. */
export function parseAddressList(text: string): Parsed<RedisNodeAddress[]> {
  const parts = text.split(',').map((p) => p.trim());
  const out: RedisNodeAddress[] = [];
  for (const [i, p] of parts.entries()) {
    const a = parseAddress(p);
    if (!a) return { ok: false, reason: `item ${i + 1} ("${p}") must be host:port, like 10.0.0.1:6379` };
    out.push(a);
  }
  return { ok: true, value: out };
}

const CLUSTER_FORM = 'redis+cluster://[user:password@]host:port,host:port,...';
const SENTINEL_FORM = 'redis+sentinel://[user:password@]host:port,host:port,.../<master name>[/<db>]';
const SCHEMES =
  'a redis://, rediss://, redis+cluster://, rediss+cluster://, redis+sentinel:// or rediss+sentinel:// URL';

/**
 * A Redis URL:
 * - `redis://` / `rediss://` (TLS): one node, passed to ioredis as is;
 * - `redis+cluster://[user:password@]host:port,host:port,…`: a Cluster, from seed nodes;
 * - `redis+sentinel://[user:password@]host:port,…/<master name>[/<db>]`: a master watched by Sentinel.
 * `rediss+…` connects with TLS. The user and password are percent-decoded.
 */
export function parseRedisUrl(text: string): Parsed<RedisTopology> {
  const head = /^(rediss?)(?:\+(cluster|sentinel))?:\/\//.exec(text);
  if (!head) return { ok: false, reason: `must be ${SCHEMES}` };
  const [, scheme, layout] = head;
  if (!layout) return singleUrl(text);
  const m = /^(?:([^@/]*)@)?([^/?#@]*)(\/[^?#]*)?$/.exec(text.slice(head[0].length));
  if (!m) return { ok: false, reason: `must be ${layout === 'cluster' ? CLUSTER_FORM : SENTINEL_FORM}` };
  const [, userinfo, hosts, path = ''] = m;
  let auth: { username?: string; password?: string };
  try {
    auth = credentials(userinfo);
  } catch {
    return { ok: false, reason: 'has a badly percent-encoded user or password' };
  }
  const nodes = parseAddressList(hosts!);
  if (!nodes.ok) return { ok: false, reason: `${layout} nodes: ${nodes.reason}` };
  const tls = scheme === 'rediss' ? { tls: true } : {};
  if (layout === 'cluster') {
    if (path !== '' && path !== '/')
      return { ok: false, reason: 'a cluster URL has no path (Cluster has no databases)' };
    return { ok: true, value: { kind: 'cluster', nodes: nodes.value, ...auth, ...tls } };
  }
  const sm = /^\/([^/]+)(?:\/(\d{1,2}))?\/?$/.exec(path);
  if (!sm) return { ok: false, reason: 'a sentinel URL ends with /<master name>[/<db>], like /mymaster/0' };
  const db = sm[2] === undefined ? {} : { db: Number(sm[2]) };
  return {
    ok: true,
    value: { kind: 'sentinel', sentinels: nodes.value, masterName: decodeURIComponent(sm[1]!), ...db, ...auth, ...tls },
  };
}

function singleUrl(text: string): Parsed<RedisTopology> {
  try {
    const u = new URL(text);
    if (!u.hostname) return { ok: false, reason: 'must name a host, like redis://127.0.0.1:6379' };
  } catch {
    return { ok: false, reason: `must be ${SCHEMES}` };
  }
  return { ok: true, value: { kind: 'single', url: text } };
}

function credentials(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decodeURIComponent(userinfo.slice(colon + 1));
  return { ...(user ? { username: user } : {}), ...(password ? { password } : {}) };
}
