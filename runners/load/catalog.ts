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
        if (!docIds.has(s.doc)) problems.push(`${at(['sources', j, 'doc'])} clauses[${i}].sources[${j}].doc: "${s.doc}" is not a document listed in edition.yaml`);
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

/** A clause gates levels only when it is a shall (应) clause and none of its sources is unverified (⚠). */
export function gates(c: Clause): boolean {
  return c.obligation === 'shall' && !c.sources.some((s) => s.verified === false);
}
