import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@smsfleet/core';
import { demoBanner, startDemo, type Demo } from './demo';
import { main } from './main';

describe('smsfleet CLI against a running demo', () => {
  let demo: Demo;
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 3 });
  });
  afterAll(async () => {
    await demo.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('prints the URLs, an API key that works, and a curl line', async () => {
    const banner = demoBanner(demo);
    expect(banner).toContain(`${demo.url}/docs`);
    expect(banner).toContain(demo.apiKey);
    const res = await fetch(`${demo.url}/v1/devices`, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    expect(res.status).toBe(200);
  });

  it('sends one text and lists devices and messages', async () => {
    const args = ['--url', demo.url, '--key', demo.apiKey];
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
    const args = ['--url', demo.url, '--key', demo.apiKey];
    expect(await main(['send', '--csv', file, ...args], out)).toBe(2);
    expect(lines[0]).toBe('2 accepted, 1 refused, 3 rows');
    expect(lines[1]).toMatch(/^ {2}line 3 \(12\): SMSFLEET_ERR_INVALID_PHONE: column "to": \S/); // the column, not the API's body.to
    lines.length = 0;
    expect(await main(['send', '--csv', file, ...args], out)).toBe(2);
    expect(lines[0]).toBe('0 accepted, 2 already sent (not texted again), 1 refused, 3 rows');
    const list = (await (
      await fetch(`${demo.url}/v1/messages?limit=100`, { headers: { authorization: `Bearer ${demo.apiKey}` } })
    ).json()) as { items: Message[] };
    expect(list.items.filter((m) => m.to === '+14155550150' || m.to === '+14155550151')).toHaveLength(2);
  });

  it('names the option a bad value came from, and sends nothing', async () => {
    const args = ['--url', demo.url, '--key', demo.apiKey];
    const count = async () =>
      (
        (await (
          await fetch(`${demo.url}/v1/messages?limit=100`, { headers: { authorization: `Bearer ${demo.apiKey}` } })
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
      main(['send', '--csv', file, '--url', 'http://127.0.0.1:9', '--key', demo.apiKey], out),
    ).rejects.toThrow(/^the hub stopped answering after 0 of 2 rows \(.+\); when it is back, run the same file again/);
    writeFileSync(file, 'to,body,sim\n+14155550170,a,first\n');
    await expect(main(['send', '--csv', file, '--url', demo.url, '--key', demo.apiKey], out)).rejects.toThrow(
      'line 2: the "sim" column must be a whole number (got "first")',
    );
  });

  it('explains a missing key and an unknown command', async () => {
    const saved = process.env.SMSFLEET_API_KEY;
    delete process.env.SMSFLEET_API_KEY;
    await expect(main(['devices', '--url', demo.url], out)).rejects.toThrow(/no API key/);
    if (saved !== undefined) process.env.SMSFLEET_API_KEY = saved;
    await expect(main(['devices', '--url', demo.url, '--key', `(log\n${demo.apiKey}`], out)).rejects.toThrow(
      /^the API key has a space, line break/,
    );
    expect(await main(['frobnicate'], out)).toBe(1);
    expect(lines.join('\n')).toContain('usage: smsfleet');
  });
});
