// Discovers checks: every `suites/**/*.check.ts` module default-exports one defineCheck(...).
// Check ids are unique; each check's `params` schema is compiled once so clauses' `with:` blocks can be
// validated at load time (an unknown check id or a bad `with:` is a load error naming the clause).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { CheckDefinition } from './check.ts';
import type { Catalog } from './types.ts';
import { ROOT, ajv } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';

export const SUITES_DIR = path.join(ROOT, 'suites');
/** '.check.js' modules when this runs compiled (`npm run build`), '.check.ts' under tsx or vitest. */
const SOURCE_EXT = path.extname(fileURLToPath(import.meta.url));

export interface CheckRegistry {
  checks: Map<string, CheckDefinition<any>>;
  /** check id → file it came from */
  files: Map<string, string>;
  validateParams(checkId: string, params: unknown): string[];
}

let cached: Promise<CheckRegistry> | undefined;
let tsx: Promise<void> | undefined;

function typescriptLoader(): Promise<void> {
  tsx ??= import('tsx/esm/api').then(({ register }) => void register());
  return tsx;
}

export function loadChecks(dir: string = SUITES_DIR): Promise<CheckRegistry> {
  if (dir === SUITES_DIR && cached) return cached;
  const p = discover(dir);
  if (dir === SUITES_DIR) cached = p;
  return p;
}

async function discover(dir: string): Promise<CheckRegistry> {
  const checks = new Map<string, CheckDefinition<any>>();
  const files = new Map<string, string>();
  const entries = fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
  const have = new Set(entries);
  // Compiled, a check is its .check.js; a .check.ts with no compiled sibling (an evaluator's own --suites folder,
  // test data) is still a check, loaded through tsx, never silently skipped.
  const modules = entries.filter(
    (f) => f.endsWith(`.check${SOURCE_EXT}`) || (SOURCE_EXT === '.js' && f.endsWith('.check.ts') && !have.has(f.slice(0, -3) + '.js')),
  );
  for (const rel of modules.sort()) {
    const file = path.join(dir, rel);
    if (SOURCE_EXT === '.js' && rel.endsWith('.ts')) await typescriptLoader();
    const mod = await import(pathToFileURL(file).href);
    const def = mod.default as CheckDefinition<any> | undefined;
    if (!def || typeof def.run !== 'function' || typeof def.id !== 'string') {
      throw new Error(`${path.relative(ROOT, file)} must default-export defineCheck({...})`);
    }
    if (checks.has(def.id)) throw new Error(`check id "${def.id}" is defined twice: ${files.get(def.id)} and ${path.relative(ROOT, file)}`);
    checks.set(def.id, def);
    files.set(def.id, path.relative(ROOT, file));
  }
  const validators = new Map<string, ValidateFunction>();
  return {
    checks,
    files,
    validateParams(checkId, params) {
      const def = checks.get(checkId);
      if (!def) return [`unknown check "${checkId}"`];
      let v = validators.get(checkId);
      if (!v) {
        v = ajv().compile(def.params);
        validators.set(checkId, v);
      }
      if (v(params ?? {})) return [];
      return (v.errors ?? []).map(
        (e) =>
          `with${e.instancePath.replace(/\//g, '.')}: ${e.message}${e.keyword === 'additionalProperties' ? ` (${(e.params as any).additionalProperty})` : ''}`,
      );
    },
  };
}

/** The check ids the catalog names that no suite implements (besides `attestation`, handled by the runner). */
export function missingChecks(catalog: Catalog, reg: CheckRegistry): Map<string, string[]> {
  const missing = new Map<string, string[]>();
  for (const c of catalog.clauses) {
    for (const u of c.checks) {
      if (u.use === 'attestation' || reg.checks.has(u.use)) continue;
      missing.set(u.use, [...(missing.get(u.use) ?? []), c.id]);
    }
  }
  return missing;
}

/** Validates every clause's `with:` against its check's params; unknown ids are errors when `strict`. */
export function checkCatalogParams(catalog: Catalog, reg: CheckRegistry, strict: boolean): void {
  const problems: string[] = [];
  for (const c of catalog.clauses) {
    c.checks.forEach((u, i) => {
      if (u.use === 'attestation') return;
      if (!reg.checks.has(u.use)) {
        if (strict) problems.push(`${catalog.locations.get(c.id)} ${c.id} checks[${i}].use: no suite implements check "${u.use}"`);
        return;
      }
      for (const p of reg.validateParams(u.use, u.with ?? {})) problems.push(`${catalog.locations.get(c.id)} ${c.id} checks[${i}].${p}`);
    });
  }
  if (problems.length) throw new InputError(problems[0], problems);
}
