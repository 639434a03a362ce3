import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@smsfleet/core';
import { startSimHub, type SimHub } from '../testing';
import { DEMO_HELP, defaultHubUrl, main } from './main';

describe('smsfleet CLI against a running hub with simulated phones', () => {
  let hub: SimHub;
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  beforeAll(async () => {
    hub = await startSimHub({ seed: 3 });
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('sends one text and lists devices and messages', async () => {
    const args = ['--url', hub.url, '--key', hub.apiKey];
    expect(await main(['send', '--to', '+14155550140', '--body', 'Hi from the CLI', ...args], out)).toBe(0);
    expect(lines[0]).toMatch(/^msg_\w+ queued \(1 segment, GSM-7\)$/);
    expect(await main(['devices', ...args], out)).toBe(0);
    expect(lines.filter((l) => /pixel-7|galaxy-a54|moto-g|redmi-12|nokia-g42/.test(l))).toHaveLength(5);
    expect(await main(['messages', ...args], out)).toBe(0);
    expect(lines.some((l) => l.includes('+14155550140'))).toBe(true);
  });

  it('bulk-sends a CSV, reports bad rows by line, and texts nobody twice when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsfleet-csv-'));
    const file = join(dir, 'list.csv');
    writeFileSync(
      file,
      'to,body,reference\n+14155550150,Hello one,r1\n12,Hello bad,r2\n+14155550151,"Hello, two",r3\n',
    );
    const args = ['--url', hub.url, '--key', hub.apiKey];
    expect(await main(['send', '--csv', file, ...args], out)).toBe(2);
    expect(lines[0]).toBe('2 accepted, 1 refused, 3 rows');
    // the column, not the API's body.to
    expect(lines[1]).toMatch(/^ {2}line 3 \(12\): SMSFLEET_ERR_INVALID_PHONE: column "to": \S/);
    lines.length = 0;
    expect(await main(['send', '--csv', file, ...args], out)).toBe(2);
    expect(lines[0]).toBe('0 accepted, 2 already sent (not texted again), 1 refused, 3 rows');
    const list = (await (
      await fetch(`${hub.url}/v1/messages?limit=100`, { headers: { authorization: `Bearer ${hub.apiKey}` } })
    ).json()) as { items: Message[] };
    expect(list.items.filter((m) => m.to === '+14155550150' || m.to === '+14155550151')).toHaveLength(2);
  });

  it('names the option a bad value came from, and sends nothing', async () => {
    const args = ['--url', hub.url, '--key', hub.apiKey];
    const count = async () =>
      (
        (await (
          await fetch(`${hub.url}/v1/messages?limit=100`, { headers: { authorization: `Bearer ${hub.apiKey}` } })
        ).json()) as { items: Message[] }
      ).items.length;
    const before = await count();
    await expect(main(['send', '--to', '12', '--body', 'x', ...args], out)).rejects.toThrow(
      /^SMSFLEET_ERR_INVALID_PHONE: --to: \S/,
    );
    await expect(main(['send', '--to', '+14155550160', '--body', 'x', '--sim', 'two', ...args], out)).rejects.toThrow(
      '--sim must be a whole number (got "two")',
    );
    await expect(
      main(['send', '--to', '+14155550160', '--body', 'x', '--device', 'nope', ...args], out),
    ).rejects.toThrow(/^SMSFLEET_ERR_\w+: --device: \S/);
    await expect(main(['messages', '--status', 'lost', ...args], out)).rejects.toThrow(
      /^SMSFLEET_ERR_VALIDATION: --status: \S/,
    );
    expect(await count()).toBe(before);
  });

  it('stops a bulk send when the hub stops answering, and says how to resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsfleet-csv-'));
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'to,body\n+14155550170,a\n+14155550171,b\n');
    await expect(
      main(['send', '--csv', file, '--url', 'http://127.0.0.1:9', '--key', hub.apiKey], out),
    ).rejects.toThrow(/^the hub stopped answering after 0 of 2 rows \(.+\); when it is back, run the same file again/);
    writeFileSync(file, 'to,body,sim\n+14155550170,a,first\n');
    await expect(main(['send', '--csv', file, '--url', hub.url, '--key', hub.apiKey], out)).rejects.toThrow(
      'line 2: the "sim" column must be a whole number (got "first")',
    );
  });

  it('explains a missing key and an unknown command', async () => {
    const saved = process.env.SMSFLEET_API_KEY;
    delete process.env.SMSFLEET_API_KEY;
    await expect(main(['devices', '--url', hub.url], out)).rejects.toThrow(/no API key/);
    if (saved !== undefined) process.env.SMSFLEET_API_KEY = saved;
    await expect(main(['devices', '--url', hub.url, '--key', `(log\n${hub.apiKey}`], out)).rejects.toThrow(
      /^the API key has a space, line break/,
    );
    expect(await main(['frobnicate'], out)).toBe(1);
    expect(lines.join('\n')).toContain('usage: smsfleet');
  });
});

describe('smsfleet demo', () => {
  it('says how to start the demo, which is its own package, and starts nothing', async () => {
    const lines: string[] = [];
    expect(await main(['demo'], (s) => lines.push(s))).toBe(1);
    expect(lines).toEqual([DEMO_HELP]);
    expect(DEMO_HELP).toContain('npm run demo');
    expect(DEMO_HELP).toContain('npx smsfleet-demo');
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
