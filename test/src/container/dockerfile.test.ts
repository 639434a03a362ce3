import { copyPaths, envPairs, execForm, parseDockerfile, stage, workdir } from './dockerfile';
import { dockerignore } from './dockerignore';

describe('the Dockerfile reader the image tests use', () => {
  const stages = parseDockerfile(`# syntax=docker/dockerfile:1
ARG IMG=node:20
FROM $IMG AS base
WORKDIR /app
FROM base AS runtime
# a comment
ENV A=1 \\
    B=/app/bin:$PATH
RUN npm ci \\
    # a comment inside a continuation
    --omit=dev
COPY --from=build --chown=node /app/x/dist x/dist
CMD ["--fleet", "/run/secrets/fleet"]
`);

  it('reads stages, joins continuations, drops comments and splits flags', () => {
    expect(stages.map((s) => [s.name, s.from])).toEqual([
      ['base', '$IMG'],
      ['runtime', 'base'],
    ]);
    const runtime = stage(stages, 'runtime');
    expect(workdir(stages, runtime)).toBe('/app');
    const [env, run, copy, cmd] = runtime.instructions;
    expect(envPairs(env!)).toEqual([
      ['A', '1'],
      ['B', '/app/bin:$PATH'],
    ]);
    expect(run!.args).toBe('npm ci --omit=dev');
    expect(copy!.flags).toEqual({ from: 'build', chown: 'node' });
    expect(copyPaths(copy!)).toEqual({ source: '/app/x/dist', dest: 'x/dist' });
    expect(execForm(cmd!.args)).toEqual(['--fleet', '/run/secrets/fleet']);
  });

  it('refuses what it cannot repeat faithfully', () => {
    expect(() => copyPaths({ keyword: 'COPY', flags: {}, args: 'a b c/', line: 1 })).toThrow(/exactly one source/);
    expect(() => envPairs({ keyword: 'ENV', flags: {}, args: 'A="x y"', line: 1 })).toThrow(/without quotes/);
    expect(() => parseDockerfile('FROM x\nRUN <<EOF\nls\nEOF\n')).toThrow(/heredocs/);
  });
});

describe('the .dockerignore reader', () => {
  const ignored = dockerignore('# allow-list\n*\n!packages/core\n!package.json\n**/node_modules\n**/dist\n');

  it('leaves out what the last matching rule, on the path or a parent folder, leaves out', () => {
    expect(ignored('package.json')).toBe(false);
    expect(ignored('packages/core/src/index.ts')).toBe(false);
    expect(ignored('packages/core/dist/index.js')).toBe(true);
    expect(ignored('packages/core/node_modules/x/index.js')).toBe(true);
    expect(ignored('packages/hub/package.json')).toBe(true);
    expect(ignored('.git/HEAD')).toBe(true);
    expect(ignored('deploy/fleet.json')).toBe(true);
  });
});
