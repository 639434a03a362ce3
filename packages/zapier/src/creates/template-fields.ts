import type { Bundle, ZObject } from 'zapier-platform-core';
import { withHub } from '../hub';

/** Input keys of a template's merge fields: `var__<field>`. */
const VAR_PREFIX = 'var__';

/** Send SMS's template choice: a dropdown of the hub's templates that brings up the template's own fields. */
export const TEMPLATE_INPUT = {
  key: 'templateId',
  label: 'Template',
  required: false,
  dynamic: 'template.id.name',
  altersDynamicFields: true,
  helpText:
    'Send a template stored on the hub instead of Message: its {{fields}} are filled from the values below, then ' +
    "the contact's stored fields. A field with no value stops the send.",
};

/**
 * The merge fields of the chosen template as inputs, one per `{{field}}`, so a Zap maps a step's data to each
 * (none when no template is chosen, or the hub no longer has it).
 */
export async function templateVarInputs(z: ZObject, bundle: Bundle): Promise<object[]> {
  const id = bundle.inputData.templateId;
  if (!id) return [];
  const t = await withHub(z, bundle, (hub) => hub.template(String(id)));
  return (t?.fields ?? []).map((f) => ({
    key: `${VAR_PREFIX}${f}`,
    label: f,
    required: false,
    helpText: `Fills {{${f}}}. Leave empty to use the contact's stored ${f}.`,
  }));
}

/** The merge values of a Send SMS run: the per-field inputs (non-empty ones: empty means "use the contact's"). */
export function templateVars(input: Record<string, unknown>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(input))
    if (k.startsWith(VAR_PREFIX) && v !== undefined && v !== null && String(v) !== '')
      vars[k.slice(VAR_PREFIX.length)] = String(v);
  return vars;
}
