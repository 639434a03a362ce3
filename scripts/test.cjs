#!/usr/bin/env node
// `npm test`: type-check every package, lint (scripts/lint.cjs: Biome and the house rules), then run every package's
// jest suite through turbo, against a real redis-server (started here on a free port unless REDIS_URL is set) and a
// real 3-master Redis Cluster (started here on loopback unless REDIS_TEST_CLUSTER_NODES is set).
// Every package runs even when one fails (turbo --continue), and the tests run even when lint fails; the last line
// counts every package's tests, names any package that did not run to the end, and says when lint failed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startRedis } = require('./redis-server.cjs');
const { startRedisCluster } = require('./redis-cluster.cjs');
const { ensureChromium } = require('./chromium.cjs');
const { runLint } = require('./lint.cjs');
const { testedPackages, summarise, summaryLines, exitCode } = require('./test-summary.cjs');

const root = path.join(__dirname, '..');
const RESULTS = '.jest-results.json';
// One package's jest per core at a time: with every package at once (turbo's default of 10) a 2-core machine ran
// seven suites side by side and their real-time safety timeouts (server start, a hook's 30 s) ran out.
const concurrency =
  Number(process.env.SMSFLEET_TEST_CONCURRENCY) || Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

(async () => {
  const extra = process.argv.slice(2);
  let redis;
  let cluster;
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', NODE_ENV: 'test' };
  if (!env.REDIS_URL) {
    redis = await startRedis();
    env.REDIS_URL = redis.url;
    console.log(`[test] started redis-server at ${redis.url}`);
  }
  try {
    if (!env.REDIS_TEST_CLUSTER_NODES) {
      cluster = await startRedisCluster();
      env.REDIS_TEST_CLUSTER_NODES = cluster.nodes;
      console.log(`[test] started a 3-master Redis Cluster at ${cluster.nodes}`);
    }
  } catch (e) {
    redis?.stop();
    throw e;
  }
  env.CHROMIUM_PATH = ensureChromium();
  const packages = testedPackages(root);
  let code = 1;
  let lintFailed = [];
  try {
    // A results file left by an earlier run would count tests that did not run this time.
    for (const p of packages) fs.rmSync(path.join(root, p.dir, RESULTS), { force: true });
    code = run('npx', ['tsc', '-b'], env);
    if (code !== 0) console.error('[test] type-check failed');
    else {
      // Lint after the type-check (which it would repeat) and before the tests, which run whatever lint says.
      lintFailed = runLint({ typeCheck: false }, env);
      code = run(
        'npx',
        [
          'turbo',
          'run',
          'test',
          '--continue',
          `--concurrency=${concurrency}`,
          '--output-logs=new-only',
          '--',
          `--json`,
          `--outputFile=${RESULTS}`,
          // A package's jest must end once its results are written. Without this, one leaked handle, or an orphaned
          // child of a force-exited worker holding the worker's stderr pipe, kept a package's jest alive until CI's
          // 90 minutes ran out (every test had passed). Leaks still show: jest names a worker it had to force-exit.
          '--forceExit',
          ...extra,
        ],
        env,
      );
    }
  } finally {
    redis?.stop();
    cluster?.stop();
  }
  // --continue: one package's failure no longer stops the others, and every package is accounted for below.
  const s = summarise(root, packages, RESULTS);
  if (lintFailed.length) s.failedSteps = [`lint (${lintFailed.join(', ')})`];
  for (const line of summaryLines(s)) console.log(line);
  process.exit(exitCode(s, code));
})().catch((e) => {
  console.error(`[test] ${e.message}`);
  process.exit(1);
});
