// The house-rules check (scripts/house-rules.cjs) run as `npm run lint` runs it, over fixture trees written to a
// temporary directory: it names every long line and long file, skips lockfiles and build output, and fails the run
// only for files the allow-list does not name.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'house-rules.cjs');

function run(root: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, '--root', root, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout.trim().split('\n'), stderr: r.stderr };
}

function lines(n: number, width = 10): string {
  return `${Array.from({ length: n }, () => 'x'.repeat(width)).join('\n')}\n`;
}

describe('house rules', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'house-rules-'));
    write('src/ok.ts', lines(5, 120));
    write('src/ok.css', lines(300));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a clean tree passes and prints the median file length', () => {
    write('src/three.lua', lines(3));
    const r = run(root);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'house rules: 3 files checked, median 5 lines; 0 file(s) break a rule, 0 more allow-listed',
    ]);
  });

  test('names each line over 120 columns and each file over 300 lines, and fails', () => {
    write('src/wide.ts', `const a = 1;\n${'y'.repeat(121)}\n${'z'.repeat(120)}\n`);
    write('scripts/tall.cjs', lines(301));
    write('public/page.html', `<p>${'w'.repeat(200)}</p>\n`);
    write('data/config.json', `{"k": "${'v'.repeat(130)}"}\n`);
    const r = run(root);
    expect(r.code).toBe(1);
    expect(r.out).toEqual(
      expect.arrayContaining([
        'src/wide.ts:2: over 120 columns (121 characters)',
        'scripts/tall.cjs: over 300 lines (301 lines)',
        'public/page.html:1: over 120 columns (207 characters)',
        'data/config.json:1: over 120 columns (139 characters)',
      ]),
    );
    expect(r.out.filter((l) => l.startsWith('src/wide.ts'))).toHaveLength(1);
    expect(r.out.at(-1)).toMatch(/6 files checked, median 4 lines; 4 file\(s\) break a rule/);
  });

  test('counts characters, not bytes: 120 accented letters fit', () => {
    write('src/text.ts', `${'é'.repeat(120)}\n`);
    expect(run(root).code).toBe(0);
  });

  test('skips lockfiles, build output, other file types and node_modules', () => {
    const long = `${'q'.repeat(200)}\n${lines(400)}`;
    write('package-lock.json', long);
    write('packages/a/dist/index.js', long);
    write('packages/a/node_modules/x/index.js', long);
    write('packages/a/types.d.ts', long);
    write('README.md', long);
    write('notes.txt', long);
    expect(run(root).code).toBe(0);
  });

  test('allow-listed files are reported but do not fail; --strict fails them; fixed entries are named', () => {
    write('src/wide.ts', `${'y'.repeat(121)}\n`);
    write('allow.txt', '# today\nsrc/wide.ts\nsrc/ok.ts\n');
    const allowed = run(root, '--allow', path.join(root, 'allow.txt'));
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('src/wide.ts: 1 line(s) over 120 columns [allow-listed]');
    expect(run(root, '--allow', path.join(root, 'allow.txt'), '--all').out).toContain(
      'src/wide.ts:1: over 120 columns (121 characters) [allow-listed]',
    );
    expect(allowed.out).toContain('src/ok.ts: keeps the rules now; remove it from the allow-list');
    expect(allowed.out.at(-1)).toMatch(/0 file\(s\) break a rule, 1 more allow-listed$/);

    expect(run(root, '--allow', path.join(root, 'allow.txt'), '--strict').code).toBe(1);
  });

  test('checks only the files named on the command line', () => {
    write('src/wide.ts', `${'y'.repeat(121)}\n`);
    write('allow.txt', 'src/wide.ts\n');
    const r = run(root, '--allow', path.join(root, 'allow.txt'), path.join(root, 'src/ok.ts'));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/1 files checked/)]); // not checked: not said to keep the rules
  });
});
