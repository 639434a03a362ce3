import { parseArgs } from 'node:util';
import { type HubClient, HubError } from '@smsfleet/client';

/** Usage lines of `smsfleet webhooks`. */
export const WEBHOOKS_USAGE = `  webhooks    list                              subscriptions, disabled or failing
  webhooks    enable SUBSCRIPTION               re-enable a subscription disabled for failing
  webhooks    replay SUBSCRIPTION --delivery ID | [--from T] [--to T] [--all]
                                                 resend with the original webhook-id (default: dead ones)`;

/** The hub's names for what `webhooks replay` passes, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'params.id': 'SUBSCRIPTION',
  'body.deliveryId': '--delivery',
  'body.from': '--from',
  'body.to': '--to',
  'body.onlyDead': '--all',
};

interface Sub {
  id: string;
  url: string;
  failing: boolean;
  consecutiveFailures: number;
  disabledAt?: string;
  disabledReason?: string;
}

/** `--from`/`--to` as ISO timestamps; a bare date is its midnight UTC. */
function when(text: string, flag: string): string {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) throw new Error(`${flag} must be a date or ISO time (got "${text}")`);
  return new Date(t).toISOString();
}

/**
 * `smsfleet webhooks list|enable|replay …` (`args` after `webhooks`); `connect` builds the client from --url/--key.
 * Returns the exit code.
 */
export async function webhooksCommand(
  args: string[],
  connect: (v: { url?: string; key?: string }) => HubClient,
  out: (s: string) => void,
): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      delivery: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  const [sub, id] = positionals;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    try {
      return await connect(v).call<T>(method, path, body);
    } catch (e) {
      throw e instanceof HubError ? new Error(e.describe(FLAGS)) : e;
    }
  };
  if (sub === 'list') {
    for (const s of (await call<{ items: Sub[] }>('GET', '/v1/webhooks')).items) {
      const state = s.disabledAt
        ? `disabled since ${s.disabledAt}: ${s.disabledReason ?? ''}`
        : s.failing
          ? `failing (${s.consecutiveFailures} in a row)`
          : 'ok';
      out(`${s.id}  ${s.url}  ${state}`);
    }
    return 0;
  }
  if ((sub !== 'enable' && sub !== 'replay') || !id) {
    out(`usage:\n${WEBHOOKS_USAGE}`);
    return 1;
  }
  const path = `/v1/webhooks/${encodeURIComponent(id)}`;
  if (sub === 'enable') {
    const s = await call<Sub>('POST', `${path}/enable`);
    out(`${s.id} enabled (${s.url}); replay what it missed: smsfleet webhooks replay ${s.id}`);
    return 0;
  }
  if (v.delivery && (v.from || v.to || v.all)) throw new Error('--delivery goes alone, without --from, --to or --all');
  const body = v.delivery
    ? { deliveryId: v.delivery }
    : {
        ...(v.from ? { from: when(v.from, '--from') } : {}),
        ...(v.to ? { to: when(v.to, '--to') } : {}),
        ...(v.all ? { onlyDead: false } : {}),
      };
  const r = await call<{ queued: number; alreadyQueued: number; eventIds: string[] }>('POST', `${path}/replay`, body);
  const already = r.alreadyQueued ? `, ${r.alreadyQueued} already queued` : '';
  out(`${r.queued} queued${already} (${r.eventIds.length} event${r.eventIds.length === 1 ? '' : 's'} selected)`);
  for (const e of r.eventIds) out(`  ${e}`);
  return 0;
}
