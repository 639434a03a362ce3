import { startSimHub, type SimHub } from '../testing';
import { main } from './main';

describe('smsfleet keys against a running hub', () => {
  let hub: SimHub;
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(...s.split('\n'));
  };
  beforeAll(async () => {
    hub = await startSimHub({ seed: 5 });
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });
  const as = (key: string) => ['--url', hub.url, '--key', key];

  it('creates a scoped key shown once, lists it, and revokes it', async () => {
    const create = ['keys', 'create', '--name', 'zapier', '--scopes', 'send,read', '--expires', '2099-01-01T00:00:00Z'];
    expect(await main([...create, ...as(hub.apiKey)], out)).toBe(0);
    expect(lines[0]).toMatch(/^key_\w+ {2}zapier +send,read +expires 2099-01-01T00:00:00.000Z {2}never used$/);
    const key = /shown once, store it now\): (sf_live_\S+)$/.exec(lines[1]!)![1]!;
    const id = lines[0]!.split(' ')[0]!;

    // The new key sends but may not manage keys; the CLI says which scope it lacks and how to get one.
    expect(await main(['send', '--to', '+14155550170', '--body', 'scoped', ...as(key)], out)).toBe(0);
    await expect(main(['keys', 'list', ...as(key)], out)).rejects.toThrow(
      'This key lacks the `admin` scope; create one with `smsfleet keys create --name <name> --scopes admin`',
    );

    lines.length = 0;
    expect(await main(['keys', 'list', ...as(hub.apiKey)], out)).toBe(0);
    expect(lines.find((l) => l.startsWith(id))).toMatch(/zapier +send,read +expires \S+ {2}used \S+Z$/);
    expect(lines.some((l) => l.includes('sf_live_'))).toBe(false);

    lines.length = 0;
    expect(await main(['keys', 'revoke', id, ...as(hub.apiKey)], out)).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^${id} {2}zapier +send,read +revoked \\S+Z`));
    await expect(main(['devices', ...as(key)], out)).rejects.toThrow(/SMSFLEET_ERR_UNAUTHORIZED/);
  });

  it('names the option of a bad value and an unknown key id', async () => {
    await expect(main(['keys', 'create', '--name', 'x', '--scopes', 'root', ...as(hub.apiKey)], out)).rejects.toThrow(
      /^SMSFLEET_ERR_VALIDATION: --scopes: \S/,
    );
    await expect(main(['keys', 'create', '--name', 'x', ...as(hub.apiKey)], out)).rejects.toThrow(
      'keys create needs --name and --scopes',
    );
    await expect(main(['keys', 'revoke', 'key_nope', ...as(hub.apiKey)], out)).rejects.toThrow(
      'no API key key_nope (see keys list)',
    );
    expect(await main(['keys', 'rotate', ...as(hub.apiKey)], out)).toBe(1);
    expect(lines[0]).toMatch(/^usage: smsfleet keys/);
  });
});
