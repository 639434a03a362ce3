import { CHANNEL, startSlackRig, until, type SlackRig } from './testing/slack-rig';

describe('contact threads: inbound texts, replies from the thread, retried events', () => {
  let r: SlackRig;
  beforeAll(async () => {
    r = await startSlackRig(44);
  });
  afterAll(async () => {
    await r.close();
  });

  it('inbound texts open one thread per contact, and a thread reply texts the contact from the same SIM', async () => {
    const phone = '+14155550175';
    r.demo.fleet.phone('nokia-g42').receiveSms(phone, 'Hello, is my order ready?', 2);
    const first = await until('first inbound in thread', () =>
      r
        .calls('chat.postMessage')
        .find(
          (c) => c.args.channel === CHANNEL && String(c.args.text).includes('is my order ready') && c.args.thread_ts,
        ),
    );
    const parent = r
      .calls('chat.postMessage')
      .find((c) => c.args.channel === CHANNEL && String(c.args.text).includes(`Conversation with ${phone}`));
    expect(parent).toBeDefined();
    r.demo.fleet.phone('nokia-g42').receiveSms(phone, 'Also, can I change the time?', 2);
    const second = await until('second inbound', () =>
      r.calls('chat.postMessage').find((c) => String(c.args.text).includes('change the time')),
    );
    expect(second.args.thread_ts).toBe(first.args.thread_ts);
    expect(
      r.calls('chat.postMessage').filter((c) => String(c.args.text).includes(`Conversation with ${phone}`)),
    ).toHaveLength(1);

    const res = await r.event({
      type: 'message',
      channel: CHANNEL,
      user: 'U2',
      text: 'Yes, ready at 5pm',
      ts: '1800000000.000200',
      thread_ts: first.args.thread_ts,
      channel_type: 'channel',
    });
    expect(res.status).toBe(200);
    const out = await until('reply texted', () =>
      r.demo.fleet.truth.messages().find((t) => t.recipient === phone && t.text === 'Yes, ready at 5pm'),
    );
    expect([out.phoneId, out.sim]).toEqual(['nokia-g42', 2]);
    await until('reaction', () =>
      r
        .calls('reactions.add')
        .find((c) => c.args.timestamp === '1800000000.000200' && c.args.name === 'white_check_mark'),
    );
  });

  it('a retried Slack event is handled once', async () => {
    const thread = r
      .calls('chat.postMessage')
      .find((c) => String(c.args.text).includes('Conversation with +14155550175'));
    const parentTs = (await r.hubGet(`/v1/bindings/slack-thread.${CHANNEL}/%2B14155550175`)).value as string;
    expect(thread).toBeDefined();
    const ev = {
      type: 'message',
      channel: CHANNEL,
      user: 'U2',
      text: 'Retried once',
      ts: '1800000000.000300',
      thread_ts: parentTs,
      channel_type: 'channel',
    };
    await r.event(ev, 'EvSameId1');
    await r.signed(r.eventBody(ev, 'EvSameId1'), 'application/json', { retry: '1' });
    await until('retried reply texted', () => r.demo.fleet.truth.messages().find((t) => t.text === 'Retried once'));
    await new Promise((done) => setTimeout(done, 300));
    expect(r.demo.fleet.truth.messages().filter((t) => t.text === 'Retried once')).toHaveLength(1);
  });
});
