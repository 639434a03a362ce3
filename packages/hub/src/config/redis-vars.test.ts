import { isSmsfleetError, type SmsfleetError } from '@smsfleet/core';
import { loadConfig } from './load-config';

function configError(env: Record<string, string>): SmsfleetError {
  try {
    loadConfig(env);
  } catch (e) {
    if (isSmsfleetError(e, 'SMSFLEET_ERR_CONFIG')) return e;
    throw e;
  }
  throw new Error('expected SMSFLEET_ERR_CONFIG');
}

const redis = (env: Record<string, string>) => loadConfig(env).store.redis;

describe('Redis topology from the configuration', () => {
  it('reads a single node, a Cluster and a Sentinel master from REDIS_URL', () => {
    expect(redis({ REDIS_URL: 'rediss://:pw@r:6380/2' })).toEqual({
      topology: { kind: 'single', url: 'rediss://:pw@r:6380/2' },
      variable: 'REDIS_URL',
    });
    expect(redis({ REDIS_URL: 'redis+cluster://app:p%40ss@10.0.0.1:7000,[::1]:7001/' })).toEqual({
      topology: {
        kind: 'cluster',
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '::1', port: 7001 },
        ],
        username: 'app',
        password: 'p@ss',
      },
      variable: 'REDIS_URL',
    });
    expect(redis({ REDIS_URL: 'rediss+cluster://c1:7000' })?.topology).toMatchObject({ kind: 'cluster', tls: true });
    expect(redis({ REDIS_URL: 'redis+sentinel://:pw@s1:26379,s2:26379/my%20master/3' })?.topology).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      masterName: 'my master',
      db: 3,
      password: 'pw',
    });
  });

  it('reads a Cluster from REDIS_CLUSTER_NODES with its user, password, TLS and NAT map', () => {
    expect(
      redis({
        REDIS_CLUSTER_NODES: 'a:7000, b:7001',
        REDIS_USERNAME: 'app',
        REDIS_PASSWORD: 'pw',
        REDIS_TLS: 'true',
        REDIS_CLUSTER_NAT_MAP: '{"10.0.0.1:7000":"a:7000","10.0.0.2:7001":{"host":"b","port":7001}}',
      }),
    ).toEqual({
      topology: {
        kind: 'cluster',
        nodes: [
          { host: 'a', port: 7000 },
          { host: 'b', port: 7001 },
        ],
        username: 'app',
        password: 'pw',
        tls: true,
        natMap: { '10.0.0.1:7000': { host: 'a', port: 7000 }, '10.0.0.2:7001': { host: 'b', port: 7001 } },
      },
      variable: 'REDIS_CLUSTER_NODES',
    });
  });

  it('reads a Sentinel master from REDIS_SENTINELS and REDIS_SENTINEL_MASTER', () => {
    expect(
      redis({
        REDIS_SENTINELS: 's1:26379,s2:26379',
        REDIS_SENTINEL_MASTER: 'mymaster',
        REDIS_SENTINEL_PASSWORD: 'spw',
        REDIS_PASSWORD: 'pw',
      }),
    ).toEqual({
      topology: {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        masterName: 'mymaster',
        password: 'pw',
        sentinelPassword: 'spw',
      },
      variable: 'REDIS_SENTINELS',
    });
  });

  it('reports every bad Redis setting at once, each naming its variable', () => {
    const e = configError({
      REDIS_URL: 'redis+cluster://a:7000,b',
      REDIS_CLUSTER_NODES: 'a:99999',
      REDIS_CLUSTER_NAT_MAP: '[1]',
      REDIS_SENTINELS: 'nohost',
      REDIS_TLS: 'maybe',
      SMSFLEET_REDIS_CONNECT_TIMEOUT: 'soon',
    });
    expect(e.issues).toEqual([
      { field: 'REDIS_URL', reason: 'cluster nodes: item 2 ("b") must be host:port, like 10.0.0.1:6379' },
      { field: 'REDIS_CLUSTER_NODES', reason: 'item 1 ("a:99999") must be host:port, like 10.0.0.1:6379' },
      { field: 'REDIS_CLUSTER_NAT_MAP', reason: 'must be a JSON object' },
      { field: 'REDIS_SENTINELS', reason: 'item 1 ("nohost") must be host:port, like 10.0.0.1:6379' },
      { field: 'REDIS_TLS', reason: 'must be true or false' },
      { field: 'SMSFLEET_REDIS_CONNECT_TIMEOUT', reason: expect.stringMatching(/duration/) },
    ]);
    expect(configError({ REDIS_URL: 'redis+sentinel://s1:26379' }).issues).toEqual([
      { field: 'REDIS_URL', reason: expect.stringMatching(/ends with \/<master name>/) },
    ]);
    expect(configError({ REDIS_URL: 'redis+cluster://a:7000/0' }).issues).toEqual([
      { field: 'REDIS_URL', reason: expect.stringMatching(/no path/) },
    ]);
    expect(configError({ REDIS_URL: 'cluster://a:7000' }).issues[0]!.reason).toMatch(/redis\+cluster:\/\//);
  });

  it('refuses a Redis named two ways, and settings read only with another one', () => {
    expect(configError({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NODES: 'a:7000' }).issues).toEqual([
      { field: 'REDIS_CLUSTER_NODES', reason: 'cannot be set with REDIS_URL: name the Redis one way only' },
    ]);
    expect(configError({ REDIS_SENTINELS: 's:26379' }).issues).toEqual([
      { field: 'REDIS_SENTINEL_MASTER', reason: 'is needed with REDIS_SENTINELS' },
    ]);
    expect(configError({ REDIS_URL: 'redis://r:6379', REDIS_CLUSTER_NAT_MAP: '{}' }).issues).toEqual([
      { field: 'REDIS_CLUSTER_NAT_MAP', reason: 'is only read for a Cluster (REDIS_CLUSTER_NODES)' },
    ]);
  });
});
