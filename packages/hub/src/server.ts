import { isSmsfleetError, type Store } from '@smsfleet/core';
import { buildApp } from './app';
import { loadConfig, type Env } from './config';
import { openAnsweringStore } from './wait-for-store';
import type { HubApp } from './types';

/** A listening hub. */
export interface RunningServer {
  app: HubApp;
  store: Store;
  /** The address it listens on, e.g. `http://127.0.0.1:8080`. */
  address: string;
  /** Stop accepting requests, stop the workers, close the store. */
  close(): Promise<void>;
}

/**
 * Read the configuration from `env`, open the store, build the app and listen. Throws
 * `SMSFLEET_ERR_CONFIG` (every problem listed) before opening anything when the configuration is wrong.
 */
export async function startServer(env: Env = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const store = await openAnsweringStore(config, (line) => process.stderr.write(`${line}\n`));
  const app = buildApp({ config, store });
  try {
    const address = await app.listen({ host: config.server.host, port: config.server.port });
    return {
      app,
      store,
      address,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await app.close();
    await store.close();
    throw err;
  }
}

async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer();
  } catch (err) {
    if (isSmsfleetError(err, 'SMSFLEET_ERR_CONFIG')) {
      process.stderr.write(
        `smsfleet hub: invalid configuration\n${err.issues.map((i) => `  ${i.field}: ${i.reason}`).join('\n')}\n`,
      );
    } else {
      process.stderr.write(
        `smsfleet hub: could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
