import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { wholeNumber } from './client';

/** Columns of a template CSV that are send options, not merge values (matched without regard to case). */
const OPTION_COLUMNS: Readonly<Record<string, string>> = {
  to: 'to',
  reference: 'reference',
  campaign: 'campaign',
  deviceid: 'deviceId',
  sim: 'sim',
};

/** One row of a template CSV as the send it becomes: the template, its merge values, and the send options. */
export interface TemplateCsvRow {
  to: string;
  templateId: string;
  vars: Record<string, string>;
  reference?: string;
  campaign?: string;
  deviceId?: string;
  sim?: number;
}

/**
 * Read a CSV for `send --csv FILE --template ID`: a `to` column, the optional send options (`reference`,
 * `campaign`, `deviceId`, `sim`), and every other column a merge value under its header as written (`firstName`
 * fills `{{firstName}}`). A blank cell is sent blank: the hub then takes the contact's stored field, or refuses
 * the row.
 * Also returns the merge columns, to name them in the hub's errors.
 */
export function readTemplateCsv(file: string, templateId: string): { rows: TemplateCsvRow[]; columns: string[] } {
  let header: string[] = [];
  const records = parse(readFileSync(file, 'utf8'), {
    columns: (h: string[]) => {
      header = h.map((x) => x.trim());
      return header;
    },
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const option = (h: string) => OPTION_COLUMNS[h.toLowerCase()];
  const toColumn = header.find((h) => option(h) === 'to');
  if (toColumn === undefined) throw new Error('line 1: the CSV has no "to" column');
  const columns = header.filter((h) => option(h) === undefined);
  const rows = records.map((r, i) => {
    const line = i + 2;
    const to = r[toColumn];
    if (!to) throw new Error(`line ${line}: the "to" column is empty`);
    const row: TemplateCsvRow = { to, templateId, vars: Object.fromEntries(columns.map((c) => [c, r[c] ?? ''])) };
    for (const h of header) {
      const o = option(h);
      const v = r[h];
      if (!v || o === undefined || o === 'to') continue;
      if (o === 'sim') row.sim = wholeNumber(v, `line ${line}: the "sim" column`);
      else row[o as 'reference' | 'campaign' | 'deviceId'] = v;
    }
    return row;
  });
  return { rows, columns };
}
