#!/usr/bin/env node
// Start and stop a private 3-master Redis Cluster on loopback for tests (redis-server and redis-cli, Debian packages
// redis-server and redis-tools). Used by scripts/test.cjs when REDIS_TEST_CLUSTER_NODES is not set. Run alone
// (`node scripts/redis-cluster.cjs`) it starts one, prints the nodes and keeps it until Ctrl-C.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRedisInstalled, freePort, ping, which } = require('./redis-server.cjs');

/** Run redis-cli with `args`; resolves to its stdout (rejects with its output when it fails). */
function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`redis-cli ${args.join(' ')}: ${out}`))));
  });
}

/** One cluster-enabled redis-server on a free port in `dir`; `durable` turns on appendonly + fsync always. */
async function startNode(dir, durable) {
  const port = await freePort();
  const nodeDir = path.join(dir, String(port));
  fs.mkdirSync(nodeDir);
  const persistence = durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    path.join(nodeDir, 'nodes.conf'),
    '--save',
    '',
    ...persistence,
    '--dir',
    nodeDir,
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  const node = { port, args, child: undefined };
  await startProcess(node);
  return node;
}

/** (Re)start a node's redis-server with its arguments and wait until it answers PING. */
async function startProcess(node) {
  const child = spawn('redis-server', node.args, { stdio: ['ignore', 'ignore', 'inherit'] });
  node.child = child;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100; i++) {
    if (await ping(node.port)) return;
    if (child.exitCode !== null) throw new Error(`redis-server on ${node.port} exited with ${child.exitCode}`);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 50))]);
  }
  throw new Error(`redis-server on ${node.port} did not answer PING`);
}

/** Poll `cluster info` on every node until each says cluster_state:ok (the event the tests need). */
async function waitClusterOk(nodes) {
  for (let i = 0; i < 300; i++) {
    const states = await Promise.all(nodes.map((n) => cli(['-p', String(n.port), 'cluster', 'info']).catch(() => '')));
    if (states.every((s) => s.includes('cluster_state:ok'))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the Redis Cluster did not reach cluster_state:ok');
}

/**
 * Start a Redis Cluster of `masters` masters (no replicas) on free loopback ports, in a temporary directory.
 * Resolves to { nodes: 'host:port,…', ports, stop(), kill(i), start(i), restart(i) }: stop kills every node and
 * deletes the directory; kill(i) kills master i with SIGKILL; start(i) starts it again on its port and waits for
 * cluster_state:ok (the chaos runner restarts masters this way, with `durable` for appendonly + fsync always).
 */
async function startRedisCluster({ masters = 3, durable = false } = {}) {
  ensureRedisInstalled();
  if (!which('redis-cli')) throw new Error('redis-cli is missing: install the Debian package redis-tools');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smsfleet-cluster-'));
  const nodes = [];
  const stop = () => {
    for (const n of nodes) if (n.child && n.child.exitCode === null) n.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) nodes.push(await startNode(dir, durable));
    const addrs = nodes.map((n) => `127.0.0.1:${n.port}`);
    await cli(['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes']);
    await waitClusterOk(nodes);
  } catch (e) {
    stop();
    throw e;
  }
  /** kill -9 master i, and wait for the process to be gone. */
  const kill = async (i) => {
    const n = nodes[i];
    if (n.child.exitCode !== null || n.child.signalCode !== null) return;
    const exited = new Promise((resolve) => n.child.once('exit', resolve));
    n.child.kill('SIGKILL');
    await exited;
  };
  /** Start master i again on its port (with its nodes.conf, so it rejoins as itself); wait for cluster_state:ok. */
  const start = async (i) => {
    await startProcess(nodes[i]);
    await waitClusterOk(nodes);
  };
  const restart = async (i) => {
    await kill(i);
    await start(i);
  };
  return {
    nodes: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    ports: nodes.map((n) => n.port),
    stop,
    kill,
    start,
    restart,
  };
}

/**
 * The test Cluster for a runner (bench.cjs, test.cjs): `env.REDIS_TEST_CLUSTER_NODES` when set, else a 3-master
 * Cluster started here whose nodes are written into `env`. Resolves to a stop() that stops only what it started.
 */
async function ensureTestCluster(env, say = console.log) {
  if (env.REDIS_TEST_CLUSTER_NODES) return () => {};
  const cluster = await startRedisCluster();
  env.REDIS_TEST_CLUSTER_NODES = cluster.nodes;
  say(`started a 3-master Redis Cluster at ${cluster.nodes}`);
  return () => cluster.stop();
}

module.exports = { startRedisCluster, ensureTestCluster };

if (require.main === module) {
  startRedisCluster().then((c) => {
    console.log(`REDIS_TEST_CLUSTER_NODES=${c.nodes}`);
    const bye = () => {
      c.stop();
      process.exit(0);
    };
    process.once('SIGINT', bye);
    process.once('SIGTERM', bye);
  });
}
