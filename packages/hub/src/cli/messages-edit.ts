import { parseArgs } from 'node:util';
import { type HubClient, HubError } from '@smsfleet/client';
import { wholeNumber } from './client';

/** Usage of `smsfleet messages edit`. */
export const MESSAGES_EDIT_USAGE =
  'messages    edit MESSAGE_ID [--body TEXT] [--send-at TIME] [--device ID] [--sim N]   before hand-over';

/** The hub's names for what `messages edit` passes, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'body.body': '--body',
  'body.sendAt': '--send-at',
  'body.deviceId': '--device',
  'body.sim': '--sim',
  'params.id': 'MESSAGE_ID',
};

/**
 * `smsfleet messages edit MESSAGE_ID --body/--send-at/--device/--sim`: change a message that has not been handed over
 * (`PATCH /v1/messages/:id`). `client` makes the hub client from `--url`/`--key`. Returns the exit code.
 */
export async function messagesEditCommand(
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
      body: { type: 'string' },
      'send-at': { type: 'string' },
      device: { type: 'string' },
      sim: { type: 'string' },
    },
  });
  const [id, ...extra] = positionals;
  if (!id || extra.length)
    throw new Error(`messages edit needs one MESSAGE_ID\nusage: smsfleet ${MESSAGES_EDIT_USAGE}`);
  let sendAt: string | undefined;
  if (v['send-at'] !== undefined) {
    const t = v['send-at'] === 'now' ? Date.now() : Date.parse(v['send-at']);
    if (!Number.isFinite(t))
      throw new Error(`--send-at must be "now" or a time such as 2027-01-01T09:00:00Z (got "${v['send-at']}")`);
    sendAt = new Date(t).toISOString();
  }
  try {
    const m = await client(v).updateMessage(id, {
      ...(v.body !== undefined ? { body: v.body } : {}),
      ...(sendAt ? { sendAt } : {}),
      ...(v.device ? { deviceId: v.device } : {}),
      ...(v.sim ? { sim: wholeNumber(v.sim, '--sim') } : {}),
    });
    const when = m.sendAt ? ` at ${m.sendAt}` : '';
    out(`${m.id} ${m.status}${when} (${m.segments} segment${m.segments === 1 ? '' : 's'}, ${m.encoding})`);
    return 0;
  } catch (e) {
    throw e instanceof HubError ? new Error(e.describe(FLAGS)) : e;
  }
}
