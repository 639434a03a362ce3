// The summary line of `npm test` (scripts/test-summary.cjs), over fake results directories: every package's tests
// are counted, and a package whose suite did not run to the end is named and fails the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  incomplete: Array<{ name: string; why: string }>;
  failedSteps?: string[];
}
const summary = require('../../scripts/test-summary.cjs') as {
  testedPackages(root: string): Array<{ name: string; dir: string }>;
  summarise(root: string, packages: Array<{ name: string; dir: string }>, file: string): Summary;
  summaryLines(s: Summary): string[];
  exitCode(s: Summary, stepCode: number): number;
};

const FILE = '.jest-results.json';

function results(passed: number, failed: number, extra: Record<string, unknown> = {}) {
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: 1,
    numTodoTests: 0,
    numTotalTestSuites: 2,
    numPassedTestSuites: failed ? 1 : 2,
    numFailedTestSuites: failed ? 1 : 0,
    numPendingTestSuites: 0,
    numRuntimeErrorTestSuites: 0,
    wasInterrupted: false,
    success: failed === 0,
    ...extra,
  };
}

describe('npm test summary', () => {
  let root: string;
  const pkg = (dir: string, name: string, res?: unknown, test = true) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(
      path.join(root, dir, 'package.json'),
      JSON.stringify({ name, scripts: test ? { test: 'jest' } : {} }),
    );
    if (res !== undefined)
      fs.writeFileSync(path.join(root, dir, FILE), typeof res === 'string' ? res : JSON.stringify(res));
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'smsfleet-summary-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('counts every package and exits 0 when all ran to the end and passed', () => {
    pkg('packages/core', '@x/core', results(100, 0));
    pkg('packages/hub', '@x/hub', results(50, 0));
    pkg('packages/docs', '@x/docs', undefined, false); // no test script: not expected to leave results
    pkg('test', '@x/e2e', results(4, 0));
    const pkgs = summary.testedPackages(root);
    expect(pkgs.map((p) => p.name)).toEqual(['@x/e2e', '@x/core', '@x/hub']);
    const s = summary.summarise(root, pkgs, FILE);
    expect(summary.summaryLines(s)).toEqual(['tests: 154 passed, 0 failed, 3 skipped']);
    expect(summary.exitCode(s, 0)).toBe(0);
    expect(summary.exitCode(s, 1)).toBe(1); // an earlier step (type-check, turbo) failed
  });

  it('still counts the others when one package has failures', () => {
    pkg('packages/core', '@x/core', results(100, 0));
    pkg('packages/fleet-sim', '@x/fleet-sim', results(93, 1));
    pkg('test', '@x/e2e', results(4, 0));
    const s = summary.summarise(root, summary.testedPackages(root), FILE);
    expect(summary.summaryLines(s).at(-1)).toBe('tests: 197 passed, 1 failed, 3 skipped');
    expect(summary.exitCode(s, 0)).toBe(1);
  });

  it('names every package whose suite did not run to the end, on the last line too, and fails the run', () => {
    pkg('packages/core', '@x/core'); // killed: no results file at all
    pkg(
      'packages/hub',
      '@x/hub',
      results(10, 0, { numRuntimeErrorTestSuites: 1, numFailedTestSuites: 1, numPassedTestSuites: 1 }),
    );
    pkg('packages/slack', '@x/slack', results(5, 0, { wasInterrupted: true, numTotalTestSuites: 3 }));
    pkg('packages/zapier', '@x/zapier', '{"numPassedTests": 3, truncated');
    pkg('packages/n8n', '@x/n8n', results(7, 0));
    pkg('test', '@x/e2e', results(4, 0));
    const s = summary.summarise(root, summary.testedPackages(root), FILE);
    expect(s.incomplete).toEqual([
      { name: '@x/core', why: 'no results (jest did not finish)' },
      { name: '@x/hub', why: '1 suite(s) failed to run' },
      { name: '@x/slack', why: 'interrupted, 2 of 3 suites ran' },
      { name: '@x/zapier', why: 'unreadable results' },
    ]);
    const lines = summary.summaryLines(s);
    expect(lines.slice(0, -1)).toEqual([
      '[test] @x/core: did not run to the end: no results (jest did not finish)',
      '[test] @x/hub: did not run to the end: 1 suite(s) failed to run',
      '[test] @x/slack: did not run to the end: interrupted, 2 of 3 suites ran',
      '[test] @x/zapier: did not run to the end: unreadable results',
    ]);
    expect(lines.at(-1)).toBe(
      'tests: 26 passed, 0 failed, 4 skipped, 4 package(s) incomplete: @x/core, @x/hub, @x/slack, @x/zapier',
    );
    expect(summary.exitCode(s, 0)).toBe(1);
  });

  it('says when lint failed and fails the run even when every test passed', () => {
    pkg('packages/core', '@x/core', results(100, 0));
    const s = summary.summarise(root, summary.testedPackages(root), FILE);
    s.failedSteps = ['lint (biome, house rules)'];
    expect(summary.summaryLines(s)).toEqual([
      'tests: 100 passed, 0 failed, 1 skipped; failed: lint (biome, house rules)',
    ]);
    expect(summary.exitCode(s, 0)).toBe(1);
  });
});
