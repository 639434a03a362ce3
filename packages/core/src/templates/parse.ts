import { Writer } from 'mustache';
import { SmsfleetError } from '../errors';

/** The one mustache writer of the hub, without its template cache. */
export const writer = new Writer();
// Inline templates differ per send: cached, each would stay in memory for the life of the process.
(writer as unknown as { templateCache: undefined }).templateCache = undefined;

/** Token types a template may hold: text, `{{x}}`, `{{{x}}}` / `{{&x}}` (the same: nothing is escaped), `{{!}}`. */
const ALLOWED = new Set(['text', 'name', '&', '!']);

/** What each refused token type is, for the error. */
const REFUSED: Readonly<Record<string, string>> = {
  '#': 'sections ({{#x}})',
  '^': 'inverted sections ({{^x}})',
  '>': 'partials ({{>x}})',
  '=': 'delimiter changes ({{=<% %>=}})',
};

function refuse(field: string, reason: string): SmsfleetError {
  return new SmsfleetError('SMSFLEET_ERR_VALIDATION', `Invalid ${field}: ${reason}`, { field, reason });
}

/**
 * The merge fields of a template, in order of first use; or `SMSFLEET_ERR_VALIDATION` naming `field` when the text is
 * no valid template (an unclosed tag), uses logic (sections, partials), or a field name with a dot (values are flat).
 */
export function templateFields(body: string, field = 'template'): string[] {
  let tokens: ReturnType<Writer['parse']>;
  try {
    tokens = writer.parse(body);
  } catch (e) {
    throw refuse(field, `not a valid template: ${e instanceof Error ? e.message : String(e)}`);
  }
  const fields: string[] = [];
  for (const t of tokens) {
    const [type, name] = t;
    if (!ALLOWED.has(type)) {
      throw refuse(field, `templates are logic-less: only {{field}} merge fields, not ${REFUSED[type] ?? type}`);
    }
    if (type !== 'name' && type !== '&') continue;
    if (name === '' || name.includes('.') || name.length > 64) {
      throw refuse(field, `{{${name}}} is no merge field name (1-64 characters, no dot)`);
    }
    if (!fields.includes(name)) fields.push(name);
  }
  return fields;
}
