import Fastify, { type FastifyInstance } from 'fastify';
import { named } from './plugin-name';

describe('named', () => {
  it('gives a plugin the name fastify shows for it, so fastify need not search the loaded modules', async () => {
    const app = Fastify();
    let seen: string | undefined;
    await app.register(
      named('smsfleet-test-routes', async (instance: FastifyInstance) => {
        seen = instance.pluginName;
      }),
    );
    await app.ready();
    expect(seen).toBe('smsfleet-test-routes');
    await app.close();
  });

  it('keeps a name the plugin already has', () => {
    const plugin = named('first', async () => undefined);
    expect(named('second', plugin)).toBe(plugin);
    expect((plugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')]).toBe('first');
  });
});
