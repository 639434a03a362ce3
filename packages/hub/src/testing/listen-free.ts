import type { HubApp } from '../types';
import { freePort } from '../net/free-port';

/**
 * Build a hub for a free port and listen on it. The port is free when picked but may be taken before the hub listens
 * (suites run side by side, other programs), so a taken one is picked again, up to five times. `build` gets the port
 * and its base URL, which the config needs before the hub starts (webhook URLs, short links).
 */
export async function listenOnFreePort(
  build: (port: number, base: string) => HubApp,
): Promise<{ app: HubApp; port: number; base: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = build(port, base);
    try {
      await app.listen({ host: '127.0.0.1', port });
      return { app, port, base };
    } catch (e) {
      await app.close();
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw e;
    }
  }
}
