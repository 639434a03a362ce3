import { QUEUE_SCRIPTS, SCRIPTS } from '../store/redis/scripts';

/** The Redis store's Lua scripts by SHA1 (what EVALSHA names), so a bench can say which script a round trip ran. */
export function luaScriptNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of [...Object.values(SCRIPTS), ...Object.values(QUEUE_SCRIPTS)]) out.set(s.sha, s.name);
  return out;
}
