// The summary line of `npm test`: adds up every package's jest results file and names each package whose suite
// did not run to the end, so a crashed, killed or never-started jest cannot shrink the count without a word.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Workspaces with a `test` script: each must leave a results file behind. */
function testedPackages(root) {
  const dirs = [
    'test',
    ...fs
      .readdirSync(path.join(root, 'packages'))
      .sort()
      .map((p) => path.join('packages', p)),
  ];
  const out = [];
  for (const dir of dirs) {
    const pj = path.join(root, dir, 'package.json');
    if (!fs.existsSync(pj)) continue;
    const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
    if (pkg.scripts?.test) out.push({ name: pkg.name || dir, dir });
  }
  return out;
}

/**
 * Read `<dir>/<file>` for every package. A package is incomplete when its file is missing or unreadable (jest never
 * ran, crashed, or was killed before writing it), when a suite failed to run (syntax error, crash in a hook at load),
 * when jest says it was interrupted, or when it ran fewer suites than it found.
 */
function summarise(root, packages, file) {
  const s = { passed: 0, failed: 0, skipped: 0, incomplete: [] };
  for (const p of packages) {
    let j;
    try {
      j = JSON.parse(fs.readFileSync(path.join(root, p.dir, file), 'utf8'));
    } catch (e) {
      s.incomplete.push({
        name: p.name,
        why: e.code === 'ENOENT' ? 'no results (jest did not finish)' : 'unreadable results',
      });
      continue;
    }
    const n = (k) => (Number.isFinite(j[k]) ? j[k] : 0);
    s.passed += n('numPassedTests');
    s.failed += n('numFailedTests');
    s.skipped += n('numPendingTests') + n('numTodoTests');
    const why = [];
    if (n('numRuntimeErrorTestSuites') > 0) why.push(`${n('numRuntimeErrorTestSuites')} suite(s) failed to run`);
    if (j.wasInterrupted) why.push('interrupted');
    const ran = n('numPassedTestSuites') + n('numFailedTestSuites') + n('numPendingTestSuites');
    if (!Number.isFinite(j.numTotalTestSuites)) why.push('results file has no suite counts');
    else if (ran < j.numTotalTestSuites && n('numRuntimeErrorTestSuites') === 0)
      why.push(`${ran} of ${j.numTotalTestSuites} suites ran`);
    if (why.length) s.incomplete.push({ name: p.name, why: why.join(', ') });
  }
  return s;
}

/**
 * The lines printed at the end; the last one always counts every test found, and names the steps besides the
 * tests that failed (`s.failedSteps`, e.g. lint), so a green count cannot hide them.
 */
function summaryLines(s) {
  const lines = s.incomplete.map((i) => `[test] ${i.name}: did not run to the end: ${i.why}`);
  const tail = s.incomplete.length
    ? `, ${s.incomplete.length} package(s) incomplete: ${s.incomplete.map((i) => i.name).join(', ')}`
    : '';
  const steps = s.failedSteps?.length ? `; failed: ${s.failedSteps.join(', ')}` : '';
  lines.push(`tests: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${tail}${steps}`);
  return lines;
}

/** The exit code: non-zero when anything failed, any package is incomplete, or an earlier step failed. */
function exitCode(s, stepCode) {
  return stepCode !== 0 || s.failed > 0 || s.incomplete.length > 0 || s.failedSteps?.length > 0 ? 1 : 0;
}

module.exports = { testedPackages, summarise, summaryLines, exitCode };
