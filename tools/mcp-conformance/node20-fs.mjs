// node:fs plus a globSync for the `**/<name>` patterns @modelcontextprotocol/conformance uses.
import fs from 'node:fs';
import path from 'node:path';
export * from 'node:fs';
export default fs;
export function globSync(pattern, opts = {}) {
  const cwd = opts.cwd ?? process.cwd();
  const m = /^\*\*\/([^*/]+)$/.exec(pattern);
  if (!m) throw new Error(`node20-fs globSync: unsupported pattern ${pattern}`);
  if (!fs.existsSync(cwd)) return [];
  return fs
    .readdirSync(cwd, { recursive: true })
    .filter((f) => path.basename(String(f)) === m[1])
    .map(String);
}
