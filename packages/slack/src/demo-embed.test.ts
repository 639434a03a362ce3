import { LogLevel } from '@slack/bolt';
import { startDemo, freePort } from '@smsfleet/hub/testing';
import { fakeSlack } from './testing/fake-slack';
import { FAST, SECRET } from './testing/slack-rig';

describe('Slack app embedded in smsfleet demo', () => {
  it('starts next to the demo hub from the environment and shows inbound texts', async () => {
    const { startDemoSlack } = require('@smsfleet/hub/testing') as typeof import('@smsfleet/hub/testing');
    const demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 42, timing: FAST });
    const slack = await fakeSlack();
    const port = await freePort();
    const app = await startDemoSlack(
      demo,
      {
        SLACK_BOT_TOKEN: 'xoxb-demo',
        SLACK_SIGNING_SECRET: SECRET,
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
      const deadline = Date.now() + 10_000;
      while (
        !slack.calls.some((c) => c.method === 'chat.postMessage' && String(c.args.text).includes('Hi from the demo')) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
      expect(slack.calls.find((c) => String(c.args.text).includes('Hi from the demo'))?.args).toMatchObject({
        channel: 'CDEMO1',
        thread_ts: expect.any(String),
      });
      expect(await startDemoSlack(demo, {})).toBeUndefined(); // no Slack settings: no Slack app
    } finally {
      await app?.stop();
      await slack.close();
      await demo.close();
    }
  });
});
