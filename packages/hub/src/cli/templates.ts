import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type HubClient, HubError, type Template } from '@smsfleet/client';

/** Usage of `smsfleet templates`. */
export const TEMPLATES_USAGE = `usage: smsfleet templates <list|create|delete> [options]
  templates list
  templates create --name NAME (--body TEXT | --file FILE)   text with {{field}} merge fields
  templates delete TEMPLATE_ID`;

/** The hub's names for what `templates create` passes, as the options a user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  'body.name': '--name',
  'body.body': '--body',
  'params.id': 'TEMPLATE_ID',
};

/** One line of `templates list`: id, name, merge fields, and the text on one line. */
export function templateLine(t: Template): string {
  const fields = t.fields.length ? t.fields.map((f) => `{{${f}}}`).join(',') : '(no fields)';
  return `${t.id}  ${t.name.padEnd(24)} ${fields.padEnd(30)} ${t.body.replace(/\s+/g, ' ')}`;
}

/**
 * `smsfleet templates list|create|delete`: message templates through a running hub (`/v1/templates`; listing needs
 * read, the others send). `client` makes the hub client from the parsed `--url`/`--key`. Returns the exit code.
 */
export async function templatesCommand(
  args: string[],
  out: (s: string) => void,
  client: (v: Record<string, unknown>) => HubClient,
): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      name: { type: 'string' },
      body: { type: 'string' },
      file: { type: 'string' },
    },
  });
  const [sub, id] = positionals;
  try {
    switch (sub) {
      case 'list': {
        for (const t of await client(v).templates()) out(templateLine(t));
        return 0;
      }
      case 'create': {
        const body = v.body ?? (v.file ? readFileSync(v.file, 'utf8').replace(/\r?\n$/, '') : undefined);
        if (!v.name || !body) throw new Error(`templates create needs --name and --body or --file\n${TEMPLATES_USAGE}`);
        out(templateLine(await client(v).createTemplate({ name: v.name, body })));
        return 0;
      }
      case 'delete': {
        if (!id) throw new Error(`templates delete needs the template's id (see templates list)\n${TEMPLATES_USAGE}`);
        if (!(await client(v).deleteTemplate(id))) throw new Error(`no template ${id} (see templates list)`);
        out(`deleted ${id}`);
        return 0;
      }
      default:
        out(TEMPLATES_USAGE);
        return sub === undefined || sub === 'help' ? 0 : 1;
    }
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    throw new Error(e.missingScopeHelp() ?? e.describe(FLAGS));
  }
}
