import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/** The hub's `/healthz` answer. */
interface Health {
  status: 'ok';
  version: string;
  store: 'memory' | 'redis';
  uptimeSeconds: number;
}

/** `hub_health`: whether the hub and its store answer, its version and uptime. */
export function registerHubHealth(ctx: ToolContext): void {
  ctx.server.registerTool(
    'hub_health',
    {
      title: 'Check the hub',
      description:
        'Whether the smsfleet hub and its store (memory or Redis) answer, with its version and uptime. ' +
        'An error result means the hub is down, its store does not answer, or it cannot be reached.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () =>
      guarded(ctx, undefined, async () => {
        const h = await ctx.hub.call<Health>('GET', '/healthz');
        return toolAnswer(`The hub ${h.version} is up (store: ${h.store}, up ${h.uptimeSeconds} s).`, { ...h });
      }),
  );
}
