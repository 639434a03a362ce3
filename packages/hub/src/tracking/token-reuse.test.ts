import { isSmsfleetError } from '@smsfleet/core';
import { storeCases } from '../testing/stores';
import { refuseReusedToken, TOKEN_SHARED_WINDOW_MS } from './token-reuse';

const T0 = new Date('2026-12-06T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const cred = (digest: string) => ({ digest, expiresAt: at(600_000) });
const body = (s: string) => Buffer.from(JSON.stringify({ s }));

describe.each(storeCases())('a body-unbound webhook token ($name store)', (sc) => {
  it('passes its own retries and same-second siblings; another body is refused after its shared window', async () => {
    const store = await sc.create();
    try {
      const refused = async (p: Promise<void>) => {
        try {
          await p;
          return false;
        } catch (e) {
          if (isSmsfleetError(e, 'SMSFLEET_ERR_SIGNATURE_INVALID')) return true;
          throw e;
        }
      };
      expect(await refused(refuseReusedToken(store, 'hs', cred('t1'), body('a'), at(0)))).toBe(false);
      // Another event minted in the same second by the gateway: the very same token, another body.
      expect(await refused(refuseReusedToken(store, 'hs', cred('t1'), body('b'), at(1_500)))).toBe(false);
      // The first body again: the gateway's retry.
      expect(
        await refused(refuseReusedToken(store, 'hs', cred('t1'), body('a'), at(TOKEN_SHARED_WINDOW_MS + 30_000))),
      ).toBe(false);
      // A captured token replayed later with another body.
      expect(
        await refused(refuseReusedToken(store, 'hs', cred('t1'), body('forged'), at(TOKEN_SHARED_WINDOW_MS + 1))),
      ).toBe(true);
      // Tokens are kept per connection and per token.
      expect(
        await refused(refuseReusedToken(store, 'hs-2', cred('t1'), body('forged'), at(TOKEN_SHARED_WINDOW_MS + 1))),
      ).toBe(false);
      expect(
        await refused(refuseReusedToken(store, 'hs', cred('t2'), body('forged'), at(TOKEN_SHARED_WINDOW_MS + 1))),
      ).toBe(false);
    } finally {
      await store.close();
    }
  });
});
