import type { App } from '@slack/bolt';
import type { HubClient, Message, TemplatedSendRequest } from '@smsfleet/client';
import type { SlackMeta } from './hub-events';
import { hubProblem } from './hub-problem';

/** Post a text's status message in `channel`, send the text, and tie the two together. */
export type SendFromSlack = (
  channel: string,
  to: string,
  body: string,
  /** Send options; with `templateId`, the hub fills that template (`body` is then only shown on the status message). */
  extra?: Partial<TemplatedSendRequest>,
  threadTs?: string,
) => Promise<Message>;

/**
 * The status message is posted first, so its `ts` can be the idempotency key (a retried command texts nobody twice)
 * and the place status events update. A refused send says why on that message, and throws.
 */
export function sendFromSlack(deps: { app: App; hub: HubClient }): SendFromSlack {
  const { app, hub } = deps;
  return async (channel, to, body, extra = {}, threadTs) => {
    const head = `:outbox_tray: To ${to}: ${body}`.slice(0, 400);
    const posted = await app.client.chat.postMessage({
      channel,
      text: `${head}\n:hourglass_flowing_sand: queued`,
      unfurl_links: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    const metadata: SlackMeta = { slackChannel: channel, slackTs: posted.ts!, slackKind: 'post', slackText: head };
    try {
      const sent = await hub.send(
        {
          ...extra,
          to,
          ...(extra.templateId ? {} : { body }),
          metadata: metadata as unknown as Record<string, string>,
        },
        `slack:${channel}:${posted.ts}`,
      );
      return sent.body;
    } catch (e) {
      await app.client.chat.update({ channel, ts: posted.ts!, text: `${head}\n:x: not sent: ${hubProblem(e)}` });
      throw e;
    }
  };
}
