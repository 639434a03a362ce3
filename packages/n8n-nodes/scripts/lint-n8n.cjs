#!/usr/bin/env node
// `npm run lint:n8n`: n8n's own linter (`n8n-node lint`, strict mode) on this package.
// typescript-eslint needs the classic TypeScript compiler API, which TypeScript 7 (this monorepo's compiler) no
// longer has, so the linter runs on a copy of the package in a temporary folder with TypeScript 5 installed there.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pkgDir = path.join(__dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-lint-'));
// n8n's linter expects the starter layout: credentials/ and nodes/ at the package root (here they live in src/).
for (const f of ['examples', 'eslint.config.mjs', 'README.md'])
  fs.cpSync(path.join(pkgDir, f), path.join(dir, f), { recursive: true });
fs.cpSync(path.join(pkgDir, 'src'), dir, { recursive: true });
// Tests and their engine harness are not shipped to n8n (they import the hub); lint what n8n loads.
fs.rmSync(path.join(dir, 'testing'), { recursive: true, force: true });
for (const f of fs.readdirSync(dir, { recursive: true }))
  if (String(f).endsWith('.test.ts')) fs.rmSync(path.join(dir, String(f)));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
pkg.devDependencies = {
  '@n8n/node-cli': pkg.devDependencies['@n8n/node-cli'],
  // The hub client is a development dependency that the build bundles into dist (scripts/bundle-client.cjs), as n8n's
  // import rule expects of any package a node imports; linked from this repository, it is not published.
  '@smsfleet/client': `file:${path.join(pkgDir, '..', 'client')}`,
  typescript: '5.9.3',
  'n8n-workflow': pkg.devDependencies['n8n-workflow'],
  '@types/node': '^20.19.0',
};
delete pkg.scripts;
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
fs.writeFileSync(
  path.join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      module: 'commonjs',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['credentials', 'nodes'],
  }),
);
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: dir, stdio: 'inherit', env: { ...process.env, npm_config_workspaces: 'false' } });
run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts']);
run('npx', ['n8n-node', 'lint']);
console.log(`n8n-node lint passed (${dir})`);
