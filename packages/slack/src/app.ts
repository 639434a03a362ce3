import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import { HubClient, withQuery } from '@smsfleet/client';
import type { SlackAppConfig } from './config';
import { HubEvents, type SlackMeta } from './hub-events';
import { checkHubKey } from './hub-check';
import { slackError, whyNotSent } from './hub-problem';
import { subscribeToHub } from './hub-subscription';
import { sendFromSlack } from './send-from-slack';
import { registerSendModal } from './send-modal';
import { SMS_USAGE, sendCommand } from './template-command';
import { ContactThreads } from './threads';
import { homeView } from './views';

type Obj = Record<string, unknown>;

/** A running Slack app: Bolt plus the hub webhook route, and the hub subscription it keeps. */
export interface SlackSmsApp {
  app: App;
  events: HubEvents;
  receiver: HTTPReceiver | SocketModeReceiver;
  /**
   * Check the hub key and its scopes, start listening and subscribe to the hub (reusing this app's subscription when it
   * exists).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Build the Slack app against a hub (standalone, or embedded next to the demo, `npm run demo`). */
export function createSlackApp(
  config: SlackAppConfig,
  opts: {
    logLevel?: LogLevel;
    logger?: Logger /** Check the bot token with auth.test at start (default true). */;
    verifyToken?: boolean;
  } = {},
): SlackSmsApp {
  const hub = new HubClient({ url: config.hubUrl, apiKey: config.hubApiKey });
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
    ? new SocketModeReceiver({
        appToken: config.appToken!,
        customRoutes,
        installerOptions: { port: config.port },
        // The app's logger for the receiver too, so its messages go where the app's go.
        ...(opts.logger ? { logger: opts.logger } : {}),
        ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
      })
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
  const events = new HubEvents({ client: app.client, threads, logger });
  routeHolder.handle = events.handle;
  const send = sendFromSlack({ app, hub });

  // Slack retries an event it thinks we missed (x-slack-retry-num); every instance shares one claim per event id.
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: string }).event_id;
    if (id && !(await hub.claim('slack-event', id, '1', 3600)).created) {
      logger.debug(`dropping Slack retry of ${id}`);
      return;
    }
    await next();
  });

  app.command('/sms', async ({ command, ack, respond }) => {
    const [to = '', ...rest] = command.text.trim().split(/\s+/);
    const body = command.text.trim().slice(to.length).trim();
    if (!to || !rest.length) {
      await ack({ response_type: 'ephemeral', text: SMS_USAGE });
      return;
    }
    await ack();
    try {
      const m = await sendCommand(hub, send, command.channel_id, to, body);
      logger.info(`sent ${m.id} to ${to} for ${command.user_id}`);
    } catch (e) {
      logger.error(`/sms from ${command.user_id} failed: ${whyNotSent(e)}`);
      await respond({ response_type: 'ephemeral', text: `:x: Could not send the text: ${whyNotSent(e)}` });
    }
  });

  registerSendModal({ app, hub, threads, inboundChannel: config.inboundChannel, logger, send });

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
      await hub.send(
        {
          to: owner.phone,
          body: m.text,
          metadata: metadata as unknown as Record<string, string>,
          ...(owner.deviceId ? { deviceId: owner.deviceId } : {}),
          ...(owner.sim ? { sim: owner.sim } : {}),
        },
        `slack:${m.channel}:${m.ts}`,
      );
      await app.client.reactions.add({ channel: m.channel, timestamp: m.ts, name: 'hourglass_flowing_sand' });
    } catch (e) {
      logger.error(`thread reply to ${owner.phone} failed: ${whyNotSent(e)}`);
      await app.client.chat
        .postEphemeral({
          channel: m.channel,
          user: m.user ?? '',
          thread_ts: m.thread_ts,
          text: `:x: Not texted: ${whyNotSent(e)}`,
        })
        .catch(() => undefined);
    }
  });

  app.event('app_home_opened', async ({ event }) => {
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const [metrics, devices] = await Promise.all([
      hub.call<Obj>('GET', withQuery('/v1/metrics', { since: midnight.toISOString() })),
      hub.devices(),
    ]);
    await app.client.views.publish({ user_id: event.user, view: homeView(metrics, devices as unknown as Obj[]) });
  });

  app.error(async (e) => {
    logger.error(`Slack handler failed: ${slackError(e)}`);
  });

  return {
    app,
    events,
    receiver,
    async start() {
      await checkHubKey(hub);
      await app.start();
      events.secret = await subscribeToHub(hub, `${config.publicUrl}${eventsPath}`);
    },
    async stop() {
      await app.stop();
    },
  };
}
