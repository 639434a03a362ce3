#!/usr/bin/env node
// `npm run lint`: Biome (format and lint, read-only), the house rules (scripts/house-rules.cjs) and the type-check.
// Every step runs even when an earlier one fails, so one run shows every kind of problem; the last line names the
// steps that failed. `npm test` runs the same steps (without its own second type-check) through `lintSteps`.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The lint steps: name and command. `typeCheck: false` leaves out `tsc -b` for callers that just ran it. */
function lintSteps({ typeCheck = true } = {}) {
  const steps = [
    // --error-on-warnings: a warning nobody has to fix is noise; fix it or turn the rule off in biome.json.
    { name: 'biome', cmd: 'npx', args: ['biome', 'ci', '--error-on-warnings', '.'] },
    { name: 'house rules', cmd: process.execPath, args: [path.join(__dirname, 'house-rules.cjs')] },
  ];
  if (typeCheck) steps.push({ name: 'type-check', cmd: 'npx', args: ['tsc', '-b'] });
  return steps;
}

/** Run the steps in `root`, output shown; returns the names of those that failed. */
function runLint(options = {}, env = process.env) {
  const failed = [];
  for (const s of lintSteps(options)) {
    console.log(`[lint] ${s.name}`);
    const r = spawnSync(s.cmd, s.args, { cwd: root, stdio: 'inherit', env });
    if (r.status !== 0) failed.push(s.name);
  }
  return failed;
}

if (require.main === module) {
  const failed = runLint();
  console.log(failed.length ? `lint: failed: ${failed.join(', ')}` : 'lint: passed');
  process.exit(failed.length ? 1 : 0);
}

module.exports = { lintSteps, runLint };
