// `govllm verify DIR`: anyone holding a bundle can check that no byte changed and that every claimed score
// and level follows from the outcomes. Each requirement has a number so a failure can be quoted exactly.
//
//   R1 manifest.json is present and valid against manifest.schema.json
//   R2 every file the manifest lists is present with the same SHA-256 and size
//   R3 the bundle holds no file the manifest does not list
//   R4 manifest.sig is present and its Ed25519 signature over manifest.json verifies (with --pubkey: by that key)
//   R5 every file with a schema validates (results, scores, OSCAL assessment-results; junit.xml is well-formed)
//   R6 scores.json belongs to results.json (run id, edition, catalog hash, profile, waivers, date)
//   R7 the scores and levels recomputed from the outcomes equal the claimed ones
//   R8 the expected clause set matches the catalog, when the catalog with the same hash is at hand (else skipped)
//   R9 the run's own files that results.json lists (journal, transcripts) match the SHA-256 it recorded
//   R10 results.json says what the journal recorded: the same run, and every outcome exactly as journalled
//
// Without a pinned public key (--pubkey) R4 proves only that *someone* signed the bundle: a hand-edited
// results.json re-rendered and re-signed with any key verifies. The report says so (`unpinned`), and the CLI exits
// non-zero unless told --allow-unpinned. R10 still catches an edited results.json beside an untouched journal.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { schemaValidator } from '../../runners/load/documents.ts';
import { asOfOf, recompute, toExpected, waiversOf, type ScoresDocument } from '../score/document.ts';
import type { ResultsDocument } from '../score/input.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, bundleFiles, sha256OfFile, type Manifest } from './manifest.ts';
import { verifySignature, type SignatureFile } from './keys.ts';
import { catalogFor } from '../index.ts';
import type { Catalog, Outcome } from '../../runners/core/types.ts';
import { journalledWithReviews, type ReviewedResults } from '../../runners/review/review.ts';
import { newAjv } from '../../runners/core/ajv.ts';

export interface RequirementResult {
  n: number;
  requirement: string;
  status: 'ok' | 'failed' | 'skipped';
  problems: string[];
  note?: string;
}

export interface VerifyReport {
  ok: boolean;
  /** true when no public key was pinned: the signature proves integrity, not who signed. */
  unpinned: boolean;
  requirements: RequirementResult[];
}

export const REQUIREMENTS: Record<number, string> = {
  1: 'manifest.json is present and valid',
  2: 'every listed file is present with the same SHA-256',
  3: 'no file outside the manifest',
  4: 'the Ed25519 signature over manifest.json verifies',
  5: 'every file validates against its schema',
  6: 'scores.json belongs to results.json',
  7: 'scores and levels recomputed from the outcomes equal the claimed ones',
  8: 'the expected clause set matches the catalog',
  9: "the run's files match the hashes results.json recorded",
  10: 'results.json agrees with the journal',
};

/** Said whenever the signature was checked without a pinned key. */
export const UNPINNED_WARNING =
  "the signer is NOT authenticated: no --pubkey was given, so the signature was checked with the key the bundle itself carries; anyone can edit a bundle and re-sign it. Verify with the signer's published key (--pubkey FILE).";

const OSCAL_SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'oscal', 'oscal_assessment-results_schema.json');
let oscalValidator: ValidateFunction | undefined;
/** NIST's OSCAL schema is draft-07: validated with ajv's draft-07 class, not the project's 2020-12 one. */
export function oscalValidate(): ValidateFunction {
  if (oscalValidator) return oscalValidator;
  const a = newAjv('draft-07', { allErrors: false, allowUnionTypes: true, unicodeRegExp: true });
  oscalValidator = a.compile(JSON.parse(fs.readFileSync(OSCAL_SCHEMA, 'utf8')));
  return oscalValidator;
}

/** Lists where two JSON values differ (path: claimed vs recomputed), at most `max` entries. */
export function jsonDifferences(claimed: unknown, actual: unknown, at = '', out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  if (Array.isArray(claimed) && Array.isArray(actual)) {
    if (claimed.length !== actual.length) out.push(`${at || '(root)'}: ${claimed.length} entries claimed, ${actual.length} recomputed`);
    const n = Math.min(claimed.length, actual.length);
    for (let i = 0; i < n && out.length < max; i++) {
      const id = (claimed[i] as { id?: string })?.id ?? (claimed[i] as { clause?: string })?.clause;
      jsonDifferences(claimed[i], actual[i], `${at}[${id ?? i}]`, out, max);
    }
    return out;
  }
  if (claimed && actual && typeof claimed === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(claimed as object), ...Object.keys(actual as object)]);
    for (const k of [...keys].sort())
      jsonDifferences((claimed as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], at ? `${at}.${k}` : k, out, max);
    return out;
  }
  if (JSON.stringify(claimed) !== JSON.stringify(actual))
    out.push(`${at || '(root)'}: claimed ${JSON.stringify(claimed)}, recomputed ${JSON.stringify(actual)}`);
  return out;
}

function readJson<T>(file: string, problems: string[]): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    problems.push(`${path.basename(file)}: ${(e as Error).message}`);
    return undefined;
  }
}

/** Minimal well-formedness check for junit.xml: balanced tags, one root. */
function xmlWellFormed(text: string): string | undefined {
  const stack: string[] = [];
  const body = text.replace(/<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = re.exec(body))) {
    if (m[0] === '<') return `stray "<" at offset ${m.index}`;
    if (m[0].startsWith('&')) return `unescaped "&" at offset ${m.index}`;
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return `mismatched </${name}> at offset ${m.index}`;
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  if (roots !== 1) return `${roots} root elements`;
  return undefined;
}

export function verifyBundle(dir: string, opts: { pubkey?: string; catalog?: Catalog; catalogDir?: string } = {}): VerifyReport {
  const req = new Map<number, RequirementResult>();
  for (const [n, r] of Object.entries(REQUIREMENTS)) req.set(Number(n), { n: Number(n), requirement: r, status: 'ok', problems: [] });
  const fail = (n: number, p: string) => {
    const r = req.get(n)!;
    r.status = 'failed';
    r.problems.push(p);
  };
  const skip = (n: number, note: string) => {
    const r = req.get(n)!;
    if (r.status === 'ok') r.status = 'skipped';
    r.note = note;
  };

  // R1
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let manifest: Manifest | undefined;
  if (!fs.existsSync(manifestPath)) fail(1, `${MANIFEST_FILE} is missing`);
  else {
    const p: string[] = [];
    manifest = readJson<Manifest>(manifestPath, p);
    p.forEach((x) => fail(1, x));
    if (manifest) {
      const v = schemaValidator('manifest.schema.json');
      if (!v(manifest)) for (const e of v.errors ?? []) fail(1, `${MANIFEST_FILE} ${e.instancePath || '(root)'}: ${e.message}`);
    }
  }

  // R2, R3
  if (Array.isArray(manifest?.files)) {
    for (const f of manifest.files) {
      // A tampered manifest may hold entries of any shape: R1 reported them, here they are only skipped.
      if (typeof f?.path !== 'string' || typeof f.sha256 !== 'string') {
        fail(2, `${MANIFEST_FILE}: an entry without a path and SHA-256 (${JSON.stringify(f)?.slice(0, 80)})`);
        continue;
      }
      const abs = path.resolve(dir, f.path);
      if (!abs.startsWith(path.resolve(dir) + path.sep)) {
        fail(2, `${f.path}: points outside the bundle`);
        continue;
      }
      if (!fs.existsSync(abs)) {
        fail(2, `${f.path}: listed but missing`);
        continue;
      }
      const h = sha256OfFile(abs);
      if (h.sha256 !== f.sha256) fail(2, `${f.path}: SHA-256 is ${h.sha256}, the manifest says ${f.sha256}`);
      else if (h.bytes !== f.bytes) fail(2, `${f.path}: ${h.bytes} bytes, the manifest says ${f.bytes}`);
    }
    const listed = new Set(manifest.files.map((f) => f?.path));
    for (const f of bundleFiles(dir)) if (!listed.has(f)) fail(3, `${f}: in the bundle but not in the manifest`);
  } else {
    skip(2, 'no readable manifest');
    skip(3, 'no readable manifest');
  }

  // R4
  const sigPath = path.join(dir, SIGNATURE_FILE);
  if (!fs.existsSync(sigPath)) fail(4, `${SIGNATURE_FILE} is missing: the bundle is not signed (govllm sign ${dir} --key KEY)`);
  else if (fs.existsSync(manifestPath)) {
    const p: string[] = [];
    const sig = readJson<SignatureFile>(sigPath, p);
    p.forEach((x) => fail(4, x));
    // Whitespace JSON.parse would ignore is still a change to a signed bundle: the file must be exactly as signed.
    if (sig && fs.readFileSync(sigPath, 'utf8') !== JSON.stringify(sig, null, 2) + '\n')
      fail(4, `${SIGNATURE_FILE} is not byte for byte as \`govllm sign\` wrote it (edited after signing)`);
    if (sig) {
      const pinned = opts.pubkey ? fs.readFileSync(opts.pubkey, 'utf8') : undefined;
      const r = verifySignature(fs.readFileSync(manifestPath), sig, pinned);
      if (!r.ok) fail(4, r.detail);
      else req.get(4)!.note = r.detail;
    }
  }

  // R5
  const resultsPath = path.join(dir, 'results.json');
  const scoresPath = path.join(dir, 'scores.json');
  const p5: string[] = [];
  const results = fs.existsSync(resultsPath) ? readJson<ResultsDocument>(resultsPath, p5) : (fail(5, 'results.json is missing'), undefined);
  const scores = fs.existsSync(scoresPath) ? readJson<ScoresDocument>(scoresPath, p5) : (fail(5, 'scores.json is missing'), undefined);
  p5.forEach((x) => fail(5, x));
  const validateWith = (name: string, file: string, data: unknown, v: ValidateFunction) => {
    if (!v(data)) for (const e of (v.errors ?? []).slice(0, 10)) fail(5, `${file} ${e.instancePath || '(root)'}: ${e.message}`);
  };
  if (results) {
    try {
      validateWith('results', 'results.json', results, schemaValidator('results.schema.json'));
    } catch {
      skip(5, 'results.schema.json not available');
    }
  }
  if (scores) validateWith('scores', 'scores.json', scores, schemaValidator('scores.schema.json'));
  const oscalPath = path.join(dir, 'oscal-assessment-results.json');
  if (fs.existsSync(oscalPath)) {
    const p: string[] = [];
    const o = readJson<unknown>(oscalPath, p);
    p.forEach((x) => fail(5, x));
    if (o) validateWith('oscal', 'oscal-assessment-results.json', o, oscalValidate());
  }
  const junitPath = path.join(dir, 'junit.xml');
  if (fs.existsSync(junitPath)) {
    const problem = xmlWellFormed(fs.readFileSync(junitPath, 'utf8'));
    if (problem) fail(5, `junit.xml: not well-formed XML: ${problem}`);
  }

  // R6, R7
  if (results && scores && Array.isArray(results.outcomes) && Array.isArray(scores.expected)) {
    if (scores.run_id !== results.run_id) fail(6, `scores.json is for run ${scores.run_id}, results.json is run ${results.run_id}`);
    if (scores.edition !== results.catalog?.edition) fail(6, `edition: scores.json says ${scores.edition}, results.json ${results.catalog?.edition}`);
    if (scores.catalog_sha256 !== results.catalog?.sha256)
      fail(6, `catalog SHA-256: scores.json says ${scores.catalog_sha256}, results.json ${results.catalog?.sha256}`);
    if (scores.profile?.id !== results.profile?.id || scores.profile?.required_level !== results.profile?.required_level)
      fail(
        6,
        `profile: scores.json says ${JSON.stringify(scores.profile)}, results.json ${JSON.stringify({ id: results.profile?.id, required_level: results.profile?.required_level })}`,
      );
    if (scores.as_of !== asOfOf(results)) fail(6, `as_of: scores.json says ${scores.as_of}, results.json finished at ${asOfOf(results)}`);
    const allWaivers = waiversOf({
      ...results,
      waivers: [...(results.waivers ?? []), ...((results as { expired_waivers?: ResultsDocument['waivers'] }).expired_waivers ?? [])],
    });
    const diffW = jsonDifferences(scores.waivers, allWaivers, 'waivers');
    diffW.forEach((d) => fail(6, d));
    if (results.expected?.length) {
      const ids = scores.expected.map((c) => c.id).sort();
      const want = [...results.expected].sort();
      if (JSON.stringify(ids) !== JSON.stringify(want))
        fail(6, `the expected clause set differs from results.json's (${ids.length} vs ${want.length} clauses)`);
    }
    try {
      const again = recompute(scores, results);
      for (const d of jsonDifferences(scores.result, again, 'result')) fail(7, d);
    } catch (e) {
      fail(7, `cannot recompute: ${(e as Error).message}`);
    }
    // R8
    try {
      const catalog = opts.catalog ?? catalogFor(results, opts.catalogDir);
      if (catalog.sha256 !== scores.catalog_sha256) skip(8, `the local catalog (${catalog.sha256.slice(0, 12)}…) is not the one the run used`);
      else {
        const byId = new Map(catalog.clauses.map((c) => [c.id, toExpected(c)]));
        for (const c of scores.expected) {
          const want = byId.get(c.id);
          if (!want) fail(8, `${c.id}: not in the catalog`);
          else for (const d of jsonDifferences(c, want, c.id)) fail(8, d);
        }
      }
    } catch {
      skip(8, 'the catalog the run used is not available here');
    }
  } else {
    skip(6, 'results.json or scores.json unreadable');
    skip(7, 'results.json or scores.json unreadable');
    skip(8, 'results.json or scores.json unreadable');
  }
  // R9
  if (results && Array.isArray(results.files)) {
    let checked = 0;
    for (const f of results.files) {
      const abs = path.resolve(dir, f.path);
      if (!abs.startsWith(path.resolve(dir) + path.sep) || !fs.existsSync(abs)) continue;
      checked++;
      const h = sha256OfFile(abs).sha256;
      if (h !== f.sha256) fail(9, `${f.path}: SHA-256 is ${h}, results.json recorded ${f.sha256}`);
    }
    if (checked === 0) skip(9, 'none of the files results.json lists is in the bundle');
  } else skip(9, 'results.json lists no files');
  // R10
  const journalPath = path.join(dir, 'journal.jsonl');
  if (!results || !Array.isArray(results.outcomes)) skip(10, 'results.json unreadable');
  else if (!fs.existsSync(journalPath)) skip(10, 'no journal.jsonl in the bundle (a merged run, or results only)');
  else journalProblems(journalPath, results).forEach((p) => fail(10, p));
  const requirements = [...req.values()];
  return { ok: requirements.every((r) => r.status !== 'failed'), unpinned: !opts.pubkey, requirements };
}

type JournalLine = { type?: string; run_id?: string; clause?: string; index?: number } & Record<string, unknown>;

/** Where results.json departs from the journal it was assembled from (first journalled line per outcome wins, as in the runner). */
export function journalProblems(journalPath: string, results: ResultsDocument): string[] {
  const problems: string[] = [];
  const dir = path.dirname(journalPath);
  const reviewed = ((results as unknown as ReviewedResults).reviews?.length ?? 0) > 0;
  const buf = fs.readFileSync(journalPath);
  const end = buf.lastIndexOf(0x0a) + 1; // bytes after the last newline are a torn write the runner ignores too
  const lines: JournalLine[] = [];
  for (const [i, text] of buf.subarray(0, end).toString('utf8').split('\n').entries()) {
    if (!text.trim()) continue;
    try {
      lines.push(JSON.parse(text) as JournalLine);
    } catch {
      problems.push(`journal.jsonl line ${i + 1} is not JSON`);
      return problems;
    }
  }
  const header = lines.find((l) => l.type === 'header');
  if (!header) return ['journal.jsonl has no header'];
  if (header.run_id !== results.run_id) problems.push(`results.json is run ${results.run_id}, the journal records run ${header.run_id}`);
  const key = (o: { clause?: string; index?: number }) => `${o.clause}#${o.index}`;
  const journalled = new Map<string, Record<string, unknown>>();
  for (const l of lines) {
    if (l.type !== 'outcome') continue;
    const { type: _t, ...o } = l;
    if (!journalled.has(key(o))) journalled.set(key(o), o);
  }
  const canonical = (v: unknown): string =>
    JSON.stringify(v, (_k, x: unknown) =>
      x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
    );
  const seen = new Set<string>();
  for (const o of results.outcomes as unknown as Record<string, unknown>[]) {
    const k = key(o as { clause?: string; index?: number });
    seen.add(k);
    let j = journalled.get(k);
    if (!j) {
      problems.push(`${k}: in results.json, never journalled`);
      continue;
    }
    if (reviewed) {
      try {
        j = journalledWithReviews(dir, results as unknown as ReviewedResults, j as unknown as Outcome) as unknown as Record<string, unknown>;
      } catch (e) {
        problems.push(`${k}: the human review cannot be re-applied to the journalled outcome (${(e as Error).message})`);
        continue;
      }
    }
    if (canonical(j) !== canonical(o)) {
      const d = jsonDifferences(j, o, k, [], 3).map((x) => x.replace('claimed', 'journal').replace('recomputed', 'results.json'));
      problems.push(...(d.length ? d : [`${k}: differs from the journal`]));
    }
    if (problems.length >= 20) break;
  }
  if (problems.length < 20) {
    const expected = new Set(results.expected ?? []);
    for (const k of journalled.keys()) if (!seen.has(k) && expected.has(k.split('#')[0])) problems.push(`${k}: journalled, missing from results.json`);
  }
  return problems.slice(0, 20);
}

export function verifyText(r: VerifyReport): string {
  const lines = r.requirements.map((x) => {
    const mark = x.status === 'ok' ? 'ok     ' : x.status === 'skipped' ? 'skipped' : 'FAILED ';
    const head = `${mark} R${x.n} ${x.requirement}${x.note ? ` — ${x.note}` : ''}`;
    return [head, ...x.problems.map((p) => `          R${x.n}: ${p}`)].join('\n');
  });
  const failed = r.requirements.filter((x) => x.status === 'failed').map((x) => `R${x.n}`);
  if (r.unpinned) lines.push(`WARNING: ${UNPINNED_WARNING}`);
  lines.push(r.ok ? (r.unpinned ? 'verify: bundle consistent, signer NOT authenticated' : 'verify: bundle OK') : `verify: FAILED (${failed.join(', ')})`);
  return lines.join('\n') + '\n';
}
