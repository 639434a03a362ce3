import { isPortFree } from './port-free';

/** The demo's port when the user names none. */
export const DEMO_DEFAULT_PORT = 8080;
/** How many ports after the default the demo tries before it gives up. */
const TRIES = 20;

/** The port the demo will listen on, and a line telling the user why it is not the one they expected. */
export interface DemoPort {
  port: number;
  note?: string;
}

/**
 * Choose the demo's port. A port the user asked for (`SMSFLEET_PORT` or `--port`) is used as it is, and a taken one
 * is refused with the variable and flag to change it. With no port asked for, the first free one from 8080 is taken
 * and the note says so: a newcomer whose 8080 is busy still gets a running demo, and learns which port it is on.
 */
export async function chooseDemoPort(
  asked: string | undefined,
  host: string,
  from = DEMO_DEFAULT_PORT,
): Promise<DemoPort> {
  if (asked !== undefined) {
    const port = Number(asked);
    if (port !== 0 && !(await isPortFree(port, host)))
      throw new Error(takenMessage(port, host, await nextFree(port + 1, host)));
    return { port };
  }
  const port = await nextFree(from, host);
  if (port === undefined) throw new Error(takenMessage(from, host, undefined));
  return port === from
    ? { port }
    : {
        port,
        note: `port ${from} is in use, so the demo listens on ${port} (choose one with SMSFLEET_PORT=N or --port N)`,
      };
}

/** The error for a port that is taken, naming the variable and the flag, with a free port to try. */
export function takenMessage(port: number, host: string, free: number | undefined): string {
  const example = free ?? port + 1;
  return (
    `port ${port} on ${host} is already in use: choose another with SMSFLEET_PORT=${example} npm run demo ` +
    `(or npx smsfleet-demo --port ${example})`
  );
}

async function nextFree(from: number, host: string): Promise<number | undefined> {
  for (let p = from; p < from + TRIES && p < 65536; p++) if (await isPortFree(p, host)) return p;
  return undefined;
}
