import { type Logger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { createSlackApp } from './app';
import { loadSlackConfig, type SlackConfigError } from './config';

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

describe('Slack app configuration', () => {
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_INBOUND_CHANNEL: 'C123',
    SMSFLEET_URL: 'http://127.0.0.1:8080',
    SMSFLEET_API_KEY: 'sf_live_x',
    PUBLIC_URL: 'https://slack.example.com',
  };
  it('reports every problem at once, naming the variable', () => {
    let err: SlackConfigError | undefined;
    try {
      loadSlackConfig({ SLACK_BOT_TOKEN: 'nope', SMSFLEET_URL: 'ftp://x' });
    } catch (e) {
      err = e as SlackConfigError;
    }
    expect(err?.issues.map((i) => i.field).sort()).toEqual(
      [
        'PUBLIC_URL',
        'SLACK_BOT_TOKEN',
        'SLACK_INBOUND_CHANNEL',
        'SLACK_SIGNING_SECRET',
        'SMSFLEET_API_KEY',
        'SMSFLEET_URL',
      ].sort(),
    );
    expect(Object.isFrozen(loadSlackConfig({ ...base, SLACK_SIGNING_SECRET: 'abcdefgh12' }))).toBe(true);
  });
  it('selects Socket Mode when asked, which needs an app token', async () => {
    expect(() => loadSlackConfig({ ...base, SLACK_SOCKET_MODE: 'true' })).toThrow(
      /SLACK_APP_TOKEN is required in Socket Mode/,
    );
    const s = createSlackApp(loadSlackConfig({ ...base, SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1-abc' }), {
      logLevel: LogLevel.ERROR,
      verifyToken: false,
      logger: silent, // stopping a receiver that never started logs after the test has ended
    });
    expect(s.receiver).toBeInstanceOf(SocketModeReceiver);
    await s.stop().catch(() => undefined); // never started: releases the socket client's timers
  });
});
