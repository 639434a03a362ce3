import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { READY_SCORE_LUA } from '../queue/ready-score';
import { LuaScript } from './lua';

/**
 * The folder of the `.lua` files. tsc does not copy them, so both the sources (`src/store/redis`, under jest) and
 * the build (`dist/store/redis`, at the same depth) read them from `src/store/redis/lua`, which the package ships
 * (see `files` in package.json).
 */
export const LUA_DIR = path.resolve(__dirname, '../../../src/store/redis/lua');

/** Includes made from TypeScript, so a formula both adapters use is written once (`queue/ready-score.ts`). */
const GENERATED: Readonly<Record<string, string>> = { 'includes/ready-score': READY_SCORE_LUA };

const INCLUDE = /^--- @include "([^"]+)"\s*$/;

/** A script's documented inputs: the KEYS and ARGV lines of its header comment. */
export interface LuaHeader {
  /** Indexes of the `KEYS[i]` lines, in order; a `KEYS[i..n]` line counts as `i` and sets `variadic`. */
  keys: number[];
  variadic: boolean;
  argv: number;
}

/** Read the `--[[ ... ]]` header of a script (bullmq's layout): which KEYS and ARGV it documents. */
export function parseHeader(source: string): LuaHeader {
  const m = /^--\[\[([\s\S]*?)\]\]/.exec(source);
  if (!m) throw new Error('a Lua script must start with a --[[ ... ]] header listing its KEYS and ARGV');
  const keys: number[] = [];
  let variadic = false;
  let argv = 0;
  for (const line of m[1]!.split('\n')) {
    const k = /^\s*KEYS\[(\d+)(\.\.n)?\]/.exec(line);
    if (k) {
      keys.push(Number(k[1]));
      variadic ||= k[2] !== undefined;
    }
    if (/^\s*ARGV\[\d+/.test(line)) argv++;
  }
  return { keys, variadic, argv };
}

/**
 * The source of `file` (relative to {@link LUA_DIR}, without `.lua`) with every `--- @include "x"` line replaced by
 * the included file (relative to the including file), each include at most once per script.
 */
export function assemble(file: string, seen: Set<string> = new Set()): string {
  const generated = GENERATED[file];
  const text = generated ?? readFileSync(path.join(LUA_DIR, `${file}.lua`), 'utf8');
  return text
    .split('\n')
    .map((line) => {
      const m = INCLUDE.exec(line);
      if (!m) return line;
      const target = path.posix.join(path.posix.dirname(file), m[1]!);
      if (seen.has(target)) return '';
      seen.add(target);
      return assemble(target, seen).replace(/\n$/, '');
    })
    .join('\n');
}

/** The script names in {@link LUA_DIR} (includes excluded), e.g. `claim-6`. */
export function scriptFiles(): string[] {
  return readdirSync(LUA_DIR)
    .filter((f) => f.endsWith('.lua'))
    .map((f) => f.slice(0, -'.lua'.length))
    .sort();
}

/** The number of keys a script's file name declares: `claim-6` → 6, `purge-record-n` → 'n'. */
export function declaredKeys(file: string): number | 'n' {
  const m = /-(\d+|n)$/.exec(file);
  if (!m) throw new Error(`Lua script ${file}: the name must end in -<number of keys> or -n`);
  return m[1] === 'n' ? 'n' : Number(m[1]);
}

/** Load `lua/<file>.lua` (e.g. `claim-6`) as a script named `name`, with its includes. */
export function loadScript(name: string, file: string): LuaScript {
  return new LuaScript(name, assemble(file), declaredKeys(file));
}
