#!/usr/bin/env node
/** `smsfleet-slack`: run the Slack app standalone against a hub (configuration from the environment). */
import { createSlackApp } from './app';
import { loadSlackConfig, SlackConfigError } from './config';

async function main(): Promise<void> {
  const config = loadSlackConfig(process.env);
  const s = createSlackApp(config);
  await s.start();
  const mode = config.socketMode ? 'Socket Mode' : `HTTP on port ${config.port}`;
  process.stdout.write(`smsfleet Slack app running (${mode}); hub events at ${config.publicUrl}/smsfleet/events\n`);
  const stop = () => {
    void s.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const detail =
    e instanceof SlackConfigError
      ? `${e.message}\n${e.issues.map((i) => `  ${i.field}: ${i.reason}`).join('\n')}`
      : (e as Error).message;
  process.stderr.write(`smsfleet-slack: ${detail}\n`);
  process.exit(1);
});
