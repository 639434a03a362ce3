import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayConnection, Sim } from '@smsfleet/core';
import { ENV_VARS } from '@smsfleet/hub';
import { parse } from 'yaml';
import { execForm } from './dockerfile';
import { readDockerfile, ROOT } from './runtime-stage';

interface Service {
  build?: string;
  image?: string;
  init?: boolean;
  command?: string[];
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
// Merge keys (`<<: *hub`) as compose reads them: the second hub is the first one's copy.
const compose = parse(read('compose.yaml'), { merge: true }) as Compose;
const { services } = compose;
/** `${VAR:-default}` as compose reads it with VAR unset. */
const unset = (s: string) => s.replace(/\$\{\w+:-([^}]*)\}/g, '$1');

describe('compose.yaml', () => {
  it('runs the hub on Redis whose append-only file lives on a named volume', () => {
    expect(Object.keys(services).sort()).toEqual(['hub', 'hub-2', 'proxy', 'redis']);
    const redis = services.redis!;
    expect(redis.command!.join(' ')).toMatch(/--appendonly yes --appendfsync (always|everysec)/);
    const [volume, path] = redis.volumes![0]!.split(':');
    expect(path).toBe('/data');
    expect(compose.volumes).toHaveProperty(volume!);
    expect(redis.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);

    const hub = services.hub!;
    expect(hub).toMatchObject({ build: '.', init: true, depends_on: { redis: { condition: 'service_healthy' } } });
    expect(hub.profiles).toBeUndefined();
    expect(hub.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379/0', SMSFLEET_HOST: '0.0.0.0' });
    expect(unset(hub.ports![0]!)).toBe(`8080:${hub.environment!.SMSFLEET_PORT}`);
  });

  it('gives the fleet file as the secret the image reads, and settings from an env file git ignores', () => {
    const { runtime } = readDockerfile();
    const cmd = execForm(runtime.instructions.find((i) => i.keyword === 'CMD')!.args);
    expect(cmd[cmd.indexOf('--fleet') + 1]).toBe(`/run/secrets/${services.hub!.secrets![0]}`);
    expect(unset(compose.secrets[services.hub!.secrets![0]!]!.file)).toBe('./deploy/fleet.json');
    expect(services.hub!.env_file).toEqual(['deploy/smsfleet.env']);
    const gitignore = read('.gitignore').split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['deploy/fleet.json', 'deploy/smsfleet.env']));
    // The context the image is built from leaves both out too (.dockerignore lists what it takes).
    expect(readDockerfile().ignored('deploy/fleet.json')).toBe(true);
    expect(readDockerfile().ignored('deploy/smsfleet.env')).toBe(true);
  });

  it('ships examples of both that the hub would accept', () => {
    const example = JSON.parse(read('deploy/fleet.example.json')) as {
      connections: Array<{ id: string; connection: unknown }>;
      devices: Array<{ connectionId: string; sims: unknown[] }>;
    };
    for (const c of example.connections) expect(GatewayConnection.safeParse(c.connection).error).toBeUndefined();
    for (const d of example.devices) {
      expect(example.connections.map((c) => c.id)).toContain(d.connectionId);
      for (const s of d.sims) expect(Sim.safeParse(s).error).toBeUndefined();
    }
    const names = read('deploy/smsfleet.env.example')
      .split('\n')
      .map((l) => /^#?\s*([A-Z_]+)=/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(Object.keys(ENV_VARS)).toContain(n);
  });

  it('adds a second hub and nginx in front of both with --profile scale', () => {
    const { hub, 'hub-2': hub2, proxy } = services;
    expect(hub2!.profiles).toEqual(['scale']);
    expect(proxy!.profiles).toEqual(['scale']);
    const { profiles: _a, ports: _b, ...shared } = hub!;
    const { profiles: _c, ...shared2 } = hub2!;
    expect(shared2).toEqual(shared);
    expect(proxy!.depends_on).toEqual({
      hub: { condition: 'service_healthy' },
      'hub-2': { condition: 'service_healthy' },
    });
    const [conf, target] = proxy!.volumes![0]!.split(':');
    expect(target).toBe('/etc/nginx/conf.d/default.conf');
    expect(existsSync(join(ROOT, conf!))).toBe(true);
    const nginx = read(conf!);
    const port = hub!.environment!.SMSFLEET_PORT;
    expect(nginx).toMatch(new RegExp(`server hub:${port}\\b`));
    expect(nginx).toMatch(new RegExp(`server hub-2:${port}\\b`));
    // A POST that reached one hub must never be replayed to the other: no `non_idempotent` retries.
    expect(nginx).not.toMatch(/non_idempotent/);
    expect(unset(proxy!.ports![0]!)).toMatch(/^8081:\d+$/);
    expect(nginx).toMatch(new RegExp(`listen ${unset(proxy!.ports![0]!).split(':')[1]};`));
  });
});
