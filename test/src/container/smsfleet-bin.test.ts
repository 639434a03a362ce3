import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './runtime-stage';

/** Run a copy of the hub's bin (the image's ENTRYPOINT) in a package folder laid out by `files`. */
function runBin(files: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'smsfleet-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'packages/hub/bin/smsfleet.js'), join(dir, 'bin/smsfleet.js'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return new Promise((resolve) =>
    execFile(process.execPath, [join(dir, 'bin/smsfleet.js'), 'help'], (err, _out, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code: err ? Number(err.code) : 0, stderr });
    }),
  );
}

describe('the smsfleet bin', () => {
  it('says the CLI is not built when dist/ is missing', async () => {
    const r = await runBin({});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the CLI is not built yet/);
  });

  it('names a dependency the install lacks instead of saying the CLI is not built', async () => {
    const r = await runBin({ 'dist/cli/main.js': "require('@smsfleet/not-installed');\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot find module '@smsfleet\/not-installed'/);
    expect(r.stderr).not.toMatch(/not built/);
  });
});
