import { guarded, type ToolContext } from '../tool-context';
import { toolAnswer } from '../tool-result';

/** `list_devices`: the fleet's phones, their SIMs and budgets, and their health. */
export function registerListDevices(ctx: ToolContext): void {
  ctx.server.registerTool(
    'list_devices',
    {
      title: 'List phones and their health',
      description:
        "The fleet's Android phones: gateway, SIMs with their numbers and sending budgets (segments used in the " +
        'last minute), health (online, dozing, offline: routed around) and when each was last seen.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () =>
      guarded(ctx, undefined, async () => {
        const items = await ctx.hub.devices();
        const line = items.map((d) => `${d.id} ${d.health}`).join(', ');
        return toolAnswer(`${items.length} phone(s)${line ? `: ${line}` : ''}.`, { items });
      }),
  );
}
