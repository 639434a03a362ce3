import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolve when `probe()` is true, checking every `everyMs`; throws `what` after `timeoutMs`. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return;
    await sleep(everyMs);
  }
  throw new Error(`chaos: timed out after ${timeoutMs} ms waiting for ${what}`);
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      clearTimeout(t);
      resolve(ok);
    };
    const t = setTimeout(() => done(false), 500);
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('PONG')) done(true);
    });
    sock.on('error', () => done(false));
  });
}

/**
 * A redis-server the runner owns, with the persistence production needs to survive a restart: append-only file,
 * fsync on every write. `kill()` is a kill -9; `start()` brings it back on the same port and data directory.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;
  constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly log: WriteStream,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout!.pipe(this.log, { end: false });
    this.child.stderr!.pipe(this.log, { end: false });
    await waitUntil(() => redisPing(this.port), 30_000, 'redis-server to answer PING');
  }

  /** kill -9, and wait for the process to be gone. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await gone;
  }
}

/** Start fleet-sim's CLI and resolve to the JSON it prints once ready. */
export async function startFleetSim(
  root: string,
  specFile: string,
  log: WriteStream,
): Promise<{ child: ChildProcess; description: unknown }> {
  const child = spawn(process.execPath, [join(root, 'packages/fleet-sim/dist/cli/main.js'), '--spec', specFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.pipe(log, { end: false });
  const description = await new Promise<unknown>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error('chaos: fleet-sim did not start within 30 s')), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('FLEET_SIM_READY '));
      if (line) {
        clearTimeout(t);
        resolve(JSON.parse(line.slice('FLEET_SIM_READY '.length)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`chaos: fleet-sim exited with ${code} (see its log)`));
    });
  });
  return { child, description };
}

/**
 * One `smsfleet serve` hub, supervised like systemd's Restart=always: a hub that exits on its own (it cannot reach
 * Redis at boot, or it crashed) is started again after 500 ms, and counted. `kill()` is a kill -9 that the
 * supervisor does not undo; `start()` brings the hub back.
 */
export class HubProcess {
  private child: ChildProcess | undefined;
  private wanted = false;
  /** Exits the runner did not cause. */
  crashes = 0;
  /** Restarts after such exits. */
  respawns = 0;
  /** The first API key, when this hub printed one. */
  bootstrapKey: string | undefined;

  constructor(
    readonly index: number,
    readonly port: number,
    private readonly args: { root: string; fleetFile: string; env: NodeJS.ProcessEnv },
    private readonly log: WriteStream,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the process is running (it may still be booting). */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.wanted = true;
    const child = spawn(
      process.execPath,
      [join(this.args.root, 'packages/hub/dist/cli/main.js'), 'serve', '--fleet', this.args.fleetFile],
      { env: { ...this.args.env, SMSFLEET_PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => {
      const m = /first API key \(shown once\): (\S+)/.exec(d.toString());
      if (m) this.bootstrapKey = m[1];
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log.write(`\n[chaos] hub ${this.index} exited (code ${code}, signal ${signal})\n`);
      if (this.child !== child || !this.wanted) return;
      this.crashes++;
      setTimeout(() => {
        if (this.wanted && this.child === child) {
          this.respawns++;
          this.start();
        }
      }, 500);
    });
  }

  /** Whether the hub answers `/healthz` with 200. */
  async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1_000) })).status === 200;
    } catch {
      return false;
    }
  }

  /** kill -9 (not restarted by the supervisor). */
  async kill(): Promise<void> {
    this.wanted = false;
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await gone;
  }

  /** A graceful stop (SIGTERM) at the end of the run. */
  async stop(): Promise<void> {
    this.wanted = false;
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(t);
  }
}

/** A log file of the run directory. */
export function logFile(dir: string, name: string): WriteStream {
  return createWriteStream(join(dir, name), { flags: 'a' });
}
