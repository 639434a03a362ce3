import { createHmac } from 'node:crypto';
import { LogLevel, type Logger } from '@slack/bolt';
import { freePort, type SimHub as Demo, startSimHub } from './sim-hub';
import { createSlackApp, type SlackSmsApp } from '../app';
import { loadSlackConfig } from '../config';
import { fakeSlack } from './fake-slack';

export const SECRET = 'slack-signing-secret-for-tests';
export const CHANNEL = 'CINBOUND1';
export const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};

/** Wait for `fn` to give a value (an event), with a generous safety limit. */
export async function until<T>(what: string, fn: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Slack app's environment against `demo` and the fake Slack at `slackUrl`, listening on `port`. */
export function slackEnv(demo: Demo, slackUrl: string, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_INBOUND_CHANNEL: CHANNEL,
    SLACK_API_URL: `${slackUrl}/api/`,
    SMSFLEET_URL: demo.url,
    SMSFLEET_API_KEY: demo.apiKey,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
  };
}

/**
 * The Slack app running for real: a demo hub with simulated phones, a fake Slack Web API, and Bolt on a free port,
 * with helpers that send it signed Slack requests (slash commands, interactions, events).
 */
export async function startSlackRig(seed: number) {
  const demo = await startSimHub({ seed, timing: FAST });
  const slack = await fakeSlack();
  const port = await freePort();
  const logged: string[] = [];
  const log = (...m: unknown[]) => {
    logged.push(m.join(' '));
  };
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: log,
    error: log,
    setLevel: () => {},
    getLevel: () => LogLevel.ERROR,
    setName: () => {},
  };
  const s: SlackSmsApp = createSlackApp(loadSlackConfig(slackEnv(demo, slack.url, port)), {
    logger,
    logLevel: LogLevel.ERROR,
  });
  await s.start();

  const signed = (body: string, contentType: string, opts: { ts?: number; secret?: string; retry?: string } = {}) => {
    const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
    const sig = `v0=${createHmac('sha256', opts.secret ?? SECRET)
      .update(`v0:${ts}:${body}`)
      .digest('hex')}`;
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': sig,
        ...(opts.retry ? { 'x-slack-retry-num': opts.retry } : {}),
      },
    });
  };
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const eventBody = (ev: object, id: string) =>
    JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: id,
      event_time: 1,
      event: ev,
    });
  return {
    demo,
    slack,
    s,
    port,
    logged,
    logger,
    signed,
    form,
    eventBody,
    slash: (text: string, channel = 'CGENERAL') =>
      signed(
        form({
          token: 'x',
          team_id: 'T1',
          channel_id: channel,
          user_id: 'U1',
          command: '/sms',
          text,
          response_url: `${slack.url}/api/response/1`,
          trigger_id: 't1',
        }),
        'application/x-www-form-urlencoded',
      ),
    interaction: (payload: object) =>
      signed(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded'),
    event: (ev: object, id = `Ev${Math.random().toString(36).slice(2)}`) =>
      signed(eventBody(ev, id), 'application/json'),
    calls: (method: string) => slack.calls.filter((c) => c.method === method),
    hubGet: async (path: string) =>
      (await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.apiKey}` } })).json() as Promise<
        Record<string, unknown>
      >,
    async close() {
      await s.stop();
      await slack.close();
      await demo.close();
    },
  };
}

/** A running {@link startSlackRig}. */
export type SlackRig = Awaited<ReturnType<typeof startSlackRig>>;
