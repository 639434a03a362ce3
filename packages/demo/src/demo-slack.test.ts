import { LogLevel } from '@slack/bolt';
import { freePort } from '@smsfleet/hub/testing';
import { type Demo, startDemo } from './demo';
import { startDemoSlack } from './demo-slack';
import { fakeSlackApi } from './fake-slack-api';

const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};

describe('Slack app embedded in the demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 42, timing: FAST });
  });
  afterAll(async () => {
    await demo.close();
  });

  it('starts no Slack app without Slack settings', async () => {
    expect(await startDemoSlack(demo, {})).toBeUndefined();
  });

  it('starts next to the demo hub from the environment and shows inbound texts', async () => {
    const slack = await fakeSlackApi();
    const port = await freePort();
    const app = await startDemoSlack(
      demo,
      {
        SLACK_BOT_TOKEN: 'xoxb-demo',
        SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests',
        SLACK_INBOUND_CHANNEL: 'CDEMO1',
        SLACK_API_URL: `${slack.url}/api/`,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
      },
      { logLevel: LogLevel.ERROR },
    );
    try {
      expect(app).toBeDefined();
      demo.fleet.phone('pixel-7').receiveSms('+14155550180', 'Hi from the demo', 1);
      const posted = () =>
        slack.calls.find((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('Hi from the demo'));
      // A safety net for a busy machine: the post comes as soon as the hub's webhook reaches the app.
      const deadline = Date.now() + 10_000;
      while (!posted() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(posted()?.args).toMatchObject({ channel: 'CDEMO1', thread_ts: expect.any(String) });
    } finally {
      await app?.stop();
      await slack.close();
    }
  });
});
