import type { Env } from '../config';
import type { Demo } from './demo';

/** The part of `@smsfleet/slack` the demo uses (loaded at run time: the hub does not depend on the Slack app). */
interface SlackModule {
  loadSlackConfig(env: Env): unknown;
  createSlackApp(config: unknown, opts?: object): { start(): Promise<void>; stop(): Promise<void> };
}

/**
 * `smsfleet demo` with Slack: when `SLACK_BOT_TOKEN` is set, start the Slack app (`@smsfleet/slack`) next to the demo
 * hub, pointed at it with the demo's URL and API key. The rest of its settings come from the same environment
 * (`SLACK_SIGNING_SECRET` or Socket Mode's `SLACK_APP_TOKEN`, `SLACK_INBOUND_CHANNEL`, `PUBLIC_URL`, `PORT`).
 * Returns undefined when Slack is not configured.
 */
export async function startDemoSlack(
  demo: Demo,
  env: Env,
  opts: object = {},
): Promise<{ stop(): Promise<void> } | undefined> {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  let slack: SlackModule;
  try {
    slack = require('@smsfleet/slack') as SlackModule;
  } catch {
    throw new Error('SLACK_BOT_TOKEN is set but @smsfleet/slack is not installed (npm install @smsfleet/slack)');
  }
  const app = slack.createSlackApp(
    slack.loadSlackConfig({ ...env, SMSFLEET_URL: demo.url, SMSFLEET_API_KEY: demo.apiKey }),
    opts,
  );
  await app.start();
  return app;
}
