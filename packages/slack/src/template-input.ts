import type { HubClient, Template } from '@smsfleet/client';

/** `name=value` pairs: a value runs to the next ` name=` (so it may hold spaces), or to the end of its line. */
const PAIR = /([A-Za-z_][\w-]{0,63})\s*[=:]\s*(.*?)(?=\s+[A-Za-z_][\w-]{0,63}\s*[=:]|\n|$)/g;

/** Merge values written as `first=Ada order=A-1`, or one `name: value` per line (the modal). */
export function parseVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(PAIR)) vars[m[1]!] = m[2]!.trim();
  return vars;
}

/**
 * `/sms +14155550123 template=<id or name> first=Ada order=A-1`: the template named and its merge values, or
 * undefined when the command's text is a plain message.
 */
export function templateCommand(text: string): { ref: string; vars: Record<string, string> } | undefined {
  const m = /^template=(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return m ? { ref: m[1]!, vars: parseVars(m[2]!) } : undefined;
}

/** The template `ref` names: its id, or its name (case-insensitive, `-` or `_` for spaces). */
export async function findTemplate(hub: HubClient, ref: string): Promise<Template | undefined> {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '-');
  const all = await hub.templates();
  return all.find((t) => t.id === ref) ?? all.find((t) => norm(t.name) === norm(ref));
}
