import { demoBanner } from './banner';
import { type Demo, startDemo } from './demo';

describe('the demo banner', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ env: { SMSFLEET_PORT: '0', SMSFLEET_LOG_LEVEL: 'silent' }, seed: 3 });
  });
  afterAll(async () => {
    await demo.close();
  });

  it('prints the URLs, an API key that works, a curl line and every phone', async () => {
    const banner = demoBanner(demo);
    expect(banner).toContain(`${demo.url}/docs`);
    expect(banner).toContain(`${demo.url}/dashboard/`);
    expect(banner).toContain(`export SMSFLEET_URL=${demo.url} SMSFLEET_API_KEY=${demo.apiKey}`);
    expect(banner).toContain(`curl -s -X POST ${demo.url}/v1/messages`);
    for (const id of ['pixel-7', 'galaxy-a54', 'moto-g', 'redmi-12', 'nokia-g42']) expect(banner).toContain(id);
    const res = await fetch(`${demo.url}/v1/devices`, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(5);
  });
});
