#!/usr/bin/env node
// `npm test`: type-check every package, then run every package's jest suite through turbo, against a
// real redis-server (started here on a free port unless REDIS_URL is set). Ends with one summary line.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startRedis } = require('./redis-server.cjs');
const { ensureChromium } = require('./chromium.cjs');

const root = path.join(__dirname, '..');
const RESULTS = '.jest-results.json';

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

function summarise() {
  let passed = 0, failed = 0, skipped = 0, suitesFailed = 0, found = 0;
  const dirs = ['test', ...fs.readdirSync(path.join(root, 'packages')).map((p) => path.join('packages', p))];
  for (const d of dirs) {
    const f = path.join(root, d, RESULTS);
    if (!fs.existsSync(f)) continue;
    found++;
    const j = JSON.parse(fs.readFileSync(f, 'utf8'));
    passed += j.numPassedTests; failed += j.numFailedTests; skipped += j.numPendingTests + j.numTodoTests;
    suitesFailed += j.numRuntimeErrorTestSuites;
  }
  return { passed, failed, skipped, suitesFailed, found };
}

(async () => {
  const extra = process.argv.slice(2);
  let redis;
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', NODE_ENV: 'test' };
  if (!env.REDIS_URL) {
    redis = await startRedis();
    env.REDIS_URL = redis.url;
    console.log(`[test] started redis-server at ${redis.url}`);
  }
  env.CHROMIUM_PATH = ensureChromium();
  let code = 1;
  try {
    for (const d of ['test', ...fs.readdirSync(path.join(root, 'packages')).map((p) => path.join('packages', p))]) {
      fs.rmSync(path.join(root, d, RESULTS), { force: true });
    }
    code = run('npx', ['tsc', '-b'], env);
    if (code !== 0) console.error('[test] type-check failed');
    else code = run('npx', ['turbo', 'run', 'test', '--output-logs=new-only', '--', `--json`, `--outputFile=${RESULTS}`, ...extra], env);
  } finally {
    redis?.stop();
  }
  const s = summarise();
  if (s.found > 0) {
    if (s.suitesFailed) console.log(`[test] ${s.suitesFailed} suite(s) failed to run`);
    console.log(`tests: ${s.passed} passed, ${s.failed + s.suitesFailed} failed, ${s.skipped} skipped`);
  }
  process.exit(code);
})().catch((e) => { console.error(`[test] ${e.message}`); process.exit(1); });
