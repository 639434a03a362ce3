const DISPLAY_NAME = Symbol.for('fastify.display-name');

/**
 * `plugin`, named for fastify. A plugin without a name (one not wrapped in fastify-plugin) is looked up by fastify in
 * every loaded module, twice per registration: under jest's module registry that took a tenth of a test's CPU.
 */
export function named<P extends object>(name: string, plugin: P): P {
  if (!(DISPLAY_NAME in plugin)) Object.defineProperty(plugin, DISPLAY_NAME, { value: name });
  return plugin;
}
