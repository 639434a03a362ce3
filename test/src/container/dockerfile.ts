/** One instruction of a Dockerfile, continuation lines joined: `COPY --from=build /app/x x` is keyword `COPY`,
 * flags `{ from: 'build' }`, args `/app/x x`. */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string;
  /** 1-based line where the instruction starts, for messages. */
  line: number;
}

/** A build stage: its base (`FROM base AS runtime` has from `base`), its name and its instructions after FROM. */
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/**
 * Parse a Dockerfile into its stages, as far as the production install test needs: comments and blank lines dropped,
 * `\` continuations joined, leading `--flag=value` options split off. Not a full parser (no heredocs, no escape
 * directive): a Dockerfile using those makes the test fail loudly rather than read it wrong.
 */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i]!.trim();
    if (logical === '' || logical.startsWith('#')) continue;
    while (logical.endsWith('\\')) {
      logical = logical.slice(0, -1);
      // Comment lines inside a continuation are dropped; the instruction goes on after them.
      do i++;
      while (i < lines.length && lines[i]!.trim().startsWith('#'));
      if (i >= lines.length) throw new Error(`line ${start + 1}: continuation at the end of the file`);
      logical += ` ${lines[i]!.trim()}`;
    }
    if (logical.includes('<<')) throw new Error(`line ${start + 1}: heredocs are not supported here`);
    const m = /^(\S+)\s*(.*)$/.exec(logical)!;
    const keyword = m[1]!.toUpperCase();
    let args = m[2]!.trim();
    const flags: Record<string, string> = {};
    for (let f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args); f; f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args)) {
      flags[f[1]!] = f[2] ?? 'true';
      args = args.slice(f[0].length);
    }
    const instruction: Instruction = { keyword, flags, args: args.replace(/\s+/g, ' ').trim(), line: start + 1 };
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`line ${start + 1}: cannot read FROM ${instruction.args}`);
      stages.push({ from: from[1]!, ...(from[2] ? { name: from[2] } : {}), instructions: [] });
    } else if (keyword !== 'ARG' || stages.length > 0) {
      if (stages.length === 0) throw new Error(`line ${start + 1}: ${keyword} before the first FROM`);
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return stages;
}

/** The stage named `name`. */
export function stage(stages: Stage[], name: string): Stage {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`the Dockerfile has no stage named ${name}`);
  return s;
}

/** The stage's WORKDIR, inherited through `FROM <earlier stage>` (absolute paths only, as this Dockerfile uses). */
export function workdir(stages: Stage[], s: Stage): string {
  const own = s.instructions.filter((i) => i.keyword === 'WORKDIR').pop();
  if (own) return own.args;
  const parent = stages.find((x) => x.name === s.from);
  if (!parent) throw new Error(`stage ${s.name ?? s.from} sets no WORKDIR`);
  return workdir(stages, parent);
}

/** The arguments of an exec-form instruction (`CMD ["a", "b"]`). */
export function execForm(args: string): string[] {
  const v: unknown = JSON.parse(args);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`not an exec form: ${args}`);
  return v;
}

/** `COPY src dest` as one source and one destination (what the Dockerfile promises to keep). */
export function copyPaths(i: Instruction): { source: string; dest: string } {
  const parts = i.args.split(' ');
  if (parts.length !== 2 || i.args.startsWith('['))
    throw new Error(`line ${i.line}: COPY must have exactly one source and one destination: ${i.args}`);
  return { source: parts[0]!, dest: parts[1]! };
}

/** `ENV A=1 B=2` as pairs (unquoted values, as this Dockerfile writes them). */
export function envPairs(i: Instruction): Array<[string, string]> {
  return i.args.split(' ').map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0 || /["']/.test(kv)) throw new Error(`line ${i.line}: write ENV as NAME=value without quotes: ${kv}`);
    return [kv.slice(0, eq), kv.slice(eq + 1)];
  });
}
