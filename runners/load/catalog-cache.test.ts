// The compiled CLI's shortcuts (tools/build.mjs): the built-in catalog from its JSON cache, the checks' metadata
// from suites/checks.index.json and the precompiled schema validators must be exactly what parsing the YAML,
// importing the checks and compiling the schemas give, and a cache made from other bytes must never be used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog.ts';
import { loadChecks } from '../core/registry.ts';
import { ajv, parseFile, schemaForFile } from './documents.ts';
import type { Catalog } from '../core/types.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const COMPILED_CATALOG = path.join(HERE, 'catalog.js');
const CACHE = path.join(HERE, '.catalog-cache.json');
const COMPILED_REGISTRY = path.join(HERE, '..', 'core', 'registry.js');
const VALIDATORS = path.join(HERE, '.schema-validators.cjs');
const COMPILED_DOCUMENTS = path.join(HERE, 'documents.js');
const built = fs.existsSync(COMPILED_CATALOG) && fs.existsSync(CACHE) && fs.existsSync(COMPILED_REGISTRY) && fs.existsSync(VALIDATORS);
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

  it('the precompiled validators judge every example, valid and invalid, as ajv compiling the schema does', async () => {
    const compiled = (await import(pathToFileURL(COMPILED_DOCUMENTS).href)) as typeof import('./documents.ts');
    const pre = compiled.precompiledValidators(VALIDATORS);
    expect(pre, 'the build wrote no usable validators').toBeDefined();
    const examples = path.join(HERE, '../../standards/examples');
    const files = fs.readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    let judged = 0;
    for (const f of files) {
      let data: unknown;
      try {
        data = parseFile(path.join(examples, f)).data;
      } catch {
        continue; // an example of a YAML syntax error: nothing to validate
      }
      const schema = schemaForFile(path.join(examples, f), data) ?? (f.startsWith('i18n/') ? 'i18n.schema.json' : undefined);
      if (!schema) continue;
      const a = ajv().getSchema(schema)!;
      const b = pre!.get(schema)!;
      expect([b(data), b.errors ?? null], f).toEqual([a(data), a.errors ?? null]);
      judged++;
    }
    expect(judged).toBeGreaterThan(10);
  });

  it('validators made from other schemas are ignored', async () => {
    const compiled = (await import(pathToFileURL(COMPILED_DOCUMENTS).href)) as typeof import('./documents.ts');
    // Beside the real one, so that its requires of ajv's runtime resolve as the real one's do.
    const file = path.join(HERE, `.schema-validators-stale-${process.pid}.cjs`);
    try {
      fs.writeFileSync(file, fs.readFileSync(VALIDATORS, 'utf8').replace(/module\.exports\.key = "[^"]+"/, `module.exports.key = "${'0'.repeat(64)}"`));
      expect(compiled.precompiledValidators(VALIDATORS)).toBeDefined();
      expect(compiled.precompiledValidators(file)).toBeUndefined();
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
