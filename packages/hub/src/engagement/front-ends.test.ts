import { storeCases } from '../testing';
import type { Rig } from '../testing/pipeline-rig';
import { engagementRig } from './engagement-rig';

describe.each(storeCases().map((s) => [s.name, s] as const))(
  'engagement: bindings and the account check (%s store)',
  (_name, sc) => {
    const e = engagementRig(sc);
    const { api } = e;
    let r: Rig;
    beforeAll(() => {
      r = e.r;
    });

    it('binds keys first-writer-wins for front-ends, and names the fleet', async () => {
      const claim = (value: string) =>
        api('POST', '/v1/bindings', { namespace: 'slack-thread:T1:C1', key: '+14155550123', value });
      const [x, y] = await Promise.all([claim('1700.1'), claim('1700.2')]);
      expect([x.body.created, y.body.created].sort()).toEqual([false, true]);
      expect(x.body.value).toBe(y.body.value);
      expect((await api('GET', '/v1/bindings/slack-thread:T1:C1/+14155550123')).body.value).toBe(x.body.value);
      expect((await api('GET', '/v1/bindings/slack-thread:T1:C1/nope')).status).toBe(404);
      expect(
        (await api('POST', '/v1/bindings', { namespace: 'bad ns', key: 'k', value: 'v' })).body.error,
      ).toMatchObject({ field: 'body.namespace' });
      expect((await api('GET', '/v1/account')).body).toMatchObject({
        fleetName: 'smsfleet',
        keyName: 'test',
        devices: 5,
      });
      expect((await fetch(`${r.base}/v1/account`, { headers: { authorization: 'Bearer sf_live_nope' } })).status).toBe(
        401,
      );
    });
  },
);
