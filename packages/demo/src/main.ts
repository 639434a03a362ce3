#!/usr/bin/env node
/**
 * `smsfleet-demo` (`npm run demo` from the repository): the hub on the in-memory store with simulated phones, and the
 * Slack app next to it when `SLACK_BOT_TOKEN` is set. Prints URLs and an API key; Ctrl+C stops it.
 */
import { parseArgs } from 'node:util';
import { demoBanner } from './banner';
import { startDemo } from './demo';
import { startDemoSlack } from './demo-slack';

const USAGE = `usage: smsfleet-demo [--port 8080]
  start the smsfleet hub with simulated phones (in memory); SMSFLEET_PORT=N chooses the port too
  with SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) set, the Slack app runs next to it`;

/** Run the demo until SIGINT/SIGTERM; `out` gets the banner. Returns an exit code only when it does not start. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
): Promise<number | undefined> {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (v.help) {
    out(USAGE);
    return 0;
  }
  const demo = await startDemo({ env: { ...env, ...(v.port ? { SMSFLEET_PORT: v.port } : {}) } });
  let slack: { stop(): Promise<void> } | undefined;
  try {
    slack = await startDemoSlack(demo, env);
  } catch (e) {
    await demo.close();
    throw e;
  }
  out(demoBanner(demo));
  if (slack) out(`  Slack app running: hub events at ${env.PUBLIC_URL}/smsfleet/events`);
  const stop = () => {
    void (async () => {
      await slack?.stop();
      await demo.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return undefined;
}

/** Run the demo as a process: print an error plainly and exit 1 when it cannot start (the bin calls this). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (e: unknown) => {
      process.stderr.write(`smsfleet-demo: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
