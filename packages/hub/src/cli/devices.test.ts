import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimHub, type SimHub } from '../testing';
import { until } from '../testing/until';
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
    // sms-gate phones ping every 100 ms, so a test waits for a heartbeat rather than for 15 minutes.
    hub = await startSimHub({ seed: 6, timing: { pingIntervalMs: 100 } });
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
    const spare = lines.findIndex((l) => l.startsWith('spare'));
    expect(lines[spare]).toMatch(/^spare +httpsms +hs-two +online/);
    expect(lines[spare + 1]).toMatch(/^ {2}SIM1 +\+15550900001 +0\/20 per min$/);
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

  it("shows each phone's vitals and each capped SIM's use of its day, month and unique-recipient caps", async () => {
    const headers = { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' };
    const caps = { segmentsPerDay: 500, segmentsPerMonth: 10_000, uniqueRecipients: { limit: 200, period: 'month' } };
    const patch = await fetch(`${hub.url}/v1/devices/pixel-7`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        sims: [
          { slot: 1, number: '+15550100001', ...caps },
          { slot: 2, number: '+15550100002' },
        ],
      }),
    });
    expect(patch.status).toBe(200);
    // Three texts to two people from SIM 1: 3 segments of the day and month, 2 distinct recipients.
    for (const to of ['+14155550101', '+14155550102', '+14155550101']) {
      const body = JSON.stringify({ to, body: 'Your order ships today.', deviceId: 'pixel-7', sim: 1 });
      expect((await fetch(`${hub.url}/v1/messages`, { method: 'POST', headers, body })).status).toBe(202);
    }
    hub.fleet.phone('pixel-7').setBattery(42, true); // what its next system:ping reports
    type Listed = {
      items: Array<{ id: string; batteryLevel?: number; sims: Array<{ slot: number; usedToday?: number }> }>;
    };
    await until('the three sends counted against the caps, and a heartbeat with the battery', async () => {
      const r = (await (await fetch(`${hub.url}/v1/devices`, { headers })).json()) as Listed;
      const d = r.items.find((x) => x.id === 'pixel-7');
      return d?.batteryLevel === 42 && d.sims.find((s) => s.slot === 1)?.usedToday === 3;
    });
    lines.length = 0;
    expect(await main(['devices', 'list', ...args], out)).toBe(0);
    const pixel = lines.findIndex((l) => l.startsWith('pixel-7'));
    expect(lines[pixel]).toMatch(
      /^pixel-7 +sms-gate +sms-gate-pixel-7 +online +seen \d+[smh] ago +heartbeat \d+[smh] ago/,
    );
    expect(lines[pixel]).toMatch(/ago +battery 42% charging +cellular 4g$/);
    expect(lines.find((l) => l.startsWith('moto-g'))).toMatch(/^moto-g +httpsms +httpsms-cloud +online$/); // none known
    expect(lines[pixel + 1]).toMatch(
      /^ {2}SIM1 +\+15550100001 +\d+\/30 per min +today 3\/500 +month 3\/10000 +unique 2\/200 per month$/,
    );
    expect(lines[pixel + 2]).toMatch(/^ {2}SIM2 +\+15550100002 +0\/30 per min$/); // uncapped: no cap columns
    // Columns line up across the fleet: health at one column on every phone line, minute use on every SIM line.
    const at = (re: RegExp) => new Set(lines.map((l) => re.exec(l)?.[0].length).filter((n) => n !== undefined));
    expect(at(/^\S+ +\S+ +\S+ +(?=online|dozing|offline)/).size).toBe(1);
    expect(at(/^ {2}SIM\d +\+\d+ +/).size).toBe(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  });
});
