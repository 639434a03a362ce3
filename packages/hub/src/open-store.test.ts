import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { connectTestCluster, deleteClusterKeys, TEST_CLUSTER_VAR } from '@smsfleet/core/testing';
import { loadConfig } from './config';
import { openStore } from './open-store';
import { freePort } from './testing/pipeline-rig';
import { writesAndReads } from './testing/writes-and-reads';

const clusterNodes = () => {
  const v = process.env[TEST_CLUSTER_VAR];
  if (!v) throw new Error(`${TEST_CLUSTER_VAR} is not set: run the tests with \`npm test\`, which starts a Cluster`);
  return v;
};

/** A loopback address nobody listens on: a connection there is refused at once. */
const closedAddress = async () => `127.0.0.1:${await freePort()}`;

describe('openStore: a Cluster or Sentinel Redis must answer at boot', () => {
  it.each([
    ['REDIS_CLUSTER_NODES', (a: string) => ({ REDIS_CLUSTER_NODES: a })],
    ['REDIS_URL', (a: string) => ({ REDIS_URL: `redis+cluster://${a}` })],
    ['REDIS_SENTINELS', (a: string) => ({ REDIS_SENTINELS: a, REDIS_SENTINEL_MASTER: 'mymaster' })],
  ])('fails with SMSFLEET_ERR_CONFIG naming %s when no node answers', async (variable, env) => {
    const config = loadConfig(env(await closedAddress()));
    await expect(openStore(config)).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_CONFIG',
      issues: [{ field: variable, reason: expect.stringMatching(/answered/) }],
    });
  });

  it('fails when the node is a Redis without Cluster support', async () => {
    const single = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const config = loadConfig({ REDIS_CLUSTER_NODES: `${single.hostname}:${single.port || 6379}` });
    await expect(openStore(config)).rejects.toMatchObject({
      code: 'SMSFLEET_ERR_CONFIG',
      issues: [{ field: 'REDIS_CLUSTER_NODES' }],
    });
  });

  it('opens a store on the Cluster from REDIS_CLUSTER_NODES', async () => {
    const prefix = `test:open:${Date.now()}:`;
    const config = loadConfig({ REDIS_CLUSTER_NODES: clusterNodes(), SMSFLEET_REDIS_PREFIX: prefix });
    const store = await openStore(config);
    try {
      await writesAndReads(store);
    } finally {
      await store.close();
      const admin = connectTestCluster();
      expect(await deleteClusterKeys(admin, prefix)).toBeGreaterThan(0); // the message went to the Cluster
      await admin.quit();
    }
  });

  it('opens a store on the master a Sentinel names', async () => {
    const master = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'smsfleet-sentinel-'));
    writeFileSync(
      join(dir, 'sentinel.conf'),
      `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor testmaster 127.0.0.1 ${master.port || 6379} 1\n`,
    );
    const sentinel: ChildProcess = spawn('redis-server', [join(dir, 'sentinel.conf'), '--sentinel'], {
      stdio: 'ignore',
    });
    const prefix = `test:sentinel:${Date.now()}:`;
    try {
      // ioredis queues the PING until the sentinel accepts the connection: the wait is for that event.
      const probe = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 20 });
      expect(await probe.call('SENTINEL', 'get-master-addr-by-name', 'testmaster')).toHaveLength(2);
      probe.disconnect();
      const config = loadConfig({
        REDIS_SENTINELS: `127.0.0.1:${port}`,
        REDIS_SENTINEL_MASTER: 'testmaster',
        SMSFLEET_REDIS_PREFIX: prefix,
      });
      const store = await openStore(config);
      try {
        await writesAndReads(store);
      } finally {
        await store.close();
      }
      const admin = new Redis(master.toString());
      const keys = await admin.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0); // written to the master the sentinel named
      await admin.del(...keys);
      await admin.quit();
    } finally {
      const exited = once(sentinel, 'exit');
      sentinel.kill('SIGTERM');
      await exited;
    }
  });
});
