import { startSlackRig, until, type SlackRig } from './testing/slack-rig';

describe('the /sms command against a real hub and a fake Slack Web API', () => {
  let r: SlackRig;
  beforeAll(async () => {
    r = await startSlackRig(41);
  });
  afterAll(async () => {
    await r.close();
  });

  it('a slash command sends a text tracked to delivered, shown on the Slack message', async () => {
    const res = await r.slash('+14155550171 Your table is ready');
    expect(res.status).toBe(200);
    const post = await until('status message', () =>
      r.calls('chat.postMessage').find((c) => String(c.args.text).includes('To +14155550171')),
    );
    expect(post.args).toMatchObject({ channel: 'CGENERAL' });
    const update = await until('delivered update', () =>
      r
        .calls('chat.update')
        .find((c) => String(c.args.text).includes('+14155550171') && String(c.args.text).includes('delivered')),
    );
    expect(update.args.text).toMatch(/:white_check_mark: delivered/);
    const texts = r.demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550171');
    expect(texts.map((t) => t.text)).toEqual(['Your table is ready']);
  });

  it('a failed delivery shows its reason', async () => {
    await r.slash('+14155559993 Hello');
    const update = await until('failed update', () =>
      r
        .calls('chat.update')
        .find((c) => String(c.args.text).includes('+14155559993') && String(c.args.text).includes(':x:')),
    );
    expect(update.args.text).toMatch(/:x: failed: .{10,}/);
  });

  it('a refused send and a Slack API error are shown to the user and logged', async () => {
    await r.slash('12 too short');
    const refused = await until('refusal', () =>
      r.slack.responses.find((x) => JSON.stringify(x.args).includes('SMSFLEET_ERR_INVALID_PHONE')),
    );
    expect(JSON.stringify(refused.args)).toMatch(/\(to: /);
    await r.slash('+14155550172 hi', 'CMISSING');
    await until('channel_not_found shown', () =>
      r.slack.responses.find((x) => JSON.stringify(x.args).includes('channel_not_found')),
    );
    expect(r.logged.some((l) => l.includes('channel_not_found'))).toBe(true);
    expect(r.demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550172')).toHaveLength(0);
  });
});
