import { FAILURE_CATALOGUE } from './catalogue';

/** The catalogue as the markdown table kept in docs/failure-codes.md (a test keeps them equal). */
export function failureCatalogueMarkdown(): string {
  const rows = FAILURE_CATALOGUE.map(
    (e) =>
      `| \`${e.code}\` | ${e.source}${e.androidResult !== undefined ? ` (${e.androidResult})` : ''} | ` +
      `${e.category} | ${e.permanent ? 'permanent' : 'temporary'} | ${e.explanation} |`,
  );
  return [
    '# Failure codes',
    '',
    'Every failed message carries `failure: { code, category, permanent, explanation, rawCode?, rawReason? }`.',
    '`code` is one of the codes below; `rawCode` and `rawReason` keep what the gateway said. Permanent failures',
    'never succeed on retry (remove the number or fix the content); temporary ones may.',
    '',
    '| Code | Source | Category | Permanence | Explanation |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
