import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import { normalizePhone } from '@smsfleet/core';
import type { SlackAppConfig } from './config';
import { HubClient, HubError } from './hub-client';
import { HubEvents, type SlackMeta } from './hub-events';
import { ContactThreads } from './threads';
import { countText, homeView, sendModal } from './views';

type Obj = Record<string, unknown>;
const EVENTS = ['message.status_changed', 'sms.received', 'link.clicked', 'contact.opted_out'];

/** The hub's field path (`body.to`, `body.body`) as the Slack user knows it: the number (`to`) and the `text`. */
function slackField(hubField: string): string {
  const f = hubField.replace(/^(?:body|query|params)\./, '');
  return f === 'body' ? 'text' : f;
}

/** What a Slack user sees when the hub refuses a send: its reason, naming the field. */
function hubProblem(e: unknown): string {
  if (e instanceof HubError)
    return `${e.message}${e.field ? ` (${slackField(e.field)}${e.reason ? `: ${e.reason}` : ''})` : ''} [${e.code}]`;
  return (e as Error).message ?? String(e);
}

/** The Slack error code of a failed Web API call (`channel_not_found`, `ratelimited`…). */
function slackError(e: unknown): string {
  const err = e as { data?: { error?: string }; code?: string; message?: string };
  return err.data?.error ?? err.code ?? err.message ?? String(e);
}

/** A running Slack app: Bolt plus the hub webhook route, and the hub subscription it keeps. */
export interface SlackSmsApp {
  app: App;
  events: HubEvents;
  receiver: HTTPReceiver | SocketModeReceiver;
  /** Start listening and subscribe to the hub (reusing this app's subscription when it exists). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Build the Slack app against a hub (standalone, or embedded next to `smsfleet demo`). */
export function createSlackApp(
  config: SlackAppConfig,
  opts: {
    logLevel?: LogLevel;
    logger?: Logger /** Check the bot token with auth.test at start (default true). */;
    verifyToken?: boolean;
  } = {},
): SlackSmsApp {
  const hub = new HubClient(config.hubUrl, config.hubApiKey);
  const eventsPath = '/smsfleet/events';
  const routeHolder: { handle?: HubEvents['handle'] } = {};
  const customRoutes = [
    {
      path: eventsPath,
      method: ['POST'],
      handler: (req: IncomingMessage, res: ServerResponse) => routeHolder.handle!(req, res),
    },
  ];
  const receiver = config.socketMode
    ? new SocketModeReceiver({ appToken: config.appToken!, customRoutes, installerOptions: { port: config.port } })
    : new HTTPReceiver({ signingSecret: config.signingSecret!, customRoutes, port: config.port });
  const app = new App({
    token: config.botToken,
    receiver,
    logLevel: opts.logLevel ?? LogLevel.INFO,
    tokenVerificationEnabled: opts.verifyToken ?? true,
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(config.slackApiUrl ? { clientOptions: { slackApiUrl: config.slackApiUrl } } : {}),
  });
  const logger = app.logger;
  const threads = new ContactThreads({ hub, client: app.client, channel: config.inboundChannel });
  const events = new HubEvents({ client: app.client, hub, threads, logger });
  routeHolder.handle = events.handle;

  // Slack retries an event it thinks we missed (x-slack-retry-num); every instance shares one claim per event id.
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: string }).event_id;
    if (id && !(await hub.claim('slack-event', id, '1', 3600)).created) {
      logger.debug(`dropping Slack retry of ${id}`);
      return;
    }
    await next();
  });

  /** Post the status message of a text in `channel`, send the text, and tie the two together. */
  async function sendFromSlack(
    channel: string,
    to: string,
    body: string,
    extra: Obj = {},
    threadTs?: string,
  ): Promise<{ id: string; status: string }> {
    const head = `:outbox_tray: To ${to}: ${body}`.slice(0, 400);
    const posted = await app.client.chat.postMessage({
      channel,
      text: `${head}\n:hourglass_flowing_sand: queued`,
      unfurl_links: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    const metadata: SlackMeta = { slackChannel: channel, slackTs: posted.ts!, slackKind: 'post', slackText: head };
    try {
      return await hub.call<{ id: string; status: string }>(
        'POST',
        '/v1/messages',
        { to, body, ...extra, metadata },
        { 'idempotency-key': `slack:${channel}:${posted.ts}` },
      );
    } catch (e) {
      await app.client.chat.update({ channel, ts: posted.ts!, text: `${head}\n:x: not sent: ${hubProblem(e)}` });
      throw e;
    }
  }

  app.command('/sms', async ({ command, ack, respond }) => {
    const [to = '', ...rest] = command.text.trim().split(/\s+/);
    const body = command.text.trim().slice(to.length).trim();
    if (!to || !rest.length) {
      await ack({ response_type: 'ephemeral', text: 'Usage: `/sms +14155550123 your message`' });
      return;
    }
    await ack();
    try {
      const m = await sendFromSlack(command.channel_id, to, body);
      logger.info(`sent ${m.id} to ${to} for ${command.user_id}`);
    } catch (e) {
      const why = e instanceof HubError ? hubProblem(e) : `Slack refused: ${slackError(e)}`;
      logger.error(`/sms from ${command.user_id} failed: ${why}`);
      await respond({ response_type: 'ephemeral', text: `:x: Could not send the text: ${why}` });
    }
  });

  async function openModal(
    triggerId: string,
    prefill: { text?: string; to?: string; channel?: string },
  ): Promise<void> {
    const devices = (await hub.call<{ items: Obj[] }>('GET', '/v1/devices')).items;
    await app.client.views.open({
      trigger_id: triggerId,
      view: sendModal({
        devices,
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
    const b = body as unknown as { view: { id: string; hash: string; blocks: Obj[] }; actions: { value?: string }[] };
    const text = b.actions[0]?.value ?? '';
    const blocks = b.view.blocks.map((blk) =>
      blk.block_id === 'count'
        ? { type: 'context', block_id: 'count', elements: [{ type: 'mrkdwn', text: countText(text) }] }
        : blk,
    );
    await app.client.views
      .update({ view_id: b.view.id, hash: b.view.hash, view: { ...(b.view as Obj), blocks } as never })
      .catch((e) => logger.warn(`count update: ${slackError(e)}`));
  });

  app.view('send_sms_modal', async ({ ack, view, body }) => {
    const v = view.state.values as Record<
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
    const to = (v.to?.v?.value ?? '').trim();
    const text = v.text?.v?.value ?? '';
    const errors: Record<string, string> = {};
    try {
      normalizePhone(to, { field: 'to' });
    } catch (e) {
      errors.to = `Not a phone number we can text: ${(e as { reason?: string }).reason ?? 'invalid'}. Use +country code.`;
    }
    if (!text.trim()) errors.text = 'Write a message.';
    const sendAt = v.when?.v?.selected_date_time;
    if (sendAt && sendAt * 1000 < Date.now()) errors.when = 'Pick a time in the future.';
    if (Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const extra: Obj = {
      ...(v.device?.v?.selected_option?.value ? { deviceId: v.device.v.selected_option.value } : {}),
      ...(v.sim?.v?.selected_option?.value ? { sim: Number(v.sim.v.selected_option.value) } : {}),
      ...(sendAt ? { sendAt: new Date(sendAt * 1000).toISOString() } : {}),
      ...(v.opts?.v?.selected_options?.some((o) => o.value === 'trackLinks') ? { trackLinks: true } : {}),
    };
    // Let the hub judge the rest (opted-out numbers, unknown devices) before the modal closes.
    try {
      const preview = await hub.call<{ warnings: { code: string; message: string }[] }>(
        'POST',
        '/v1/messages/preview',
        { to, body: text, ...extra },
      );
      const optedOut = preview.warnings.find((w) => w.code === 'SMSFLEET_ERR_OPTED_OUT');
      if (optedOut) {
        await ack({ response_action: 'errors', errors: { to: `${optedOut.message} [SMSFLEET_ERR_OPTED_OUT]` } });
        return;
      }
    } catch (e) {
      if (e instanceof HubError && e.status < 500) {
        const f = e.field ? slackField(e.field) : 'to';
        const block = f === 'text' ? 'text' : f.includes('device') ? 'device' : f.includes('sim') ? 'sim' : 'to';
        await ack({ response_action: 'errors', errors: { [block]: hubProblem(e) } });
        return;
      }
      throw e;
    }
    await ack();
    const channel = view.private_metadata
      ? (JSON.parse(view.private_metadata) as { channel?: string }).channel
      : undefined;
    try {
      const thread = channel ? undefined : await threads.threadFor({ phone: normalizePhone(to).e164 });
      await sendFromSlack(channel ?? config.inboundChannel, to, text, extra, thread);
    } catch (e) {
      const why = e instanceof HubError ? hubProblem(e) : `Slack refused: ${slackError(e)}`;
      logger.error(`modal send by ${body.user.id} failed: ${why}`);
      await app.client.chat
        .postMessage({ channel: body.user.id, text: `:x: Could not send the text to ${to}: ${why}` })
        .catch(() => undefined);
    }
  });

  // A reply in a contact's thread texts the contact back, from the SIM the conversation uses.
  app.message(async ({ message }) => {
    const m = message as {
      channel: string;
      ts: string;
      thread_ts?: string;
      text?: string;
      bot_id?: string;
      subtype?: string;
      user?: string;
    };
    if (m.channel !== config.inboundChannel || !m.thread_ts || m.thread_ts === m.ts || m.bot_id || m.subtype || !m.text)
      return;
    const owner = await threads.ownerOf(m.thread_ts);
    if (!owner) return;
    const metadata: SlackMeta = {
      slackChannel: m.channel,
      slackTs: m.ts,
      slackKind: 'reply',
      slackThread: m.thread_ts,
    };
    try {
      await hub.call(
        'POST',
        '/v1/messages',
        {
          to: owner.phone,
          body: m.text,
          metadata,
          ...(owner.deviceId ? { deviceId: owner.deviceId } : {}),
          ...(owner.sim ? { sim: owner.sim } : {}),
        },
        { 'idempotency-key': `slack:${m.channel}:${m.ts}` },
      );
      await app.client.reactions.add({ channel: m.channel, timestamp: m.ts, name: 'hourglass_flowing_sand' });
    } catch (e) {
      const why = e instanceof HubError ? hubProblem(e) : `Slack refused: ${slackError(e)}`;
      logger.error(`thread reply to ${owner.phone} failed: ${why}`);
      await app.client.chat
        .postEphemeral({
          channel: m.channel,
          user: m.user ?? '',
          thread_ts: m.thread_ts,
          text: `:x: Not texted: ${why}`,
        })
        .catch(() => undefined);
    }
  });

  app.event('app_home_opened', async ({ event }) => {
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const [metrics, devices] = await Promise.all([
      hub.call<Obj>('GET', `/v1/metrics?since=${encodeURIComponent(midnight.toISOString())}`),
      hub.call<{ items: Obj[] }>('GET', '/v1/devices'),
    ]);
    await app.client.views.publish({ user_id: event.user, view: homeView(metrics, devices.items) });
  });

  app.error(async (e) => {
    logger.error(`Slack handler failed: ${slackError(e)}`);
  });

  /** Subscribe to the hub once per app URL; every instance and restart reuses it (kept in a hub binding). */
  async function subscribe(): Promise<void> {
    const url = `${config.publicUrl}${eventsPath}`;
    const key = Buffer.from(url).toString('base64url').slice(0, 180);
    const known = await hub.binding('slack-app', key);
    if (known) {
      const s = JSON.parse(known) as { id: string; secret: string };
      try {
        await hub.call('GET', `/v1/webhooks/${s.id}`);
        events.secret = s.secret;
        return;
      } catch (e) {
        if (!(e instanceof HubError && e.status === 404)) throw e;
      }
    }
    const sub = await hub.call<{ id: string; secret: string }>('POST', '/v1/webhooks', {
      url,
      events: EVENTS,
      description: 'Slack app',
    });
    const claim = await hub.claim(
      'slack-app',
      known ? `${key}.${sub.id}` : key,
      JSON.stringify({ id: sub.id, secret: sub.secret }),
    );
    if (!claim.created) {
      await hub.call('DELETE', `/v1/webhooks/${sub.id}`).catch(() => undefined);
      events.secret = (JSON.parse(claim.value) as { secret: string }).secret;
      return;
    }
    events.secret = sub.secret;
  }

  return {
    app,
    events,
    receiver,
    async start() {
      await app.start();
      await subscribe();
    },
    async stop() {
      await app.stop();
    },
  };
}
