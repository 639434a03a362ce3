import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Benchmarks run the server under test in a child process and the load generator (autocannon) in the parent, so
 * the two do not share one event loop or CPU (the machine has 2 cores). The child is the same bench file started
 * with `--serve <what>`; it prints `LISTENING <json>` once ready and runs until killed.
 */
export interface ChildServer<I> {
  info: I;
  /**
   * CPU time the server process has used so far (user + system, all its threads), in ms; undefined where /proc is not
   * there.
   */
  cpuMs(): number | undefined;
  close(): Promise<void>;
}

/**
 * Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ): 100 on every Linux build Node supports, since
 * the kernel reports in USER_HZ whatever its internal HZ is.
 */
const USER_HZ = 100;

/** CPU time of process `pid` in ms from /proc (fields utime and stime), or undefined where there is no /proc. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name in parentheses may hold spaces
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** Start `file --serve what` and wait for its `LISTENING` line. */
export function startChildServer<I>(file: string, what: string): Promise<ChildServer<I>> {
  const child: ChildProcess = fork(file, ['--serve', what], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${what} server did not start: ${out}`));
    }, 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^LISTENING (.*)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        info: JSON.parse(m[1]!) as I,
        cpuMs: () => processCpuMs(child.pid),
        close: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null) return res();
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} server exited with ${code}: ${out}`));
    });
  });
}

/** In the child: announce readiness to the parent. */
export function announce(info: unknown): void {
  process.once('SIGTERM', () => process.exit(0)); // exit normally, so --cpu-prof can write its profile
  process.stdout.write(`LISTENING ${JSON.stringify(info)}\n`);
}

/** The `--serve <what>` argument, when this process is a child server. */
export function serveArg(): string | undefined {
  const i = process.argv.indexOf('--serve');
  return i >= 0 ? process.argv[i + 1] : undefined;
}
