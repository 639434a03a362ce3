import type { App, Logger } from '@slack/bolt';
import { HubError, type HubClient, type SendPreview, type TemplatedSendRequest } from '@smsfleet/client';
import { modalBlock, slackError, whyNotSent } from './hub-problem';
import { liveCount } from './live-count';
import type { SendFromSlack } from './send-from-slack';
import type { ContactThreads } from './threads';
import { parseVars } from './template-input';
import { sendModal } from './views';

type Obj = Record<string, unknown>;
type Values = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_date_time?: number | null;
      selected_options?: { value: string }[];
    }
  >
>;

/** What the Send SMS modal needs from the app. */
export interface SendModalDeps {
  app: App;
  hub: HubClient;
  threads: ContactThreads;
  inboundChannel: string;
  logger: Logger;
  send: SendFromSlack;
  /** The current time in ms (a parameter, for the "in the past" check). */
  now?: () => number;
}

/** The modal's field errors for a refused preview: each field the hub names, on its block. */
function fieldErrors(e: HubError, text: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of e.issues.length ? e.issues : [{ field: 'body.to', reason: e.hubMessage }]) {
    const block = modalBlock(issue);
    errors[block] ??=
      block === 'to'
        ? `Not a phone number we can text: ${issue.reason}. Use +country code. [${e.code}]`
        : block === 'text' && !text.trim()
          ? 'Write a message.'
          : `${issue.reason} [${e.code}]`;
  }
  return errors;
}

/**
 * The Send SMS modal: the shortcuts open it with the hub's devices; typing updates the live count (the hub counts);
 * a submission is judged by the hub's own preview (its default region, opt-outs, devices) before the modal closes.
 */
export function registerSendModal(deps: SendModalDeps): void {
  const { app, hub, threads, logger } = deps;
  const now = deps.now ?? Date.now;

  async function openModal(triggerId: string, prefill: { text?: string; to?: string; channel?: string }) {
    const [devices, templates, count] = await Promise.all([
      hub.devices(),
      hub.templates(),
      liveCount(hub, prefill.text ?? '', prefill.to),
    ]);
    await app.client.views.open({
      trigger_id: triggerId,
      view: sendModal({
        devices: devices as unknown as Obj[],
        templates: templates as unknown as Obj[],
        count,
        ...prefill,
        ...(prefill.channel ? { privateMetadata: JSON.stringify({ channel: prefill.channel }) } : {}),
      }),
    });
  }

  app.shortcut('send_sms', async ({ ack, shortcut }) => {
    await ack();
    await openModal(shortcut.trigger_id, {});
  });
  app.shortcut('text_this', async ({ ack, shortcut }) => {
    await ack();
    const s = shortcut as unknown as { trigger_id: string; message?: { text?: string }; channel?: { id?: string } };
    await openModal(s.trigger_id, { text: s.message?.text ?? '', ...(s.channel?.id ? { channel: s.channel.id } : {}) });
  });

  // Live count: every keystroke in the text field updates the context line under it.
  app.action({ block_id: 'text', action_id: 'v' }, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as {
      view: { id: string; hash: string; blocks: Obj[]; state?: { values?: Values } };
      actions: { value?: string }[];
    };
    const count = await liveCount(hub, b.actions[0]?.value ?? '', b.view.state?.values?.to?.v?.value ?? undefined);
    const blocks = b.view.blocks.map((blk) =>
      blk.block_id === 'count'
        ? { type: 'context', block_id: 'count', elements: [{ type: 'mrkdwn', text: count }] }
        : blk,
    );
    await app.client.views
      .update({ view_id: b.view.id, hash: b.view.hash, view: { ...(b.view as Obj), blocks } as never })
      .catch((e) => logger.warn(`count update: ${slackError(e)}`));
  });

  app.view('send_sms_modal', async ({ ack, view, body }) => {
    const v = view.state.values as Values;
    const to = (v.to?.v?.value ?? '').trim();
    const text = v.text?.v?.value ?? '';
    const sendAt = v.when?.v?.selected_date_time;
    const templateId = v.template?.v?.selected_option?.value;
    const content = templateId ? { templateId, vars: parseVars(v.vars?.v?.value ?? '') } : { body: text };
    const extra: Partial<TemplatedSendRequest> = {
      ...(v.device?.v?.selected_option?.value ? { deviceId: v.device.v.selected_option.value } : {}),
      ...(v.sim?.v?.selected_option?.value ? { sim: Number(v.sim.v.selected_option.value) } : {}),
      ...(sendAt ? { sendAt: new Date(sendAt * 1000).toISOString() } : {}),
      ...(v.opts?.v?.selected_options?.some((o) => o.value === 'trackLinks') ? { trackLinks: true } : {}),
    };
    const errors: Record<string, string> = {};
    if (sendAt && sendAt * 1000 < now()) errors.when = 'Pick a time in the future.';
    if (!text.trim() && !templateId) errors.text = 'Write a message.';
    // The hub judges the rest as a send would (the number in its region, opted-out contacts, unknown devices).
    let preview: SendPreview | undefined;
    try {
      preview = await hub.preview({ ...extra, to, ...content });
      const optedOut = preview.warnings.find((w) => w.code === 'SMSFLEET_ERR_OPTED_OUT');
      if (optedOut) errors.to = `${optedOut.message} [SMSFLEET_ERR_OPTED_OUT]`;
    } catch (e) {
      if (!(e instanceof HubError && e.status < 500)) throw e;
      Object.assign(errors, { ...fieldErrors(e, text), ...errors });
    }
    if (Object.keys(errors).length || !preview) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const channel = view.private_metadata
      ? (JSON.parse(view.private_metadata) as { channel?: string }).channel
      : undefined;
    try {
      const thread = channel ? undefined : await threads.threadFor({ phone: preview.to });
      await deps.send(
        channel ?? deps.inboundChannel,
        to,
        templateId ? preview.body : text,
        { ...extra, ...content },
        thread,
      );
    } catch (e) {
      logger.error(`modal send by ${body.user.id} failed: ${whyNotSent(e)}`);
      await app.client.chat
        .postMessage({ channel: body.user.id, text: `:x: Could not send the text to ${to}: ${whyNotSent(e)}` })
        .catch(() => undefined);
    }
  });
}
