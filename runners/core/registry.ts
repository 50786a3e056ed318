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

/** What is known of a check without running it: enough to validate `with:` blocks and explain a clause. */
export type CheckInfo = Pick<CheckDefinition<any>, 'id' | 'title' | 'needs' | 'params'>;

export interface CheckInfoRegistry {
  checks: Map<string, CheckInfo>;
  /** check id → the file it came from (its .ts source when it ran compiled) */
  files: Map<string, string>;
  validateParams(checkId: string, params: unknown): string[];
}

export interface CheckRegistry extends CheckInfoRegistry {
  checks: Map<string, CheckDefinition<any>>;
}

/**
 * The checks' ids, titles, needs and params schemas, written by `npm run build` (tools/build.mjs) so that
 * `govllm validate` and `explain` need not import every check module and all it imports (the MCP and A2A SDKs,
 * zod …: ≈ 0.3 s). Read only by compiled code, whose freshness against the sources runners/bin/govllm.mjs checks.
 */
export const CHECK_INDEX = path.join(SUITES_DIR, 'checks.index.json');

interface IndexedCheck extends CheckInfo {
  file: string;
}

export async function loadCheckInfo(): Promise<CheckInfoRegistry> {
  if (SOURCE_EXT === '.js') {
    try {
      const list = JSON.parse(fs.readFileSync(CHECK_INDEX, 'utf8')) as IndexedCheck[];
      return withParamValidation(new Map(list.map((c) => [c.id, c])), new Map(list.map((c) => [c.id, c.file])));
    } catch {
      // no index (a build that stopped early): import the modules
    }
  }
  return loadChecks();
}

/** Writes CHECK_INDEX from the checks as they load now (tools/build.mjs, after compiling). @public */
export async function writeCheckIndex(): Promise<number> {
  const reg = await loadChecks();
  const list: IndexedCheck[] = [...reg.checks.values()]
    .map((d) => ({ id: d.id, title: d.title, needs: d.needs, params: d.params, file: reg.files.get(d.id)! }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  fs.writeFileSync(CHECK_INDEX, JSON.stringify(list) + '\n');
  return list.length;
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
    // Named by its TypeScript source, which is what a reader opens, also when the compiled module ran.
    const source = file.endsWith('.js') && fs.existsSync(file.slice(0, -3) + '.ts') ? file.slice(0, -3) + '.ts' : file;
    files.set(def.id, path.relative(ROOT, source));
  }
  return withParamValidation(checks, files);
}

function withParamValidation<T extends CheckInfo>(checks: Map<string, T>, files: Map<string, string>) {
  const validators = new Map<string, ValidateFunction>();
  return {
    checks,
    files,
    validateParams(checkId: string, params: unknown): string[] {
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
export function missingChecks(catalog: Catalog, reg: CheckInfoRegistry): Map<string, string[]> {
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
export function checkCatalogParams(catalog: Catalog, reg: CheckInfoRegistry, strict: boolean): void {
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
