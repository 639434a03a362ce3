import { testDevice } from '../testing/fleet';
import { ALICE, at, fleet, router, send, useRouterRig } from '../testing/router-rig';

useRouterRig();

describe('routing around offline phones', () => {
  beforeEach(() =>
    fleet(testDevice('dev_a', [{ slot: 1 }]), testDevice('dev_b', [{ slot: 1 }]), testDevice('dev_c', [{ slot: 1 }])),
  );

  it('names the offline phones it passed over, for the timeline', async () => {
    await router.heartbeat('dev_a', false, at(0)); // closes its probe gate: no probe during the cooldown
    await router.heartbeat('dev_c', false, at(0));
    const d = await send(ALICE, 1, at(1));
    expect(d.deviceId).toBe('dev_b');
    expect(d.routedAround).toEqual(['dev_a', 'dev_c']);
  });

  it('names nobody when every phone is online', async () => {
    expect((await send(ALICE, 1, at(1))).routedAround).toBeUndefined();
  });
});
