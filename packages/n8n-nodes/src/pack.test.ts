import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const pkgDir = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  n8n: { nodes: string[]; credentials: string[] };
  dependencies?: Record<string, string>;
};

/**
 * The package as n8n users install it: `npm pack` (which runs prepack: the build and the asset copy) into a
 * temporary folder, and the tarball's own file list.
 */
describe('the published n8n package', () => {
  let files: string[] = [];
  beforeAll(() => {
    const dest = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
    try {
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
        cwd: pkgDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const { filename } = (JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>)[0]!;
      files = execFileSync('tar', ['tzf', join(dest, filename)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, ''));
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  }, 120_000);

  it('holds every node with its icons and codex, and every credential', () => {
    for (const node of pkg.n8n.nodes) {
      const dir = dirname(node);
      const name = node
        .split('/')
        .pop()!
        .replace(/\.node\.js$/, '');
      expect(files).toEqual(
        expect.arrayContaining([node, `${dir}/${name}.node.json`, `${dir}/smsfleet.svg`, `${dir}/smsfleet.dark.svg`]),
      );
    }
    expect(files).toEqual(expect.arrayContaining(pkg.n8n.credentials));
  });

  it('ships no tests, test helpers, source maps or build info', () => {
    expect(files.filter((f) => /\.test\.|(^|\/)testing\/|\.tsbuildinfo$|\.map$/.test(f))).toEqual([]);
    expect(files.filter((f) => !/^(dist\/|examples\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
  });

  it('has no runtime dependencies (n8n loads it into its own process)', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
