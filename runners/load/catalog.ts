// Loads an edition of the standard (edition.yaml + one clause file per domain), validating every file
// against its schema and the cross-file rules a schema cannot express (unique ids, known items and documents).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog, Clause, DomainFile, Edition } from '../core/types.ts';
import { InputError } from './errors.ts';
import { ROOT, displayPath, loadValidated } from './documents.ts';

export const DEFAULT_EDITION_DIR = path.join(ROOT, 'standards/gov-llm-2.0');

export function loadCatalog(dir: string = DEFAULT_EDITION_DIR): Catalog {
  const problems: string[] = [];
  const editionFile = path.join(dir, 'edition.yaml');
  const editionDoc = loadValidated<Edition>(editionFile, 'edition.schema.json');
  const edition = editionDoc.data;
  const docIds = new Set(edition.documents.map((d) => d.id));
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(editionFile));

  const domains: DomainFile[] = [];
  const clauses: Clause[] = [];
  const locations = new Map<string, string>();
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
      if (locations.has(c.id)) problems.push(`${at(['id'])} clauses[${i}].id: "${c.id}" is already defined at ${locations.get(c.id)}`);
      else locations.set(c.id, at([]));
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
