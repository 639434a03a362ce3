import { type HubClient, renameField, type TemplatedSendRequest } from '@smsfleet/client';
import { readTemplateCsv } from './template-csv';

/** The most messages one bulk preview takes. */
const CHUNK = 1000;

/**
 * `send --csv FILE --template ID --dry-run`: each row's text as it would go out (filled for that recipient), with its
 * segments and encoding, or why it would be refused, by line and column. Sends nothing. Returns the lines to print
 * and how many rows would be refused.
 */
export async function previewCsv(
  client: HubClient,
  file: string,
  templateId: string,
): Promise<{ lines: string[]; refused: number }> {
  const { rows, columns } = readTemplateCsv(file, templateId);
  const lines: string[] = [];
  let refused = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const items = await client.previewBulk(chunk as TemplatedSendRequest[]);
    for (const item of items) {
      const i = start + item.index;
      const names = Object.fromEntries(columns.map((c) => [`body.messages.${item.index}.vars.${c}`, `column "${c}"`]));
      const head = `line ${i + 2} (${rows[i]!.to}):`;
      if (item.preview) {
        const p = item.preview;
        lines.push(`${head} ${p.segments} segment${p.segments === 1 ? '' : 's'}, ${p.encoding}: ${p.body}`);
        continue;
      }
      refused++;
      const issues = item.error?.issues ?? [];
      const why = issues.length
        ? issues.map((x) => `${renameField(x.field, names) ?? x.field}: ${x.reason}`).join('; ')
        : item.error?.message;
      lines.push(`${head} refused: ${item.error?.code}: ${why}`);
    }
  }
  return { lines, refused };
}
