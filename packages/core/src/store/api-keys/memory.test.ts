import { MemoryApiKeys } from './memory';
import type { ApiKeyRecord } from './port';

const hash = 'a'.repeat(64);
const key: ApiKeyRecord = {
  id: 'key_01',
  name: 'ci',
  hash,
  createdAt: '2026-01-01T00:00:00.000Z',
  scopes: ['send'],
};

describe('MemoryApiKeys.byHash (parsed records kept between reads)', () => {
  it('gives each caller its own copy', async () => {
    const keys = new MemoryApiKeys();
    await keys.put(key);
    const a = (await keys.byHash(hash))!;
    a.scopes!.push('admin');
    a.name = 'changed';
    expect(await keys.byHash(hash)).toEqual(key);
  });

  it('sees every write: a revoke, a use and a replaced record', async () => {
    const keys = new MemoryApiKeys();
    await keys.put(key);
    await keys.byHash(hash);
    await keys.revoke(key.id, new Date('2026-01-02T00:00:00.000Z'));
    expect((await keys.byHash(hash))?.revokedAt).toBe('2026-01-02T00:00:00.000Z');
    await keys.touch(key.id, new Date('2026-01-03T00:00:00.000Z'));
    expect((await keys.byHash(hash))?.lastUsedAt).toBe('2026-01-03T00:00:00.000Z');
    await keys.put({ ...key, name: 'renamed' });
    expect((await keys.byHash(hash))?.name).toBe('renamed');
    await keys.put({ ...key, hash: 'b'.repeat(64) });
    expect(await keys.byHash(hash)).toBeUndefined();
  });
});
