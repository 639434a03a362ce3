import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { copyPaths, envPairs, parseDockerfile, stage, workdir, type Stage } from './dockerfile';
import { dockerignore } from './dockerignore';

/** The repository root: the build context of the Dockerfile. */
export const ROOT = join(__dirname, '../../..');

/** The repository's Dockerfile, read once. */
export function readDockerfile(): { stages: Stage[]; runtime: Stage; build: Stage; ignored: (p: string) => boolean } {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const ignored = dockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
  return { stages, runtime: stage(stages, 'runtime'), build: stage(stages, 'build'), ignored };
}

/** Workspace package name -> its folder (relative to the root), for packages/*. */
export function workspaceDirs(): Map<string, string> {
  const m = new Map<string, string>();
  for (const d of readdirSync(join(ROOT, 'packages'))) {
    const file = join(ROOT, 'packages', d, 'package.json');
    if (existsSync(file)) m.set((JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name, `packages/${d}`);
  }
  return m;
}

/** The workspaces the hub needs at run time: the hub and, transitively, every workspace among its "dependencies". */
export function runtimeWorkspaces(): string[] {
  const dirs = workspaceDirs();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !dirs.has(name)) return;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(ROOT, dirs.get(name)!, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep);
  };
  visit('@smsfleet/hub');
  return [...seen].sort();
}

/** The process environment without what npm puts there for a running script (a child npm would read it). */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)));
  // npx and npm scripts put the checkout's node_modules/.bin first: a command would run from the checkout, not here.
  env.PATH = (env.PATH ?? '')
    .split(':')
    .filter((p) => p !== '' && !p.includes('node_modules'))
    .join(':');
  return env;
}

/** What {@link installRuntimeStage} did. */
export interface RuntimeInstall {
  /** The stage's WORKDIR in the image (`/app`), which is `dir` here. */
  app: string;
  /** The stage's ENV, with its WORKDIR read as `dir` and `$PATH` expanded. */
  env: Record<string, string>;
  /** The npm commands run, as written in the Dockerfile. */
  npm: string[];
}

/**
 * Do in `dir` what the runtime stage does in its WORKDIR: each COPY (from the build context through .dockerignore, or
 * `--from=build`, which is the build stage's `tsc -b` output and here the checkout's own, so build first), each
 * `npm` command of each RUN, each ENV. `npm cache clean` is left out: it only makes the image smaller, and here it
 * would empty the machine's npm cache. Any other RUN fails: teach this function what it does first.
 */
export async function installRuntimeStage(dir: string): Promise<RuntimeInstall> {
  const { stages, runtime, build, ignored } = readDockerfile();
  const app = workdir(stages, runtime);
  const buildDir = workdir(stages, build);
  const env: Record<string, string> = {};
  const npm: string[] = [];
  for (const i of runtime.instructions) {
    if (i.keyword === 'ENV') {
      for (const [k, v] of envPairs(i))
        env[k] = v
          .split(app)
          .join(dir)
          .replace(/\$\{?PATH\}?/, cleanEnv().PATH ?? '');
    } else if (i.keyword === 'COPY') {
      const { source, dest } = copyPaths(i);
      let from: string;
      if (i.flags.from) {
        if (i.flags.from !== build.name)
          throw new Error(`line ${i.line}: COPY --from=${i.flags.from} is not the build`);
        if (!source.startsWith(`${buildDir}/`)) throw new Error(`line ${i.line}: ${source} is outside ${buildDir}`);
        from = join(ROOT, relative(buildDir, source));
        if (!existsSync(from)) throw new Error(`${from} is missing: build first (npx tsc -b; npm test does)`);
      } else {
        if (ignored(source)) throw new Error(`line ${i.line}: ${source} is left out by .dockerignore`);
        from = join(ROOT, source);
      }
      cpSync(from, join(dir, dest), {
        recursive: true,
        filter: (src) => i.flags.from !== undefined || !ignored(relative(ROOT, src) || '.'),
      });
    } else if (i.keyword === 'RUN') {
      for (const cmd of i.args.split('&&').map((c) => c.trim())) {
        if (cmd === 'npm cache clean --force') continue;
        if (!/^npm (ci|install) /.test(cmd)) throw new Error(`line ${i.line}: this test cannot repeat RUN ${cmd}`);
        npm.push(cmd);
        // --prefer-offline: the lockfile fixes every version and checksum, so the machine's npm cache may serve them.
        await promisify(execFile)('sh', ['-c', cmd], {
          cwd: dir,
          env: { ...cleanEnv(), ...env, npm_config_prefer_offline: 'true' },
          maxBuffer: 16 * 1024 * 1024,
        });
      }
    }
  }
  return { app, env, npm };
}
