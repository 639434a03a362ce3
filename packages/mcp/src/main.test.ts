import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { SimHub } from '@smsfleet/hub/testing';
import { connectClient, dataOf, startHub, type TestClient, until } from './testing/rig';

/** The bin, as an MCP client's config starts it; it runs the build (`npx tsc -b`; `npm test` does that first). */
const BIN = join(__dirname, '..', 'bin', 'smsfleet-mcp.js');
const BUILT = join(__dirname, '..', 'dist', 'main.js');

describe('the smsfleet-mcp bin over stdio (SDK client spawning it)', () => {
  let hub: SimHub;
  let c: TestClient | undefined;

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npx tsc -b first`);
    hub = await startHub(43);
  });
  afterAll(async () => {
    await c?.close();
    await hub.close();
  });

  it('serves the tools to a client that starts it with the env of an mcpServers entry', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      env: { SMSFLEET_URL: hub.url, SMSFLEET_API_KEY: hub.apiKey, PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    c = await connectClient(transport, 'no-elicitation');
    const to = '+14155550195';
    const sent = dataOf(await c.call('send_sms', { to, body: 'Over stdio', idempotencyKey: 'stdio-1' }));
    expect(sent).toMatchObject({ sent: true, idempotencyKey: 'stdio-1' });
    await until('fleet-sim delivers it', () =>
      hub.fleet.truth.messages().find((t) => t.recipient === to && t.finalState === 'delivered'),
    );
    await until('the status tool says delivered', async () => {
      const r = await c!.call('get_message', { id: sent.message.id });
      return dataOf(r).message.status === 'delivered' || undefined;
    });
  });

  it('refuses to start over stdio without a key, and rejects an unknown option', () => {
    const env = { PATH: process.env.PATH ?? '' };
    const noKey = spawnSync(process.execPath, [BIN], { env, input: '', encoding: 'utf8' });
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toContain('set SMSFLEET_API_KEY');
    const wrong = spawnSync(process.execPath, [BIN, '--htp'], { env, encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown option --htp');
  });
});
