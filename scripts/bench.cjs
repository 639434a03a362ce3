#!/usr/bin/env node
// `npm run bench`: run every compiled benchmark (packages/*/dist/bench/*.bench.js) in its own process with
// --expose-gc, against a private redis-server unless REDIS_URL is set (and a private 3-master Redis Cluster unless
// REDIS_TEST_CLUSTER_NODES is set, for the figures measured on both topologies), and write BENCHMARKS.md.
// Each benchmark prints its figure and ends with one line `BENCH <json>`:
//   { name, figure, unit, baseline: { name, figure, unit }, ratio, target: "…", pass, notes }
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startRedis } = require('./redis-server.cjs');
const { startRedisCluster } = require('./redis-cluster.cjs');

const root = path.join(__dirname, '..');

function benchFiles(filter) {
  const out = [];
  for (const pkg of fs.readdirSync(path.join(root, 'packages'))) {
    const dir = path.join(root, 'packages', pkg, 'dist', 'bench');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.bench.js') && (!filter || f.includes(filter))) out.push(path.join(dir, f));
    }
  }
  return out;
}

(async () => {
  const filter = process.argv[2];
  let redis;
  const env = { ...process.env, NODE_ENV: 'production' };
  if (!env.REDIS_URL) {
    redis = await startRedis();
    env.REDIS_URL = redis.url;
  }
  let cluster;
  if (!env.REDIS_TEST_CLUSTER_NODES) {
    cluster = await startRedisCluster();
    env.REDIS_TEST_CLUSTER_NODES = cluster.nodes;
  }
  const results = [];
  let failed = 0;
  try {
    for (const file of benchFiles(filter)) {
      const rel = path.relative(root, file);
      console.log(`\n=== ${rel}`);
      const r = spawnSync(process.execPath, ['--expose-gc', file], {
        cwd: root,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 10 * 60_000,
      });
      process.stdout.write(r.stdout ?? '');
      const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH '));
      if (r.status !== 0 || lines.length === 0) {
        failed++;
        console.error(`[bench] ${rel} failed (exit ${r.status})`);
        continue;
      }
      for (const l of lines) results.push({ file: rel, ...JSON.parse(l.slice(6)) });
    }
  } finally {
    redis?.stop();
    cluster?.stop();
  }

  const fmt = (n) => (typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : String(n));
  const rows = results.map(
    (b) =>
      `| ${b.name} | ${fmt(b.figure)} ${b.unit} | ` +
      `${b.baseline ? `${b.baseline.name}: ${fmt(b.baseline.figure)} ${b.baseline.unit}` : '—'} | ` +
      `${b.ratio !== undefined ? fmt(b.ratio) : '—'} | ${b.target ?? '—'} | ` +
      `${b.pass === undefined ? '—' : b.pass ? 'met' : '**missed**'} |`,
  );
  const notes = results.filter((b) => b.notes).map((b) => `- **${b.name}**: ${b.notes}`);
  const md = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
      `${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? 'cpu'}), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB. Each figure is measured next to a` +
      ' baseline in the same run; the ratio is what the targets are about, since absolute numbers ' +
      'move with the machine.',
    '',
    '| benchmark | figure | baseline (same run) | ratio | target | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(notes.length ? ['## Notes', '', ...notes, ''] : []),
  ].join('\n');
  if (!filter) fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), md);
  console.log(`\n${md}`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
