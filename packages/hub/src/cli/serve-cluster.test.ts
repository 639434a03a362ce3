import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Message } from '@smsfleet/core';
import { connectTestCluster, deleteClusterKeys, TEST_CLUSTER_VAR } from '@smsfleet/core/testing';
import { type Fleet, startFleet } from '@smsfleet/fleet-sim';
import { fleetConfigFromSim } from '../testing/from-sim';
import { FAST, freePort } from '../testing/pipeline-rig';
import { main, serveEnv } from './main';

const CLI = join(__dirname, '../../dist/cli/main.js');
const clusterNodes = () => {
  const v = process.env[TEST_CLUSTER_VAR];
  if (!v) throw new Error(`${TEST_CLUSTER_VAR} is not set: run the tests with \`npm test\`, which starts a Cluster`);
  return v;
};

/** A hub started as a user would (`node main.js serve …`), up once it printed its address. */
interface CliHub {
  url: string;
  firstKey?: string;
  child: ChildProcess;
}

async function spawnServe(args: string[], env: NodeJS.ProcessEnv): Promise<CliHub> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+) \(redis-cluster store\)(?:\n\s+first API key \(shown once\): (\S+))?/.exec(out);
      if (m && out.endsWith('\n')) resolve({ url: m[1]!, ...(m[2] ? { firstKey: m[2] } : {}), child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}${out}`)));
  });
}

async function stop(hub: CliHub): Promise<void> {
  if (hub.child.exitCode !== null) return;
  const exited = once(hub.child, 'exit');
  hub.child.kill('SIGTERM');
  await exited;
}

describe('smsfleet serve --redis-cluster', () => {
  let fleet: Fleet;
  let file: string;
  beforeAll(async () => {
    fleet = await startFleet({
      seed: 12,
      timing: FAST,
      phones: [{ id: 'office-1', gateway: 'sms-gate', sims: [{ number: '+15550700011' }] }],
    });
    file = join(mkdtempSync(join(tmpdir(), 'smsfleet-serve-cluster-')), 'fleet.json');
    writeFileSync(file, JSON.stringify(fleetConfigFromSim(fleet), null, 2));
  });
  afterAll(() => fleet.close());

  it('lets the flag replace whatever names a Redis in the environment', () => {
    const env = serveEnv(
      { REDIS_URL: 'redis://r:6379', REDIS_SENTINELS: 's:26379', X: '1' },
      { 'redis-cluster': 'a:1' },
    );
    expect(env).toEqual({ REDIS_CLUSTER_NODES: 'a:1', X: '1' });
  });

  it('fails at boot with SMSFLEET_ERR_CONFIG naming REDIS_CLUSTER_NODES for a bad or dead node list', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    for (const nodes of ['nohost', closed]) {
      await expect(main(['serve', '--redis-cluster', nodes, '--fleet', file])).rejects.toMatchObject({
        code: 'SMSFLEET_ERR_CONFIG',
        issues: [{ field: 'REDIS_CLUSTER_NODES' }],
      });
    }
    // and as a process: exit 1, the variable named on stderr
    const child = spawn(process.execPath, [CLI, 'serve', '--redis-cluster', closed, '--fleet', file], {
      env: { ...process.env, REDIS_URL: '', SMSFLEET_PORT: String(await freePort()) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toMatch(/^smsfleet: SMSFLEET_ERR_CONFIG: .*REDIS_CLUSTER_NODES no Cluster node answered/);
  });

  it('runs two hubs on the Cluster that serve /healthz and share a send', async () => {
    const prefix = `test:serve-cluster:${randomBytes(6).toString('hex')}:`;
    const env = { ...process.env, REDIS_URL: '', SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_REDIS_PREFIX: prefix };
    const args = async () => ['--redis-cluster', clusterNodes(), '--fleet', file, '--port', String(await freePort())];
    const a = await spawnServe(await args(), env);
    const b = await spawnServe(await args(), env).catch(async (e) => {
      await stop(a);
      throw e;
    });
    try {
      expect(a.firstKey).toMatch(/^sf_live_/);
      expect(b.firstKey).toBeUndefined(); // the Cluster already holds a key
      for (const hub of [a, b]) {
        const health = await fetch(`${hub.url}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ store: 'redis' });
      }
      const auth = { authorization: `Bearer ${a.firstKey}`, 'content-type': 'application/json' };
      const res = await fetch(`${a.url}/v1/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ to: '+14155550171', body: 'From a Cluster' }),
      });
      expect(res.status).toBe(202);
      const sent = (await res.json()) as Message;
      let m: Message = sent;
      for (let i = 0; i < 400 && m.status !== 'delivered'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const got = await fetch(`${b.url}/v1/messages/${sent.id}`, { headers: auth }); // through the other hub
        m = ((await got.json()) as { message: Message }).message;
      }
      expect(m.status).toBe('delivered');
    } finally {
      await Promise.all([stop(a), stop(b)]);
      const admin = connectTestCluster();
      await deleteClusterKeys(admin, prefix);
      await admin.quit();
    }
  });
});
