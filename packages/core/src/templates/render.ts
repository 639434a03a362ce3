import { SmsfleetError } from '../errors';
import { templateFields, writer } from './parse';

/** Values of merge fields by name (a source: the request's vars, a CSV row, a contact's fields). */
export type TemplateValues = Readonly<Record<string, string | number>>;

/** How the caller names things in errors. */
export interface RenderNames {
  /** The template text's field, for a template that does not parse (default `template`). */
  template?: string;
  /** The field a missing value should have been given in (default `vars.<name>`). */
  value?: (name: string) => string;
}

/** The value of `name` in the first source that has a non-blank one. */
function lookup(name: string, sources: readonly TemplateValues[]): string | undefined {
  for (const s of sources) {
    if (!Object.hasOwn(s, name)) continue;
    const v = String(s[name]);
    if (v.trim() !== '') return v;
  }
  return undefined;
}

/**
 * Render a template strictly: every merge field takes its value from the first of `sources` that has a non-blank one.
 * A field none has is `SMSFLEET_ERR_TEMPLATE_FIELD_MISSING` naming each missing field (a customer never gets a text
 * with a gap). Values go in as given: nothing is HTML-escaped.
 */
export function renderTemplate(
  body: string,
  sources: readonly TemplateValues[],
  names: RenderNames = {},
): { text: string; fields: string[] } {
  const fields = templateFields(body, names.template);
  const valueField = names.value ?? ((n: string) => `vars.${n}`);
  // A view without a prototype: `{{constructor}}` must be a missing field, not Object's constructor.
  const view: Record<string, string> = Object.create(null);
  const missing: string[] = [];
  for (const f of fields) {
    const v = lookup(f, sources);
    if (v === undefined) missing.push(f);
    else view[f] = v;
  }
  if (missing.length) {
    throw new SmsfleetError(
      'SMSFLEET_ERR_TEMPLATE_FIELD_MISSING',
      `The template needs ${missing.map((f) => `{{${f}}}`).join(', ')}, with no value given.`,
      {
        issues: missing.map((f) => ({
          field: valueField(f),
          reason: `the template uses {{${f}}} and no value was given for it (blank counts as none)`,
        })),
        details: { missing },
      },
    );
  }
  return { text: writer.render(body, view, undefined, { escape: (v: unknown) => String(v) }), fields };
}
