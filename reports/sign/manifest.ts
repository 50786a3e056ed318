// manifest.json: every file of the bundle with its SHA-256, and the inputs the run used (catalog files,
// profile, target descriptor, evidence files) with the hashes the run saw. Signing signs this file's bytes,
// so one signature covers every byte of the bundle.

import fs from 'node:fs';
import { sha256, sha256OfFile } from '../../runners/core/hash.ts';
import path from 'node:path';
import type { Catalog } from '../../runners/core/types.ts';
import { displayPath } from '../../runners/load/documents.ts';
import type { ResultsDocument } from '../score/input.ts';

export const MANIFEST_FORMAT = 'govllm-manifest/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** the schema the file must validate against, when it has one */
  schema?: string;
}

export interface ManifestInput {
  kind: 'catalog' | 'profile' | 'target' | 'evidence';
  path: string;
  sha256: string;
}

export interface Manifest {
  $schema: 'manifest.schema.json';
  format: typeof MANIFEST_FORMAT;
  run_id: string;
  report_id: string;
  created_at: string;
  tool: { name: string; version: string; git_revision: string };
  files: ManifestFile[];
  inputs: ManifestInput[];
  /** Items a person decided (govllm review import), so the signature covers who decided what. */
  human_review?: { reviewer: string; at: string; file: string; sha256: string; items: string[] }[];
}

export { sha256, sha256OfFile };

/** Files of a bundle folder, '/'-separated and sorted; the manifest and its signature excluded. */
export function bundleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && r !== MANIFEST_FILE && r !== SIGNATURE_FILE && !/\.tmp-\d+$/.test(r)) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Which schema validates which bundle file (verify uses this too). */
export const FILE_SCHEMAS: Record<string, string> = {
  'results.json': 'results.schema.json',
  'scores.json': 'scores.schema.json',
  'oscal-assessment-results.json': 'oscal-assessment-results',
  'manifest.json': 'manifest.schema.json',
};

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function buildManifest(dir: string, ctx: { results: ResultsDocument; catalog?: Catalog; reportId: string }): Manifest {
  const { results, catalog } = ctx;
  const files = bundleFiles(dir).map((p) => ({ path: p, ...sha256OfFile(path.join(dir, p)), ...(FILE_SCHEMAS[p] ? { schema: FILE_SCHEMAS[p] } : {}) }));
  const inputs: ManifestInput[] = [];
  if (catalog) {
    const names = ['edition.yaml', ...catalog.edition.domains.map((d) => d.file)];
    for (const n of names) {
      const f = path.join(catalog.dir, n);
      if (fs.existsSync(f)) inputs.push({ kind: 'catalog', path: displayPath(f).split(path.sep).join('/'), sha256: sha256OfFile(f).sha256 });
    }
  }
  const profileSha = (results.profile as { sha256?: string }).sha256;
  if (profileSha) inputs.push({ kind: 'profile', path: `profile:${results.profile.id}`, sha256: profileSha });
  // The target descriptor as results.json records it (secrets already removed), hashed canonically.
  inputs.push({ kind: 'target', path: `target:${results.target.name}`, sha256: sha256(stableJson(results.target)) });
  const seen = new Set<string>();
  for (const o of results.outcomes) {
    for (const e of o.evidence ?? []) {
      const k = `${e.file}\u0000${e.sha256}`;
      if (seen.has(k) || !/^[0-9a-f]{64}$/.test(e.sha256)) continue;
      seen.add(k);
      inputs.push({ kind: 'evidence', path: e.file, sha256: e.sha256 });
    }
  }
  const reviews = results.reviews;
  inputs.sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    $schema: 'manifest.schema.json',
    format: MANIFEST_FORMAT,
    run_id: results.run_id,
    report_id: ctx.reportId,
    created_at: results.finished_at ?? results.started_at ?? new Date(0).toISOString(),
    tool: {
      name: results.tool?.name ?? 'govllm',
      version: results.tool?.version ?? '',
      git_revision: results.tool?.git_revision ?? results.git_revision ?? 'unknown',
    },
    files,
    inputs,
    ...(reviews?.length
      ? {
          human_review: reviews.map((r) => ({
            reviewer: r.reviewer,
            at: r.at,
            file: r.file,
            sha256: r.sha256,
            items: r.decisions.map((d) => `${d.clause}#${d.index}/${d.item}=${d.decision}`),
          })),
        }
      : {}),
  };
}

export function writeManifest(dir: string, ctx: { results: ResultsDocument; catalog?: Catalog; reportId: string }): Manifest {
  const m = buildManifest(dir, ctx);
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(m, null, 2) + '\n');
  // A stale signature would now be wrong; remove it rather than leave a bundle that fails verify for a dull reason.
  fs.rmSync(path.join(dir, SIGNATURE_FILE), { force: true });
  return m;
}
