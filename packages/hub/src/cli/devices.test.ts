import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimHub, type SimHub } from '../testing';
import { main } from './main';
import { parseSims } from './devices';

describe('smsfleet devices and connections against a running hub', () => {
  let hub: SimHub;
  let args: string[];
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  beforeAll(async () => {
    hub = await startSimHub({ seed: 6 });
    args = ['--url', hub.url, '--key', hub.apiKey];
  });
  afterAll(async () => hub?.close());
  beforeEach(() => {
    lines.length = 0;
  });

  it('reads --sims as slots with optional numbers and budgets', () => {
    expect(parseSims('1:+15550100001:30,2')).toEqual([
      { slot: 1, number: '+15550100001', segmentsPerMinute: 30 },
      { slot: 2 },
    ]);
    expect(() => parseSims('x')).toThrow(/--sims item 1 slot/);
  });

  it('adds a connection from a file, a phone behind it, lists both without secrets, and removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsfleet-conn-'));
    const file = join(dir, 'conn.json');
    const hs = hub.fleet.gateways.httpsms;
    const hooks = async () =>
      (
        (await (
          await fetch(`${hs.baseUrl}/v1/webhooks`, { headers: { 'x-api-key': hs.credentials.apiKey! } })
        ).json()) as { data: Array<{ url: string }> }
      ).data.map((h) => h.url);
    writeFileSync(
      file,
      JSON.stringify({
        id: 'hs-two',
        connection: {
          kind: 'httpsms',
          baseUrl: hs.baseUrl,
          apiKey: hs.credentials.apiKey,
          webhookSigningKey: 's3cr3t-abc',
        },
      }),
    );
    expect(await main(['connections', 'add', '--json', file, ...args], out)).toBe(0);
    expect(await main(['connections', 'list', ...args], out)).toBe(0);
    expect(lines.find((l) => l.startsWith('hs-two'))).toMatch(/httpsms .* secrets set: apiKey, webhookSigningKey/);
    expect(lines.join('\n')).not.toContain('s3cr3t-abc');
    const add = [
      'devices',
      'add',
      '--id',
      'spare',
      '--name',
      'Spare',
      '--connection',
      'hs-two',
      '--sims',
      '1:+15550900001:20',
    ];
    expect(await main([...add, ...args], out)).toBe(0);
    expect(lines.at(-1)).toMatch(/^added spare \(httpsms via hs-two\)/);
    expect(await main(['devices', 'list', ...args], out)).toBe(0);
    expect(lines.find((l) => l.startsWith('spare'))).toMatch(/hs-two .* SIM1 \+15550900001 0\/20 per min/);
    await expect(main(['connections', 'remove', 'hs-two', ...args], out)).rejects.toThrow(/CONNECTION_IN_USE/);
    expect(await main(['devices', 'remove', 'spare', ...args], out)).toBe(0);
    expect(await hooks()).toContain(`${hub.url}/ingress/hs-two`); // registered when it was added
    expect(await main(['connections', 'remove', 'hs-two', ...args], out)).toBe(0);
    expect(await hooks()).not.toContain(`${hub.url}/ingress/hs-two`); // and deleted at the gateway with it
    expect(await hooks()).toContain(`${hub.url}/ingress/httpsms-cloud`);
    await expect(
      main(['devices', 'add', '--id', 'x', '--name', 'X', '--connection', 'nope', '--sims', '1', ...args], out),
    ).rejects.toThrow(/--connection/);
  });

  it('discovers the phones of a connection and adds the ones picked', async () => {
    expect(await main(['devices', 'remove', 'redmi-12', ...args], out)).toBe(0);
    lines.length = 0;
    expect(await main(['connections', 'discover', 'textbee-cloud', '--add', 'redmi-12', ...args], out)).toBe(0);
    expect(lines[0]).toMatch(/^redmi-12 .* \+15550400001 {2}not added$/);
    expect(lines[1]).toBe('added redmi-12');
    expect(hub.app.pipeline.fleet.connectionOf('redmi-12')).toBe('textbee-cloud');
    lines.length = 0;
    expect(await main(['connections', 'discover', 'httpsms-cloud', ...args], out)).toBe(0);
    expect(lines[0]).toMatch(/\+15550300001 {2}added as moto-g$/);
  });
});
