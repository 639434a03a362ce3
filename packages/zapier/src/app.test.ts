import zapier from 'zapier-platform-core';
import { type SimHub as Demo, startSimHub as startDemo } from '@smsfleet/hub/testing';
import { createApiKey } from '@smsfleet/hub';
import App from './index';
import { FAST } from './testing/harness';

const { validateApp, compileApp } = require('zapier-platform-core/src/tools/schema') as {
  validateApp(a: unknown): { property: string; message: string }[];
  compileApp(a: unknown): unknown;
};
const appTester = zapier.createAppTester(App);

describe('the Zapier app definition and its connection', () => {
  let demo: Demo;
  let authData: { baseUrl: string; apiKey: string };
  beforeAll(async () => {
    demo = await startDemo({
      env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_FLEET_NAME: 'Acme phones' },
      seed: 21,
      timing: FAST,
    });
    authData = { baseUrl: demo.url, apiKey: demo.apiKey };
  });
  afterAll(async () => {
    await demo.close();
  });

  it("passes Zapier's own schema validation, which does catch a broken definition", () => {
    expect(validateApp(compileApp(App))).toEqual([]);
    const broken = {
      ...App,
      creates: { ...App.creates, send_sms: { ...App.creates.send_sms, display: { label: 'x' } } },
    };
    expect(validateApp(compileApp(broken)).length).toBeGreaterThan(0);
  });

  it("tests the connection and labels it with the fleet's name", async () => {
    const me = (await appTester(App.authentication.test as never, { authData } as never)) as {
      fleetName: string;
      keyName: string;
    };
    expect(me).toMatchObject({ fleetName: 'Acme phones', keyName: 'demo' });
    expect(App.authentication.connectionLabel).toBe('{{fleetName}} ({{keyName}})');
  });

  it('gives a clear auth error for a bad key', async () => {
    await expect(
      appTester(App.authentication.test as never, { authData: { ...authData, apiKey: 'sf_live_wrong' } } as never),
    ).rejects.toMatchObject({ name: 'AppError', message: expect.stringMatching(/refused the API key/) });
  });

  it('names the scope a key lacks, and the command that makes one', async () => {
    const { key } = await createApiKey(demo.store, 'zapier', new Date(), { scopes: ['send', 'read'] });
    await expect(
      appTester(App.authentication.test as never, { authData: { ...authData, apiKey: key } } as never),
    ).rejects.toMatchObject({
      name: 'AppError',
      message: expect.stringContaining(
        'This key lacks the `webhooks` scope; create one with ' +
          '`smsfleet keys create --name <name> --scopes send,read,webhooks`',
      ),
    });
  });
});

describe("Zapier integration and the hub's rate limit", () => {
  it('turns 429 into a ThrottledError', async () => {
    const demo = await startDemo({
      env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent', SMSFLEET_RATE_LIMIT_PER_MIN: '1' },
      seed: 22,
    });
    try {
      const authData = { baseUrl: demo.url, apiKey: demo.apiKey };
      await appTester(App.authentication.test as never, { authData } as never);
      await expect(appTester(App.authentication.test as never, { authData } as never)).rejects.toMatchObject({
        name: 'ThrottledError',
      });
    } finally {
      await demo.close();
    }
  });
});
