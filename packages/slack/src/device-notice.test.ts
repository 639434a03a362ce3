import { CHANNEL, startSlackRig, until, type SlackRig } from './testing/slack-rig';

describe('phone health notices in Slack', () => {
  let r: SlackRig;
  beforeAll(async () => {
    r = await startSlackRig(45);
  });
  afterAll(async () => {
    await r.close();
  });

  it('posts a notice when a phone goes offline and another when it comes back', async () => {
    const posts = () => r.calls('chat.postMessage').filter((c) => c.args.channel === CHANNEL && !c.args.thread_ts);
    // The rig's MySMSGate phones have no heartbeat of their own: the hub is told as a gateway's offline report tells
    // it, and its health monitor publishes the signed device.offline that reaches Bolt.
    const { router, health } = r.demo.app.pipeline;
    await router.heartbeat('redmi-12', false, new Date());
    health.wake();
    const off = await until('offline notice', () => posts().find((c) => String(c.args.text).includes('went offline')));
    expect(String(off.args.text)).toContain('(redmi-12, mysmsgate)');
    expect(String(off.args.text)).toContain('Texts go to the other phones meanwhile');
    await router.heartbeat('redmi-12', true, new Date());
    health.wake();
    const on = await until('online notice', () => posts().find((c) => String(c.args.text).includes('back online')));
    expect(String(on.args.text)).toContain('(redmi-12, mysmsgate)');
    expect(posts().filter((c) => String(c.args.text).includes('went offline'))).toHaveLength(1);
  });
});
