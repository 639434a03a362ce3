import { newId } from '../ids';
import type { ContractFeatures, GatewayContractSubject } from './contract';

/**
 * The contract of the optional `findHandover` capability (reconciliation after a crash), registered inside the gateway
 * contract's describe: a hand-over the gateway took is found with the id `send` returned; one it never got is
 * conclusively `not_found`; the message's other hand-overs are not taken for it.
 */
export function handoverContractCases(subject: () => GatewayContractSubject, features: ContractFeatures): void {
  const body = 'Reconcile me: order 7731';
  const query = (s: GatewayContractSubject, to: string, clientId: string, at: Date) => ({
    clientId,
    to,
    body,
    at,
    ...s.target,
  });

  it('findHandover finds a hand-over the gateway took, under the id send returned', async () => {
    const s = subject();
    if (!s.adapter.findHandover) return;
    const to = s.freshNumber();
    const clientId = newId('msg');
    const at = s.now();
    const res = await s.adapter.send({ clientId, to, body, ...s.target });
    const look = await s.adapter.findHandover(query(s, to, clientId, at));
    expect(look).toMatchObject({ kind: 'found', gatewayMessageId: res.gatewayMessageId });
  });

  it('findHandover answers not_found, conclusively, for a hand-over the gateway never got', async () => {
    const s = subject();
    if (!s.adapter.findHandover) return;
    const to = s.freshNumber();
    await s.adapter.send({ clientId: newId('msg'), to: s.freshNumber(), body, ...s.target }); // someone else's message
    expect(await s.adapter.findHandover(query(s, to, newId('msg'), s.now()))).toMatchObject({ kind: 'not_found' });
    expect(s.truth.countTo(to)).toBe(0);
  });

  (features.clientIds === 'dedupe' ? it.skip : it)(
    "findHandover does not take the message's earlier hand-over for this one (gateways without a unique client id)",
    async () => {
      const s = subject();
      if (!s.adapter.findHandover) return;
      const to = s.freshNumber();
      const clientId = newId('msg');
      const at = s.now();
      const first = await s.adapter.send({ clientId, to, body, ...s.target });
      const look = await s.adapter.findHandover({
        ...query(s, to, clientId, at),
        excludeGatewayIds: [first.gatewayMessageId],
      });
      expect(look).toMatchObject({ kind: 'not_found' });
    },
  );
}
