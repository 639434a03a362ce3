import { createServer, type Server } from 'node:net';
import { freePort } from '../net/free-port';
import { chooseDemoPort } from './demo-port';
import { startDemo } from './demo';
import { defaultHubUrl } from './main';

/** Hold `port` on 127.0.0.1 until closed, as another program would. */
async function occupy(port: number): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', resolve);
  });
  return s;
}

describe('the demo port', () => {
  it('moves to the next free port when the default is taken, and says which and how to choose', async () => {
    const taken = await freePort();
    const s = await occupy(taken);
    try {
      const chosen = await chooseDemoPort(undefined, '127.0.0.1', taken);
      expect(chosen.port).toBeGreaterThan(taken);
      expect(chosen.note).toBe(
        `port ${taken} is in use, so the demo listens on ${chosen.port} (choose one with SMSFLEET_PORT=N or --port N)`,
      );
    } finally {
      s.close();
    }
  });

  it('keeps the default with no note when it is free', async () => {
    const free = await freePort();
    expect(await chooseDemoPort(undefined, '127.0.0.1', free)).toEqual({ port: free });
  });

  it('refuses a port the user asked for that is taken, naming the variable and the flag', async () => {
    const taken = await freePort();
    const s = await occupy(taken);
    try {
      await expect(chooseDemoPort(String(taken), '127.0.0.1')).rejects.toThrow(
        new RegExp(
          `^port ${taken} on 127\\.0\\.0\\.1 is already in use: choose another with SMSFLEET_PORT=\\d+ npm run demo \\(or smsfleet demo --port \\d+\\)$`,
        ),
      );
    } finally {
      s.close();
    }
  });
});

describe("the CLI's default hub URL", () => {
  it("is SMSFLEET_URL, else the demo's port from SMSFLEET_PORT, else 8080", () => {
    expect(defaultHubUrl({ SMSFLEET_URL: 'http://hub.example:9000', SMSFLEET_PORT: '8081' })).toBe(
      'http://hub.example:9000',
    );
    expect(defaultHubUrl({ SMSFLEET_PORT: '8081' })).toBe('http://127.0.0.1:8081');
    expect(defaultHubUrl({})).toBe('http://127.0.0.1:8080');
  });
});

describe('a demo port taken between the check and the listen', () => {
  const taker = () => {
    const held: Server[] = [];
    return {
      held,
      take: async (port: number) => {
        if (held.length === 0) held.push(await occupy(port));
      },
    };
  };

  it('is chosen again when the demo chose it (port 0), and the URLs name the port it listens on', async () => {
    const t = taker();
    const demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, beforeListen: t.take });
    try {
      const taken = (t.held[0]!.address() as { port: number }).port;
      const port = (demo.app.server.address() as { port: number }).port;
      expect(port).not.toBe(taken);
      expect(demo.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${demo.url}/healthz`)).status).toBe(200);
    } finally {
      await demo.close();
      for (const s of t.held) s.close();
    }
  });

  it('is refused with the advice when the user named it', async () => {
    const t = taker();
    const port = await freePort();
    try {
      const outcome = await startDemo({
        env: { SMSFLEET_PORT: String(port), SMSFLEET_LOG_LEVEL: 'silent' },
        beforeListen: t.take,
      }).then(
        async (d) => {
          await d.close();
          return 'started';
        },
        (e: Error) => e.message,
      );
      expect(outcome).toContain(
        `port ${port} on 127.0.0.1 is already in use: choose another with SMSFLEET_PORT=${port + 1}`,
      );
    } finally {
      for (const s of t.held) s.close();
    }
  });
});
