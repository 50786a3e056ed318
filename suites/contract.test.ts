// suites/CHECKS.md is the contract between the catalog and the checks; this test keeps it true both ways, as
// ESLint's checkRuleFiles and promptfoo's validateAssertionMetadata do for their registries: every discovered
// check has its row and every row its check, the params a row names exist in the check's params schema, and
// every param the schema requires is named in the row. (The catalog's `with:` blocks are validated against the
// same schemas when the catalog loads: runners/core/registry.ts checkCatalogParams.)

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadChecks, type CheckRegistry } from '../runners/core/registry.ts';
import { ROOT } from '../runners/load/documents.ts';

interface Row {
  id: string;
  params: string[];
}

/** Rows of every table whose first cell is a check id: `| \`id\` | what | params |`. */
function contractRows(): Row[] {
  const md = fs.readFileSync(path.join(ROOT, 'suites/CHECKS.md'), 'utf8');
  return [...md.matchAll(/^\| `([a-z0-9.-]+)` \|(.*)\|\s*$/gm)].map((m) => {
    const cells = m[2].split(/(?<!\\)\|/); // a \| inside a cell is not a cell border
    const last = cells[cells.length - 1];
    return { id: m[1], params: [...last.matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((p) => p[1]) };
  });
}

let registry: CheckRegistry;
let rows: Row[];
beforeAll(async () => {
  registry = await loadChecks();
  rows = contractRows();
});

describe('suites/CHECKS.md and the discovered checks', () => {
  it('every check has exactly one row and every row a check (see CONTRIBUTING.md to add one)', () => {
    const ids = rows.map((r) => r.id);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'ids with two rows',
    ).toEqual([]);
    expect([...registry.checks.keys()].filter((id) => !ids.includes(id)).sort(), 'checks without a row in suites/CHECKS.md').toEqual([]);
    expect(ids.filter((id) => !registry.checks.has(id)).sort(), 'rows without a check module').toEqual([]);
  });

  it('a row names only params its check accepts, and every param the check requires', () => {
    const problems: string[] = [];
    for (const r of rows) {
      const def = registry.checks.get(r.id);
      if (!def) continue;
      const schema = (def.params ?? {}) as { properties?: Record<string, unknown>; required?: string[] };
      const known = new Set(Object.keys(schema.properties ?? {}));
      for (const p of r.params) if (!known.has(p)) problems.push(`${r.id}: CHECKS.md names \`${p}\`, which its params schema does not have`);
      for (const p of schema.required ?? []) if (!r.params.includes(p)) problems.push(`${r.id}: requires \`${p}\`, which its CHECKS.md row does not name`);
    }
    expect(problems).toEqual([]);
  });
});

describe('one shape for a check module', () => {
  it('is named by its check id, exports only its definition and imports no other check', () => {
    const problems: string[] = [];
    for (const [id, file] of registry.files) {
      if (!file.startsWith('suites/')) continue;
      const base = path.basename(file).replace(/\.check\.[jt]s$/, '');
      if (base !== id.replace(/\./g, '-')) problems.push(`${file}: named "${base}", its check id is ${id} (expected ${id.replace(/\./g, '-')}.check.ts)`);
      const src = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of src.matchAll(/^export (?!default\b)(?:const|function|class|let|interface|type|async function) (\w+)/gm))
        problems.push(`${file}: exports ${m[1]} besides its definition (move shared code to a lib/ module)`);
      for (const m of src.matchAll(/from '([^']+\.check\.ts)'/g)) problems.push(`${file}: imports the check ${m[1]}`);
    }
    expect(problems).toEqual([]);
  });
});
