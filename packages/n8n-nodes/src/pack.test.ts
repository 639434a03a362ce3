import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const pkgDir = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
  n8n: { nodes: string[]; credentials: string[] };
  dependencies?: Record<string, string>;
};

/**
 * The package as n8n users install it: `npm pack` (which runs prepack: the build, the asset copy and the bundling of
 * the hub client) into a temporary folder, the tarball's own file list, and the tarball unpacked.
 */
describe('the published n8n package', () => {
  let files: string[] = [];
  let dest = '';
  beforeAll(() => {
    dest = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
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
    execFileSync('tar', ['xzf', join(dest, filename)], { cwd: dest });
  }, 120_000);
  afterAll(() => {
    rmSync(dest, { recursive: true, force: true });
  });

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

  it('carries the hub client in its dist, and the nodes load from the tarball with nothing but n8n-workflow', () => {
    expect(files).toEqual(
      expect.arrayContaining(
        ['index', 'hub-client', 'hub-error', 'transport', 'verify-webhook'].map(
          (f) => `dist/vendor/smsfleet-client/${f}.js`,
        ),
      ),
    );
    const shipped = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dest, 'package', f), 'utf8'));
    expect(shipped.filter((code) => /require\(["']@smsfleet\//.test(code))).toEqual([]);
    // Next to the unpacked package, a node_modules with n8n-workflow only (n8n's peer dependency): as n8n loads it.
    mkdirSync(join(dest, 'node_modules'));
    const workflowDir = dirname(realpathSync(require.resolve('n8n-workflow/package.json', { paths: [pkgDir] })));
    symlinkSync(workflowDir, join(dest, 'node_modules', 'n8n-workflow'));
    const load = pkg.n8n.nodes.map((n) => `require(${JSON.stringify(join(dest, 'package', n))})`).join(';');
    const env = { ...process.env };
    delete env.NODE_PATH;
    const out = execFileSync(
      process.execPath,
      ['-e', `${load}; const c = require('./package/dist/vendor/smsfleet-client'); console.log(typeof c.HubClient)`],
      { cwd: dest, env, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('function');
  });
});
