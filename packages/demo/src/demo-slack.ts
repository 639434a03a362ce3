import type { Env } from '@smsfleet/hub';
import { createSlackApp, loadSlackConfig } from '@smsfleet/slack';
import type { Demo } from './demo';

/** The options `createSlackApp` takes (log level, a test's receiver settings). */
type SlackAppOptions = Parameters<typeof createSlackApp>[1];

/**
 * The demo with Slack: when `SLACK_BOT_TOKEN` is set, start the Slack app (`@smsfleet/slack`) next to the demo hub,
 * pointed at it with the demo's URL and API key. The rest of its settings come from the same environment
 * (`SLACK_SIGNING_SECRET` or Socket Mode's `SLACK_APP_TOKEN`, `SLACK_INBOUND_CHANNEL`, `PUBLIC_URL`, `PORT`).
 * Returns undefined when Slack is not configured.
 */
export async function startDemoSlack(
  demo: Demo,
  env: Env,
  opts?: SlackAppOptions,
): Promise<{ stop(): Promise<void> } | undefined> {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  const app = createSlackApp(loadSlackConfig({ ...env, SMSFLEET_URL: demo.url, SMSFLEET_API_KEY: demo.apiKey }), opts);
  await app.start();
  return app;
}
