import type { HubClient, Message } from '@smsfleet/client';
import type { SendFromSlack } from './send-from-slack';
import { findTemplate, templateCommand } from './template-input';

/** What `/sms` says when it cannot read its text. */
export const SMS_USAGE =
  'Usage: `/sms +14155550123 your message`, or with a template: `/sms +14155550123 template=<name or id> ' +
  'first=Ada order=A-1`';

/**
 * `/sms TO TEXT`: a plain text, or `template=<name or id>` with `name=value` merge values. A template is previewed by
 * the hub first (so a missing field is refused before anything is posted) and its filled text shown on the status
 * message; the send itself names the template, so the hub fills it as it would any send.
 */
export async function sendCommand(
  hub: HubClient,
  send: SendFromSlack,
  channel: string,
  to: string,
  text: string,
): Promise<Message> {
  const t = templateCommand(text);
  if (!t) return send(channel, to, text);
  // An unknown name goes to the hub as an id, which refuses it naming `templateId`.
  const templateId = (await findTemplate(hub, t.ref))?.id ?? t.ref;
  const preview = await hub.preview({ to, templateId, vars: t.vars });
  return send(channel, to, preview.body, { templateId, vars: t.vars });
}
