import { parseArgs } from 'node:util';
import { type ApiKeyScope, type ApiKeyView, type HubClient, HubError } from '@smsfleet/client';

/** Usage of `smsfleet keys`. */
export const KEYS_USAGE = `usage: smsfleet keys <create|list|revoke> [options]   (needs an admin key)
  keys create --name NAME --scopes send,read[,webhooks,devices,admin] [--expires 2027-01-01T00:00:00Z]
  keys list
  keys revoke KEY_ID`;

/** The hub's names for what `keys create` passes, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'body.name': '--name',
  'body.scopes': '--scopes',
  'body.expiresAt': '--expires',
  'params.id': 'KEY_ID',
};

/** One line of `keys list`: id, name, scopes, and its dates (never the key). */
export function keyLine(k: ApiKeyView): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt ? `expires ${k.expiresAt}` : 'no expiry';
  const used = k.lastUsedAt ? `used ${k.lastUsedAt}` : 'never used';
  return `${k.id}  ${k.name.padEnd(20)} ${k.scopes.join(',').padEnd(24)} ${state}  ${used}`;
}

/** Validate `--expires`: an ISO time, sent as ISO. */
function isoTime(text: string): string {
  const t = Date.parse(text);
  if (!Number.isFinite(t))
    throw new Error(`--expires must be a date and time such as 2027-01-01T00:00:00Z (got "${text}")`);
  return new Date(t).toISOString();
}

/**
 * `smsfleet keys create|list|revoke`: manage API keys through a running hub (`/v1/keys`, admin scope). `client`
 * makes the hub client from the parsed `--url`/`--key` options. Returns the exit code.
 */
export async function keysCommand(
  args: string[],
  out: (s: string) => void,
  client: (v: Record<string, unknown>) => HubClient,
): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  const [sub, id] = positionals;
  try {
    switch (sub) {
      case 'create': {
        if (!v.name || !v.scopes) throw new Error(`keys create needs --name and --scopes\n${KEYS_USAGE}`);
        const scopes = v.scopes.split(',').map((s) => s.trim()) as ApiKeyScope[];
        const k = await client(v).createKey({
          name: v.name,
          scopes,
          ...(v.expires ? { expiresAt: isoTime(v.expires) } : {}),
        });
        out(keyLine(k));
        out(`API key (shown once, store it now): ${k.key}`);
        return 0;
      }
      case 'list': {
        for (const k of await client(v).keys()) out(keyLine(k));
        return 0;
      }
      case 'revoke': {
        if (!id) throw new Error(`keys revoke needs the key's id (see keys list)\n${KEYS_USAGE}`);
        const k = await client(v).revokeKey(id);
        if (!k) throw new Error(`no API key ${id} (see keys list)`);
        out(keyLine(k));
        return 0;
      }
      default:
        out(KEYS_USAGE);
        return sub === undefined || sub === 'help' ? 0 : 1;
    }
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    throw new Error(e.missingScopeHelp() ?? e.describe(FLAGS));
  }
}
