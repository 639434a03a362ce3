#!/usr/bin/env node
// The house rules the formatter cannot enforce: no source line over 120 characters (it cannot wrap strings or
// comments) and no source file over 300 lines (a file that long has more than one job). Prints each violation and
// the median file length. Files named in the allow-list (scripts/house-rules.allow) are reported but do not fail
// the run: it lists the files that broke a rule when the check arrived, and shrinks to empty as they are fixed.
//
//   node scripts/house-rules.cjs [--root DIR] [--allow FILE] [--strict] [--all] [FILE...]
//
// Without FILEs it checks every file git knows in DIR (tracked or untracked, not ignored), or every file under DIR
// when DIR is not a git work tree. --strict ignores the allow-list; --all lists each violation of allow-listed
// files too (by default they get one line each). Exit code 1 when a file not allowed breaks a rule.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const MAX_COLUMNS = 120;
const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|css|html|json|lua)$/;
// Lockfiles and build output are written by tools, not people: nobody can keep them short.
const GENERATED = [
  /(^|\/)package-lock\.json$/,
  /(^|\/)npm-shrinkwrap\.json$/,
  /(^|\/)yarn\.lock$/,
  /(^|\/)pnpm-lock\.yaml$/,
  /(^|\/)(node_modules|dist|coverage|\.turbo)\//,
  /\.tsbuildinfo$/,
  /(^|\/)\.jest-results\.json$/,
  /\.min\.(js|css)$/,
  /\.d\.ts$/,
];
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage', '.turbo']);

/** Whether `file` (relative, forward slashes) is a hand-written source file the rules apply to. */
function isChecked(file) {
  return SOURCE.test(file) && !GENERATED.some((re) => re.test(file));
}

/** Every file under `root`, relative with forward slashes: git's view when it is a work tree, else a walk. */
function listFiles(root) {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (git.status === 0 && fs.realpathSync(gitTop(root)) === fs.realpathSync(root)) {
    return git.stdout
      .split('\0')
      .filter(Boolean)
      .filter((f) => fs.existsSync(path.join(root, f)));
  }
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(rel);
      } else if (e.isFile()) out.push(rel);
    }
  };
  walk('');
  return out;
}

function gitTop(root) {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** The allow-list: one relative path a line; blank lines and `#` comments ignored. Missing file: empty. */
function readAllowList(file) {
  if (!file || !fs.existsSync(file)) return new Set();
  return new Set(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

/** The rule violations of one file's text: `{ line, kind, detail }`, line 0 for the whole file. */
function checkText(text) {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out = [];
  if (lines.length > MAX_LINES) out.push({ line: 0, kind: 'file-length', detail: `${lines.length} lines` });
  lines.forEach((l, i) => {
    const width = [...l.replace(/\r$/, '')].length;
    if (width > MAX_COLUMNS) out.push({ line: i + 1, kind: 'line-length', detail: `${width} characters` });
  });
  return { lineCount: lines.length, violations: out };
}

/** The median of a list of numbers (0 for none). */
function median(xs) {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Check `files` (relative to `root`) against the rules. Returns the per-file violations, which files fail (not in
 * `allowed`), allow-list entries that no longer break a rule, and the median length in lines of the files checked.
 */
function check(root, files, allowed = new Set()) {
  const results = [];
  const lengths = [];
  const checked = files.filter(isChecked);
  for (const file of checked) {
    const { lineCount, violations } = checkText(fs.readFileSync(path.join(root, file), 'utf8'));
    lengths.push(lineCount);
    if (violations.length) results.push({ file, violations, allowed: allowed.has(file) });
  }
  const broken = new Set(results.map((r) => r.file));
  return {
    checked: lengths.length,
    median: median(lengths),
    results,
    failing: results.filter((r) => !r.allowed).map((r) => r.file),
    // Only files checked this time: a run over some files says nothing about the others.
    stale: checked.filter((f) => allowed.has(f) && !broken.has(f)).sort(),
  };
}

/**
 * The report lines: one a violation, then the totals. An allow-listed file gets one line saying what it breaks
 * (each of its violations too with `all`), so the files still to fix do not bury a new violation.
 */
function reportLines(r, { all = false } = {}) {
  const lines = [];
  for (const { file, violations, allowed } of r.results) {
    if (allowed && !all) {
      const wide = violations.filter((v) => v.kind === 'line-length').length;
      const tall = violations.find((v) => v.kind === 'file-length');
      const what = [tall ? `${tall.detail}` : '', wide ? `${wide} line(s) over ${MAX_COLUMNS} columns` : ''];
      lines.push(`${file}: ${what.filter(Boolean).join(', ')} [allow-listed]`);
      continue;
    }
    for (const v of violations) {
      const where = v.line ? `${file}:${v.line}` : file;
      const rule = v.kind === 'file-length' ? `over ${MAX_LINES} lines` : `over ${MAX_COLUMNS} columns`;
      lines.push(`${where}: ${rule} (${v.detail})${allowed ? ' [allow-listed]' : ''}`);
    }
  }
  for (const f of r.stale) lines.push(`${f}: keeps the rules now; remove it from the allow-list`);
  const allowedCount = r.results.length - r.failing.length;
  lines.push(
    `house rules: ${r.checked} files checked, median ${r.median} lines; ` +
      `${r.failing.length} file(s) break a rule, ${allowedCount} more allow-listed`,
  );
  return lines;
}

function main(argv) {
  let root = path.join(__dirname, '..');
  let allowFile;
  let strict = false;
  let all = false;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--root') root = path.resolve(argv[++i]);
    else if (a === '--allow') allowFile = path.resolve(argv[++i]);
    else if (a === '--strict') strict = true;
    else if (a === '--all') all = true;
    else files.push(a);
  }
  allowFile ??= path.join(root, 'scripts', 'house-rules.allow');
  const allowed = strict ? new Set() : readAllowList(allowFile);
  const list = files.length ? files.map((f) => path.relative(root, path.resolve(f)).split(path.sep).join('/')) : null;
  const r = check(root, list ?? listFiles(root), allowed);
  for (const line of reportLines(r, { all })) console.log(line);
  return r.failing.length ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

module.exports = { check, checkText, isChecked, listFiles, readAllowList, reportLines, median, main };
