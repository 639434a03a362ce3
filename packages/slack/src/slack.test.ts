import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import { createSlackApp, type SlackSmsApp } from './app';
import { loadSlackConfig, type SlackConfigError } from './config';
import { freePort, type SimHub, startSimHub } from './testing/sim-hub';

const SECRET = 'slack-signing-secret-for-tests';
const CHANNEL = 'CINBOUND1';
const FAST = {
  pickupMs: [5, 20] as [number, number],
  partSendMs: [5, 20] as [number, number],
  interMessageMs: [5, 20] as [number, number],
  deliveryMs: [30, 120] as [number, number],
};

interface ApiCall {
  method: string;
  args: Record<string, any>;
}

/** A fake Slack Web API speaking the real wire format: form-encoded (or JSON) calls, JSON answers. */
async function fakeSlack(): Promise<{ url: string; calls: ApiCall[]; responses: ApiCall[]; close(): Promise<void> }> {
  const calls: ApiCall[] = [];
  const responses: ApiCall[] = [];
  let ts = 1700000000;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const json = (req.headers['content-type'] ?? '').includes('json');
      const args: Record<string, any> = json ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      for (const k of ['blocks', 'view']) if (typeof args[k] === 'string') args[k] = JSON.parse(args[k]);
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const answer = (o: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (method.startsWith('response/')) {
        responses.push({ method, args });
        return answer({ ok: true });
      }
      calls.push({ method, args });
      if (args.channel === 'CMISSING') return answer({ ok: false, error: 'channel_not_found' });
      switch (method) {
        case 'auth.test':
          return answer({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
        case 'chat.postMessage':
          return answer({ ok: true, channel: args.channel, ts: `${++ts}.000100`, message: { text: args.text } });
        case 'chat.update':
          return answer({ ok: true, channel: args.channel, ts: args.ts });
        case 'chat.delete':
        case 'reactions.add':
        case 'chat.postEphemeral':
          return answer({ ok: true });
        case 'views.open':
        case 'views.update':
        case 'views.publish':
          return answer({ ok: true, view: { id: 'V1' } });
        default:
          return answer({ ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, calls, responses, close: () => new Promise((r) => server.close(() => r())) };
}

describe('Slack app against a real hub and a fake Slack Web API', () => {
  let demo: SimHub;
  let slack: Awaited<ReturnType<typeof fakeSlack>>;
  let s: SlackSmsApp;
  let port: number;
  const logged: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => {
      logged.push(m.join(' '));
    },
    error: (...m: unknown[]) => {
      logged.push(m.join(' '));
    },
    setLevel: () => {},
    getLevel: () => LogLevel.ERROR,
    setName: () => {},
  };

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
  const slash = (text: string, channel = 'CGENERAL') =>
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
    );
  const interaction = (payload: object) =>
    signed(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  const event = (ev: object, id = `Ev${Math.random().toString(36).slice(2)}`) =>
    signed(
      JSON.stringify({
        token: 'x',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: id,
        event_time: 1,
        event: ev,
      }),
      'application/json',
    );
  const until = async <T>(what: string, fn: () => T | undefined | false, ms = 10_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const calls = (method: string) => slack.calls.filter((c) => c.method === method);

  beforeAll(async () => {
    demo = await startSimHub({ seed: 41, timing: FAST });
    slack = await fakeSlack();
    port = await freePort();
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_INBOUND_CHANNEL: CHANNEL,
      SLACK_API_URL: `${slack.url}/api/`,
      SMSFLEET_URL: demo.url,
      SMSFLEET_API_KEY: demo.apiKey,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
    });
    s = createSlackApp(config, { logger, logLevel: LogLevel.ERROR });
    await s.start();
  });
  afterAll(async () => {
    await s.stop();
    await slack.close();
    await demo.close();
  });

  it('subscribes to the hub once and reuses the subscription on a restart', async () => {
    const subs = async () =>
      (
        (await (
          await fetch(`${demo.url}/v1/webhooks`, { headers: { authorization: `Bearer ${demo.apiKey}` } })
        ).json()) as { items: { url: string }[] }
      ).items.filter((x) => x.url.endsWith(`:${port}/smsfleet/events`));
    expect(await subs()).toHaveLength(1);
    const again = createSlackApp(
      loadSlackConfig({
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_INBOUND_CHANNEL: CHANNEL,
        SLACK_API_URL: `${slack.url}/api/`,
        SMSFLEET_URL: demo.url,
        SMSFLEET_API_KEY: demo.apiKey,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        PORT: String(await freePort()),
      }),
      { logger },
    );
    await again.start();
    await again.stop();
    expect(await subs()).toHaveLength(1);
  });

  it('a slash command sends a text tracked to delivered, shown on the Slack message', async () => {
    const res = await slash('+14155550171 Your table is ready');
    expect(res.status).toBe(200);
    const post = await until('status message', () =>
      calls('chat.postMessage').find((c) => String(c.args.text).includes('To +14155550171')),
    );
    expect(post.args).toMatchObject({ channel: 'CGENERAL' });
    const update = await until('delivered update', () =>
      calls('chat.update').find(
        (c) => String(c.args.text).includes('+14155550171') && String(c.args.text).includes('delivered'),
      ),
    );
    expect(update.args.text).toMatch(/:white_check_mark: delivered/);
    expect(
      demo.fleet.truth
        .messages()
        .filter((t) => t.recipient === '+14155550171')
        .map((t) => t.text),
    ).toEqual(['Your table is ready']);
  });

  it('a failed delivery shows its reason', async () => {
    await slash('+14155559993 Hello');
    const update = await until('failed update', () =>
      calls('chat.update').find(
        (c) => String(c.args.text).includes('+14155559993') && String(c.args.text).includes(':x:'),
      ),
    );
    expect(update.args.text).toMatch(/:x: failed: .{10,}/);
  });

  it('a refused send and a Slack API error are shown to the user and logged', async () => {
    await slash('12 too short');
    const refused = await until('refusal', () =>
      slack.responses.find((r) => String(r.args.text ?? JSON.stringify(r.args)).includes('SMSFLEET_ERR_INVALID_PHONE')),
    );
    expect(JSON.stringify(refused.args)).toMatch(/\(to: /);
    await slash('+14155550172 hi', 'CMISSING');
    await until('channel_not_found shown', () =>
      slack.responses.find((r) => JSON.stringify(r.args).includes('channel_not_found')),
    );
    expect(logged.some((l) => l.includes('channel_not_found'))).toBe(true);
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550172')).toHaveLength(0);
  });

  it('the shortcut opens the modal; a bad submission shows field errors in the modal, a good one sends', async () => {
    await interaction({
      type: 'shortcut',
      callback_id: 'send_sms',
      trigger_id: 'trig1',
      team: { id: 'T1' },
      user: { id: 'U1' },
    });
    const open = await until('views.open', () => calls('views.open')[0]);
    expect(open.args.view.callback_id).toBe('send_sms_modal');
    expect(JSON.stringify(open.args.view)).toContain('nokia-g42');
    const values = (to: string, text: string) => ({
      to: { v: { type: 'plain_text_input', value: to } },
      text: { v: { type: 'plain_text_input', value: text } },
      device: { v: { type: 'static_select', selected_option: null } },
      sim: { v: { type: 'static_select', selected_option: null } },
      when: { v: { type: 'datetimepicker', selected_date_time: null } },
      opts: { v: { type: 'checkboxes', selected_options: [] } },
    });
    const submit = (v: object) =>
      interaction({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'U1' },
        view: { id: 'V1', callback_id: 'send_sms_modal', private_metadata: '', state: { values: v } },
      });
    const bad = await submit(values('not a number', ''));
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { to: expect.stringMatching(/phone number/), text: 'Write a message.' },
    });
    await fetch(`${demo.url}/v1/contacts/%2B14155550173/opt-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey}` },
    });
    const optedOut = await submit(values('+14155550173', 'Hi'));
    expect(await optedOut.json()).toEqual({
      response_action: 'errors',
      errors: { to: expect.stringContaining('SMSFLEET_ERR_OPTED_OUT') },
    });
    const ok = await submit(values('+14155550174', 'From the modal'));
    expect(ok.status).toBe(200);
    await until('modal text', () => demo.fleet.truth.messages().find((t) => t.recipient === '+14155550174'));

    await interaction({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1' },
      trigger_id: 't',
      actions: [{ block_id: 'text', action_id: 'v', type: 'plain_text_input', value: 'Hi 😀' }],
      view: {
        id: 'V1',
        hash: 'h1',
        type: 'modal',
        callback_id: 'send_sms_modal',
        blocks: [{ type: 'context', block_id: 'count', elements: [] }],
      },
    });
    const upd = await until('count update', () => calls('views.update')[0]);
    expect(JSON.stringify(upd.args.view)).toContain('1 part · UCS-2 (because of 😀)');
  });

  it('inbound texts open one thread per contact, and a thread reply texts the contact from the same SIM', async () => {
    const phone = '+14155550175';
    demo.fleet.phone('nokia-g42').receiveSms(phone, 'Hello, is my order ready?', 2);
    const first = await until('first inbound in thread', () =>
      calls('chat.postMessage').find(
        (c) => c.args.channel === CHANNEL && String(c.args.text).includes('is my order ready') && c.args.thread_ts,
      ),
    );
    const parent = calls('chat.postMessage').find(
      (c) => c.args.channel === CHANNEL && String(c.args.text).includes(`Conversation with ${phone}`),
    );
    expect(parent).toBeDefined();
    demo.fleet.phone('nokia-g42').receiveSms(phone, 'Also, can I change the time?', 2);
    const second = await until('second inbound', () =>
      calls('chat.postMessage').find((c) => String(c.args.text).includes('change the time')),
    );
    expect(second.args.thread_ts).toBe(first.args.thread_ts);
    expect(
      calls('chat.postMessage').filter((c) => String(c.args.text).includes(`Conversation with ${phone}`)),
    ).toHaveLength(1);

    const res = await event({
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
      demo.fleet.truth.messages().find((t) => t.recipient === phone && t.text === 'Yes, ready at 5pm'),
    );
    expect([out.phoneId, out.sim]).toEqual(['nokia-g42', 2]);
    await until('reaction', () =>
      calls('reactions.add').find(
        (c) => c.args.timestamp === '1800000000.000200' && c.args.name === 'white_check_mark',
      ),
    );
  });

  it('a retried Slack event is handled once', async () => {
    const thread = calls('chat.postMessage').find((c) =>
      String(c.args.text).includes('Conversation with +14155550175'),
    );
    const parentTs = (
      (await fetch(`${demo.url}/v1/bindings/slack-thread.${CHANNEL}/%2B14155550175`, {
        headers: { authorization: `Bearer ${demo.apiKey}` },
      }).then((r) => r.json())) as { value: string }
    ).value;
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
    await event(ev, 'EvSameId1');
    await signed(
      JSON.stringify({
        token: 'x',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: 'EvSameId1',
        event_time: 1,
        event: ev,
      }),
      'application/json',
      { retry: '1' },
    );
    await until('retried reply texted', () => demo.fleet.truth.messages().find((t) => t.text === 'Retried once'));
    await new Promise((r) => setTimeout(r, 300));
    expect(demo.fleet.truth.messages().filter((t) => t.text === 'Retried once')).toHaveLength(1);
  });

  it('refuses a bad or stale Slack signature with 401', async () => {
    const body = form({
      command: '/sms',
      text: '+14155550176 hi',
      channel_id: 'C1',
      user_id: 'U1',
      team_id: 'T1',
      response_url: `${slack.url}/api/response/2`,
    });
    expect((await signed(body, 'application/x-www-form-urlencoded', { secret: 'wrong-secret-value' })).status).toBe(
      401,
    );
    expect(
      (await signed(body, 'application/x-www-form-urlencoded', { ts: Math.floor(Date.now() / 1000) - 600 })).status,
    ).toBe(401);
    expect(demo.fleet.truth.messages().filter((t) => t.recipient === '+14155550176')).toHaveLength(0);
  });

  it('refuses hub webhooks without a valid signature', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/smsfleet/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'sms.received', data: { from: '+1', body: 'x' } }),
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
    });
    expect(res.status).toBe(401);
  });

  it("App Home shows today's metrics and the phones", async () => {
    await event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' });
    const pub = await until('views.publish', () => calls('views.publish')[0]);
    const text = JSON.stringify(pub.args.view);
    expect(text).toContain('Delivery rate');
    expect(text).toContain('nokia-g42');
    expect(text).toMatch(/\*Sent\*\\n[1-9]/);
  });
});

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
    });
    expect(s.receiver).toBeInstanceOf(SocketModeReceiver);
    await s.stop().catch(() => undefined); // never started: releases the socket client's timers
  });
});
