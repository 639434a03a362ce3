import { join } from 'node:path';
import { PKG } from './testing/engine';

describe('package conventions', () => {
  it("the built dist loads through n8n-core's package loader", async () => {
    const { PackageDirectoryLoader } = require('n8n-core') as typeof import('n8n-core');
    const loader = new PackageDirectoryLoader(join(__dirname, '..'));
    await loader.loadAll();
    expect(Object.keys(loader.known.nodes).sort()).toEqual(['smsFleet', 'smsFleetTrigger']);
    expect(Object.keys(loader.known.credentials)).toEqual(['smsfleetApi']);
    const sms = loader.nodeTypes.smsFleet!.type as { description: { usableAsTool?: boolean; icon: unknown } };
    expect(sms.description.usableAsTool).toBe(true);
  });

  it('has no runtime dependencies, a strict n8n block, and importable example workflows using its node types', () => {
    const pkg = require('../package.json') as {
      dependencies?: object;
      n8n: { strict: boolean; n8nNodesApiVersion: number };
      keywords: string[];
    };
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.n8n).toMatchObject({ strict: true, n8nNodesApiVersion: 1 });
    expect(pkg.keywords).toContain('n8n-community-node-package');
    const fs = require('node:fs') as typeof import('node:fs');
    const dir = join(__dirname, '..', 'examples');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const wf = JSON.parse(fs.readFileSync(join(dir, f), 'utf8')) as {
        nodes: { type: string; name: string }[];
        connections: Record<string, unknown>;
      };
      const ours = wf.nodes.filter((n) => n.type.startsWith(`${PKG}.`)).map((n) => n.type);
      expect(ours.length).toBeGreaterThan(0);
      for (const t of ours) expect([`${PKG}.smsFleet`, `${PKG}.smsFleetTrigger`]).toContain(t);
      for (const from of Object.keys(wf.connections)) expect(wf.nodes.map((n) => n.name)).toContain(from);
    }
  });
});
