// The compiled CLI's shortcuts (tools/build.mjs): the built-in catalog from its JSON cache and the checks' metadata
// from suites/checks.index.json must be exactly what parsing the YAML and importing the checks give, and a cache
// made from other bytes must never be used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog.ts';
import { loadChecks } from '../core/registry.ts';
import type { Catalog } from '../core/types.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const COMPILED_CATALOG = path.join(HERE, 'catalog.js');
const CACHE = path.join(HERE, '.catalog-cache.json');
const COMPILED_REGISTRY = path.join(HERE, '..', 'core', 'registry.js');
const built = fs.existsSync(COMPILED_CATALOG) && fs.existsSync(CACHE) && fs.existsSync(COMPILED_REGISTRY);
if (!built) console.warn('catalog-cache.test.ts: no build (npm run build; npm ci runs it): skipped');

const plain = (c: Catalog) => JSON.parse(JSON.stringify({ ...c, locations: c.clauses.map((k) => [k.id, c.locations.get(k.id)]) }));

describe.skipIf(!built)('compiled start-up shortcuts', () => {
  it('the cached built-in catalog equals the parsed one, locations included', async () => {
    const compiled = (await import(pathToFileURL(COMPILED_CATALOG).href)) as typeof import('./catalog.ts');
    const cached = compiled.cachedBuiltIn();
    expect(cached, 'the build wrote no usable cache').toBeDefined();
    expect(plain(cached!)).toEqual(plain(loadCatalog()));
  });

  it('a cache made from other bytes is ignored', async () => {
    const compiled = (await import(pathToFileURL(COMPILED_CATALOG).href)) as typeof import('./catalog.ts');
    const stale = JSON.parse(fs.readFileSync(CACHE, 'utf8'));
    stale.key = '0'.repeat(64);
    stale.catalog.domains[0].clauses[0].title.zh = '被篡改';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-cache-')), 'stale.json');
    fs.writeFileSync(file, JSON.stringify(stale));
    expect(compiled.cachedBuiltIn(file)).toBeUndefined();
  });

  it("the check index gives every check's title, needs and params as importing the modules does", async () => {
    const compiled = (await import(pathToFileURL(COMPILED_REGISTRY).href)) as typeof import('../core/registry.ts');
    const info = await compiled.loadCheckInfo();
    const reg = await loadChecks();
    expect([...info.checks.keys()].sort()).toEqual([...reg.checks.keys()].sort());
    for (const [id, def] of reg.checks) {
      const i = info.checks.get(id)!;
      expect({ title: i.title, needs: i.needs, params: i.params, file: info.files.get(id) }).toEqual({
        title: def.title,
        needs: def.needs,
        params: JSON.parse(JSON.stringify(def.params)),
        file: reg.files.get(id),
      });
    }
    expect(info.validateParams('access.rate-limit', { burst: 1 })).not.toEqual([]);
  });
});
