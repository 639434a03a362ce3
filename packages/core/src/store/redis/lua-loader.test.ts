import { existsSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { readyScore } from '../queue/ready-score';
import { LuaScript } from './lua';
import { assemble, declaredKeys, LUA_DIR, parseHeader, scriptFiles } from './lua-loader';
import { QUEUE_SCRIPTS, SCRIPTS } from './scripts';
import { requireRedisUrl } from './test-support';

const files = scriptFiles();

describe('Lua loader', () => {
  it('finds the scripts folder from src, and from dist at the same depth', () => {
    expect(files.length).toBeGreaterThanOrEqual(23);
    const dist = path.resolve(__dirname, '../../../dist/store/redis');
    expect(path.resolve(dist, '../../../src/store/redis/lua')).toBe(LUA_DIR);
    expect(existsSync(path.join(LUA_DIR, 'includes'))).toBe(true);
  });

  it('loads every file once, under the names the adapters use', () => {
    const loaded = [...Object.values(SCRIPTS), ...Object.values(QUEUE_SCRIPTS)];
    expect(loaded.length).toBe(files.length);
    expect(new Set(loaded.map((s) => s.source)).size).toBe(files.length);
  });

  it.each(files)('%s: its header lists the keys its name declares, and its body uses no other', (file) => {
    const source = assemble(file);
    const header = parseHeader(source);
    const n = declaredKeys(file);
    if (n === 'n') {
      expect(header.variadic).toBe(true);
    } else {
      expect(header.variadic).toBe(false);
      expect(header.keys).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      const used = [...source.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
      expect(Math.max(...used)).toBeLessThanOrEqual(n);
    }
    expect(header.argv).toBeGreaterThanOrEqual(file.startsWith('next-due-at') ? 0 : 1);
  });

  it.each(files)('%s: every include resolves (none left, each at most once)', (file) => {
    const source = assemble(file);
    expect(source).not.toMatch(/@include/);
    for (const fn of ['fmt', 'meta', 'unplace', 'readyScore']) {
      expect(source.split(`local function ${fn}(`).length).toBeLessThanOrEqual(2);
    }
  });

  it('names an include that does not exist', () => {
    expect(() => assemble('includes/none')).toThrow(/none\.lua/);
  });

  it('refuses a call with another number of keys than the script declares', async () => {
    const s = new LuaScript('probe', 'return 1', 2);
    await expect(s.run({} as never, ['a'], [])).rejects.toThrow(/takes 2 keys, got 1/);
  });
});

describe('ready score', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(requireRedisUrl());
  });
  afterAll(() => redis.quit());

  it('is the same in Lua (the generated include) as in TypeScript', async () => {
    const call = "return string.format('%.0f', readyScore(tonumber(ARGV[1]), tonumber(ARGV[2])))";
    const lua = `${assemble('includes/ready-score')}\n${call}`;
    for (const [p, due] of [
      [127, 0],
      [-128, 2 ** 42 - 1],
      [0, 1_765_000_000_000],
      [5, 123],
    ] as const) {
      expect(Number(await redis.eval(lua, 0, p, due))).toBe(readyScore(p, due));
    }
  });
});
