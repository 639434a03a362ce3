import { fork, type ChildProcess } from 'node:child_process';

/**
 * Benchmarks run the server under test in a child process and the load generator (autocannon) in the parent, so
 * the two do not share one event loop or CPU (the machine has 2 cores). The child is the same bench file started
 * with `--serve <what>`; it prints `LISTENING <json>` once ready and runs until killed.
 */
export interface ChildServer<I> {
  info: I;
  close(): Promise<void>;
}

/** Start `file --serve what` and wait for its `LISTENING` line. */
export function startChildServer<I>(file: string, what: string): Promise<ChildServer<I>> {
  const child: ChildProcess = fork(file, ['--serve', what], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${what} server did not start: ${out}`)); }, 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^LISTENING (.*)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        info: JSON.parse(m[1]!) as I,
        close: () => new Promise<void>((res) => { if (child.exitCode !== null) return res(); child.once('exit', () => res()); child.kill('SIGTERM'); }),
      });
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} server exited with ${code}: ${out}`)); });
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
