import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFleet, type Fleet } from '@smsfleet/fleet-sim';
import type { Message } from '@smsfleet/core';
import { copyPaths, envPairs, execForm, workdir } from './dockerfile';
import {
  cleanEnv,
  installRuntimeStage,
  readDockerfile,
  ROOT,
  runtimeWorkspaces,
  workspaceDirs,
  type RuntimeInstall,
} from './runtime-stage';

const { stages, runtime, build, ignored } = readDockerfile();
const only = (keyword: string) => {
  const found = runtime.instructions.filter((i) => i.keyword === keyword);
  if (found.length !== 1) throw new Error(`the runtime stage must have exactly one ${keyword}`);
  return found[0]!;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe('the container image (Dockerfile), checked without Docker', () => {
  it('is a non-root hub on 0.0.0.0:8080 that stops on SIGTERM, with a health check', () => {
    const env = Object.fromEntries(runtime.instructions.filter((i) => i.keyword === 'ENV').flatMap(envPairs));
    expect(env).toMatchObject({ NODE_ENV: 'production', SMSFLEET_HOST: '0.0.0.0' });
    expect(only('EXPOSE').args).toBe(env.SMSFLEET_PORT);
    expect(only('STOPSIGNAL').args).toBe('SIGTERM');
    expect(only('USER').args).not.toMatch(/^(root|0)(:|$)/);
    expect(only('HEALTHCHECK').args).toMatch(/^CMD \[/);
    expect(execForm(only('ENTRYPOINT').args)).toEqual([
      'node',
      `${workdir(stages, runtime)}/packages/hub/bin/smsfleet.js`,
      'serve',
    ]);
    // The npm that runs `npm ci` in both stages is the one package.json names, and the one this test installs with.
    const pm = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { packageManager: string })
      .packageManager;
    const base = stages.find((s) => s.name === runtime.from)!;
    expect(base.instructions.find((i) => i.keyword === 'RUN')!.args).toContain(`npm install --global ${pm}`);
  });

  it('builds from sources the build context holds, and compiles the hub', () => {
    for (const s of [build, runtime])
      for (const i of s.instructions.filter((x) => x.keyword === 'COPY' && !x.flags.from)) {
        const { source } = copyPaths(i);
        expect([source, existsSync(join(ROOT, source)), ignored(source)]).toEqual([source, true, false]);
      }
    expect(build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args)).toContainEqual(
      expect.stringMatching(/tsc -b packages\/hub$/),
    );
    // What the runtime stage takes from the build must be something the build compiled from the context.
    const built = build.instructions.filter((i) => i.keyword === 'COPY').map((i) => copyPaths(i).dest);
    const buildDir = workdir(stages, build);
    for (const i of runtime.instructions.filter((x) => x.keyword === 'COPY' && x.flags.from)) {
      const pkg = copyPaths(i)
        .source.slice(buildDir.length + 1)
        .replace(/\/dist$/, '');
      expect(built).toContain(pkg);
    }
  });

  it("holds exactly the workspaces the hub's dependencies name, no more", () => {
    const names = new Map([...workspaceDirs()].map(([n, d]) => [d, n]));
    const copied = runtime.instructions
      .filter((i) => i.keyword === 'COPY' && !i.flags.from)
      .map((i) => /^(packages\/[^/]+)\/package\.json$/.exec(copyPaths(i).source)?.[1])
      .filter((d): d is string => d !== undefined)
      .map((d) => names.get(d)!);
    const built = runtime.instructions
      .filter((i) => i.keyword === 'COPY' && i.flags.from)
      .map((i) => /\/(packages\/[^/]+)\/dist$/.exec(copyPaths(i).source)?.[1])
      .filter((d): d is string => d !== undefined)
      .map((d) => names.get(d)!);
    // A failure here means package.json files changed: add the workspace's package.json and dist COPY lines to the
    // runtime stage (and its folder to .dockerignore), or delete those of a workspace the hub no longer depends on.
    expect(copied.sort()).toEqual(runtimeWorkspaces());
    expect(built.sort()).toEqual(runtimeWorkspaces());
  });
});

describe('the runtime stage as a production install, serving', () => {
  let dir: string;
  let install: RuntimeInstall;
  let fleet: Fleet;
  let hub: ChildProcess | undefined;
  let output = '';
  let url = '';
  let key = '';
  const hubEnv = (port: number): NodeJS.ProcessEnv => ({
    ...cleanEnv(),
    ...install.env,
    // The image binds 0.0.0.0 (checked above); on this shared machine the hub stays on loopback.
    SMSFLEET_HOST: '127.0.0.1',
    SMSFLEET_PORT: String(port),
    SMSFLEET_LOG_LEVEL: 'warn',
    ...(process.env.REDIS_URL ? { SMSFLEET_REDIS_PREFIX: `image-test-${process.pid}-${Date.now()}:` } : {}),
  });
  /** Where the image has `/app/...`, this install has `dir/...`. */
  const here = (a: string) => (a.startsWith(`${install.app}/`) ? join(dir, a.slice(install.app.length)) : a);
  const healthcheck = (port: number) => {
    const [cmd, ...args] = execForm(only('HEALTHCHECK').args.replace(/^CMD /, '')).map(here);
    return new Promise<number>((resolve) =>
      execFile(cmd!, args, { cwd: dir, env: hubEnv(port) }, (err) => resolve(err ? Number(err.code ?? 1) : 0)),
    );
  };

  /** ENTRYPOINT + CMD as the image runs them, with the fleet file where the CMD expects the secret. */
  async function startHub(fleetFile: string): Promise<number> {
    const argv = [...execForm(only('ENTRYPOINT').args), ...execForm(only('CMD').args)].map(here);
    argv[argv.indexOf('--fleet') + 1] = fleetFile;
    // The port is free when picked but may be taken before the hub listens (suites run side by side): pick again.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      output = '';
      const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env: hubEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
      hub = child;
      const started = await new Promise<boolean>((resolve, reject) => {
        // A safety net only: loading the hub is slow on a busy machine; the wait ends at the line it prints.
        const timer = setTimeout(() => reject(new Error(`the hub did not start:\n${output}`)), 120_000);
        child.stdout!.on('data', (c: Buffer) => {
          output += c.toString();
          if (/first API key \(shown once\): \S+\n/.test(output)) {
            clearTimeout(timer);
            resolve(true);
          }
        });
        child.stderr!.on('data', (c: Buffer) => {
          output += c.toString();
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          if (output.includes('EADDRINUSE') && attempt < 5) resolve(false);
          else reject(new Error(`the hub exited with ${code}:\n${output}`));
        });
      });
      if (started) {
        url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
        key = /first API key \(shown once\): (\S+)/.exec(output)![1]!;
        return port;
      }
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smsfleet-image-'));
    install = await installRuntimeStage(dir);
    fleet = await startFleet({
      seed: 23,
      timing: { pickupMs: [5, 15], partSendMs: [2, 5], interMessageMs: [1, 3], deliveryMs: [10, 30] },
      phones: [{ id: 'front-desk', gateway: 'sms-gate-local', sims: [{ number: '+15550230001' }] }],
    });
  }, 600_000);
  afterAll(async () => {
    if (hub && hub.exitCode === null && hub.signalCode === null) {
      const exited = new Promise((r) => hub!.once('exit', r));
      hub.kill('SIGKILL');
      await exited;
    }
    await fleet?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs production dependencies only, with the workspaces the hub needs linked', () => {
    expect(install.npm).toContainEqual(expect.stringMatching(/^npm ci .*--omit=dev/));
    const modules = join(dir, 'node_modules');
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const hubPkg = JSON.parse(readFileSync(join(ROOT, 'packages/hub/package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const dev of [...Object.keys(root.devDependencies), ...Object.keys(hubPkg.devDependencies)])
      expect([dev, existsSync(join(modules, dev))]).toEqual([dev, false]);
    const linked = readdirSync(join(modules, '@smsfleet')).map((n) => `@smsfleet/${n}`);
    expect(linked.sort()).toEqual(runtimeWorkspaces());
    for (const name of linked) expect(existsSync(join(modules, name, 'dist/index.js'))).toBe(true);
  });

  it('puts the smsfleet command on the PATH, for `docker compose exec hub smsfleet ...`', async () => {
    const { stdout } = await promisify(execFile)('smsfleet', ['help'], { cwd: dir, env: hubEnv(8080) });
    expect(stdout).toMatch(/^usage: smsfleet/);
  });

  it('serves from a fleet file: /healthz, a text sent and delivered, then exit 0 on SIGTERM', async () => {
    const phone = fleet.phones()[0]!;
    const fleetFile = join(dir, 'fleet.json');
    writeFileSync(
      fleetFile,
      JSON.stringify({
        connections: [
          {
            id: 'front-desk',
            connection: {
              kind: 'sms-gate',
              mode: 'local',
              baseUrl: phone.baseUrl,
              auth: { type: 'basic', username: phone.credentials.username, password: phone.credentials.password },
              webhookSigningKey: phone.webhookSecret,
            },
          },
        ],
        devices: [
          { id: phone.id, name: 'Front desk', connectionId: 'front-desk', sims: [{ slot: 1, number: '+15550230001' }] },
        ],
      }),
    );
    const port = await startHub(fleetFile);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: process.env.REDIS_URL ? 'redis' : 'memory' });
    expect(await healthcheck(port)).toBe(0);

    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const sent = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ to: '+14155550123', body: 'Hello from the image' }),
    });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    let m: Message | undefined;
    // Waits for the event; the bound is a safety net for a slow machine, not a measure of speed.
    for (let i = 0; i < 2_400 && !['delivered', 'failed', 'undelivered', 'unknown'].includes(m?.status ?? ''); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      m = ((await (await fetch(`${url}/v1/messages/${id}`, { headers: auth })).json()) as { message: Message }).message;
    }
    expect(m).toMatchObject({ status: 'delivered', from: { deviceId: 'front-desk' } });

    // A dashboard left open holds a live event stream: the hub must end it rather than wait for it (docker stop would
    // then kill the hub after its grace period).
    const { token } = (await (
      await fetch(`${url}/v1/dashboard/stream-token`, { method: 'POST', headers: auth })
    ).json()) as {
      token: string;
    };
    const stream = (await fetch(`${url}/dashboard/events?token=${encodeURIComponent(token)}`)).body!.getReader();
    expect(new TextDecoder().decode((await stream.read()).value)).toContain(': connected');

    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise<[number | null, string | null]>((resolve, reject) => {
      hub!.once('exit', (c, s) => resolve([c, s]));
      // A safety net for a slow machine; a hub that waits for the stream never exits at all.
      timer = setTimeout(() => reject(new Error(`no exit within 120 s of SIGTERM:\n${output}`)), 120_000);
    });
    hub!.kill('SIGTERM');
    expect(await exited.finally(() => clearTimeout(timer))).toEqual([0, null]);
    const drain = async (): Promise<void> => {
      if (!(await stream.read()).done) return drain();
    };
    await drain(); // the stream ended with the hub
    expect(await healthcheck(port)).toBe(1);
  }, 300_000);
});
