import { ENV_VARS, type EnvVarSpec } from './env-vars';

/** Markers around the generated table in `packages/hub/README.md`. */
export const CONFIG_TABLE_BEGIN = '<!-- config-table:begin -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The configuration table of the README, generated from {@link ENV_VARS}: variable, default, example,
 * description. A test checks that the README holds exactly this table.
 */
export function configTableMarkdown(): string {
  const rows = Object.entries(ENV_VARS).map(
    ([name, s]: [string, EnvVarSpec]) =>
      `| \`${name}\` | ${s.default !== undefined ? `\`${cell(s.default)}\`` : '(unset)'} | ` +
      `\`${cell(s.example)}\` | ${cell(s.description)} |`,
  );
  return ['| Variable | Default | Example | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
