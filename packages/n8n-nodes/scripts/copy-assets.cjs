// tsc compiles the .ts files; n8n also needs each node's icons and codex JSON next to the compiled node.
const fs = require('node:fs');
const path = require('node:path');
const src = path.join(__dirname, '..', 'src', 'nodes');
const dist = path.join(__dirname, '..', 'dist', 'nodes');
for (const dir of fs.readdirSync(src)) {
  if (!fs.statSync(path.join(src, dir)).isDirectory()) continue;
  for (const f of fs.readdirSync(path.join(src, dir))) {
    if (!/\.(svg|png|json)$/.test(f)) continue;
    fs.mkdirSync(path.join(dist, dir), { recursive: true });
    fs.copyFileSync(path.join(src, dir, f), path.join(dist, dir, f));
  }
}
