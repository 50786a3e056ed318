// Loads an edition of the standard (edition.yaml + one clause file per domain), validating every file
// against its schema and the cross-file rules a schema cannot express (unique ids, known items and documents).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Clause, ClauseLocations, DomainFile, Edition } from '../core/types.ts';
import { InputError } from './errors.ts';
import { ROOT, displayPath, loadValidated, schemasKey, type ParsedDocument } from './documents.ts';

export const DEFAULT_EDITION_DIR = path.join(ROOT, 'standards/gov-llm-2.0');

export function loadCatalog(dir: string = DEFAULT_EDITION_DIR): Catalog {
  return (path.resolve(dir) === DEFAULT_EDITION_DIR && cachedBuiltIn()) || parseCatalog(dir);
}

// The built-in edition, parsed and validated once by `npm run build` (tools/build.mjs) and stored as JSON: parsing
// ~220 KB of YAML with positions and validating it is ~0.5 s of every `govllm validate`, `list` and `explain`. The
// cache is read only by compiled code (whose freshness against the sources govllm.mjs checks) and only when the
// bytes of every file it was made from — the edition's YAML and the schemas — are the same, so it can never stand
// for a catalog or a loader that changed since.
const CATALOG_CACHE = path.join(path.dirname(fileURLToPath(import.meta.url)), '.catalog-cache.json');

interface CatalogCache {
  key: string;
  catalog: Omit<Catalog, 'locations' | 'clauses' | 'dir'>;
  /** clause id → [absolute file, line] (shown relative to the working directory when loaded) */
  locations: [string, string, number | null][];
}

/** SHA-256 over the names and bytes of every file a parse of `dir` reads: its YAML, and the schemas. */
function cacheKey(dir: string): string {
  const h = crypto.createHash('sha256').update(schemasKey());
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort())
    h.update(`${f}\0`)
      .update(fs.readFileSync(path.join(dir, f)))
      .update('\0');
  return h.digest('hex');
}

/** The built-in catalog from `cacheFile`, or undefined when not compiled, absent, or made from other bytes. */
export function cachedBuiltIn(cacheFile = CATALOG_CACHE): Catalog | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  let cache: CatalogCache;
  try {
    cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CatalogCache;
    if (cache.key !== cacheKey(DEFAULT_EDITION_DIR)) return undefined;
  } catch {
    return undefined;
  }
  const clauses = cache.catalog.domains.flatMap((d) => d.clauses as Clause[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const locations = new Map(cache.locations.map(([id, file, line]) => [id, `${displayPath(file)}:${line ?? '?'}`]));
  return { ...cache.catalog, dir: DEFAULT_EDITION_DIR, clauses, locations };
}

/** Writes the built-in edition's cache (tools/build.mjs, after compiling). @public */
export function writeCatalogCache(): void {
  const key = cacheKey(DEFAULT_EDITION_DIR);
  const lines = new Map<string, [string, number | null]>();
  const c = parseCatalog(DEFAULT_EDITION_DIR);
  for (const clause of c.clauses) {
    const [file, line] = c.locations.get(clause.id)!.split(/:(?=[^:]*$)/);
    lines.set(clause.id, [path.resolve(file), line === '?' ? null : Number(line)]);
  }
  const cache: CatalogCache = {
    key,
    catalog: { edition: c.edition, domains: c.domains, sha256: c.sha256 },
    locations: [...lines].map(([id, [file, line]]) => [id, file, line]),
  };
  fs.writeFileSync(CATALOG_CACHE, JSON.stringify(cache));
}

function parseCatalog(dir: string): Catalog {
  const problems: string[] = [];
  const editionFile = path.join(dir, 'edition.yaml');
  const editionDoc = loadValidated<Edition>(editionFile, 'edition.schema.json');
  const edition = editionDoc.data;
  const docIds = new Set(edition.documents.map((d) => d.id));
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(editionFile));

  const domains: DomainFile[] = [];
  const clauses: Clause[] = [];
  // Where each clause is defined: its file's parsed document and its index there. The line is looked up only when
  // a message or `govllm explain` asks for it (a second parse of the file, with positions).
  const defined = new Map<string, { doc: ParsedDocument<DomainFile>; shown: string; index: number }>();
  const locations: ClauseLocations = {
    get(id) {
      const d = defined.get(id);
      return d && `${d.shown}:${d.doc.lineOf(['clauses', d.index]) ?? '?'}`;
    },
  };
  for (const d of edition.domains) {
    const file = path.join(dir, d.file);
    let doc;
    try {
      doc = loadValidated<DomainFile>(file, 'clause-file.schema.json');
    } catch (e) {
      if (e instanceof InputError) {
        problems.push(...e.problems);
        continue;
      }
      throw e;
    }
    hash.update(fs.readFileSync(file));
    const shown = displayPath(file);
    const df = doc.data;
    if (df.domain !== d.id) problems.push(`${shown}:${doc.lineOf(['domain'])} domain: is "${df.domain}" but edition.yaml lists this file for "${d.id}"`);
    if (df.edition !== edition.id) problems.push(`${shown}:${doc.lineOf(['edition'])} edition: is "${df.edition}", expected "${edition.id}"`);
    const items = new Set(df.items.map((i) => i.id));
    df.clauses.forEach((c, i) => {
      const at = (parts: (string | number)[]) => `${shown}:${doc.lineOf(['clauses', i, ...parts]) ?? '?'}`;
      (c as Clause).domain = df.domain;
      if (defined.has(c.id)) problems.push(`${at(['id'])} clauses[${i}].id: "${c.id}" is already defined at ${locations.get(c.id)}`);
      else defined.set(c.id, { doc, shown, index: i });
      if (!items.has(c.item)) problems.push(`${at(['item'])} clauses[${i}].item: "${c.item}" is not one of this file's items`);
      c.sources.forEach((s, j) => {
        if (!docIds.has(s.doc))
          problems.push(`${at(['sources', j, 'doc'])} clauses[${i}].sources[${j}].doc: "${s.doc}" is not a document listed in edition.yaml`);
      });
      if (c.verification === 'attestation' && !c.checks.every((k) => k.use === 'attestation')) {
        problems.push(`${at(['checks'])} clauses[${i}].checks: an attestation clause uses only the "attestation" check`);
      }
      clauses.push(c);
    });
    domains.push(df);
  }
  if (problems.length > 0) throw new InputError(problems[0], problems);
  clauses.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { dir, edition, domains, clauses, sha256: hash.digest('hex'), locations };
}

/**
 * Whether a clause gates a maturity level (standards/gov-llm-2.0/MATURITY.md): never when one of its sources is
 * unverified (⚠/◐: scored, never gating, never a red line); otherwise every 应/shall clause gates its level, and
 * from level 3 up the 宜/should clauses gate too — levels 1–2 are conformance to what the sources make
 * mandatory, levels 3–5 are the adoption of the practices they recommend, so a level above 2 can be earned.
 */
export const SHOULD_GATES_FROM_LEVEL = 3;

export function verifiedSources(c: Clause): boolean {
  return !c.sources.some((s) => s.verified === false);
}

export function gates(c: Clause): boolean {
  return verifiedSources(c) && (c.obligation === 'shall' || c.level >= SHOULD_GATES_FROM_LEVEL);
}

/** A red line denies the verdict only when it is critical and every source is verified (RED-LINES.md). */
export function redLine(c: Clause): boolean {
  return c.critical === true && verifiedSources(c);
}
