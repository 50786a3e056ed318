// Profiles: which clauses an assessment runs, with what parameter overrides, to which required level
// (InSpec profiles, XCCDF profiles). A profile file is validated by its schema and then against the catalog it
// names: every clause id, tag and params key it mentions must exist, so a typo cannot silently select or
// override nothing.
//
// Selection rule (every criterion given in `select` must hold — they are ANDed, as the planner assumes; an
// empty list is no criterion):
//   domains       the clause's domain is listed
//   ids           the clause's id is listed
//   tags          the clause carries at least one listed tag
//   verification  the clause's verification is listed
//   max_level     the clause's level is at most this
//   capabilities  every capability the clause needs (applies_when.capabilities) is listed — "what a target
//                 exposing only these endpoints can be assessed on"
// then a clause is dropped when it matches ANY criterion of `exclude` (ids, tags, domains, verification, or
// needs any listed capability). `exclude.max_level` has no sensible meaning and is refused.
// Parameter overrides (`params`, keyed by check id or clause id) are merged by the planner, clause id last.
// A profile may tighten a critical clause's thresholds but never relax them (RED-LINES.md): a `min_*`/`sample`
// override below the clause's `with:`, a `max_*` override above it, or a `true` switched to `false` is refused.

import fs from 'node:fs';
import path from 'node:path';
import type { Catalog, Clause, Profile } from '../core/types.ts';
import { ROOT, displayPath, loadValidated, type ParsedDocument } from './documents.ts';
import { InputError } from './errors.ts';

export const PROFILES_DIR = path.join(ROOT, 'standards/profiles');

type Selector = NonNullable<Profile['exclude']>;

function matchesAll(c: Clause, s: Selector): boolean {
  const needs = c.applies_when?.capabilities ?? [];
  return (
    (!s.ids?.length || s.ids.includes(c.id)) &&
    (!s.domains?.length || s.domains.includes(c.domain)) &&
    (!s.tags?.length || (c.tags ?? []).some((t) => s.tags!.includes(t))) &&
    (!s.verification?.length || s.verification.includes(c.verification)) &&
    (s.max_level === undefined || c.level <= s.max_level) &&
    (!s.capabilities?.length || needs.every((n) => s.capabilities!.includes(n)))
  );
}

function matchesAny(c: Clause, x: Selector): boolean {
  const needs = c.applies_when?.capabilities ?? [];
  return (
    (x.ids ?? []).includes(c.id) ||
    (x.domains ?? []).includes(c.domain) ||
    (c.tags ?? []).some((t) => (x.tags ?? []).includes(t)) ||
    (x.verification ?? []).includes(c.verification) ||
    needs.some((n) => (x.capabilities ?? []).includes(n))
  );
}

/** The clauses a profile selects, in clause-id order. Pure: reads nothing but its arguments. */
export function selectClauses(catalog: Catalog, profile: Profile): Clause[] {
  const s = (profile.select ?? {}) as Selector;
  const x = (profile.exclude ?? {}) as Selector;
  return catalog.clauses.filter((c) => matchesAll(c, s) && !matchesAny(c, x)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Cross-checks a validated profile against a catalog: edition, clause ids, tags, params keys.
 * Returns problems as `file:line path: message` strings (empty when the profile is sound).
 */
export function profileProblems(doc: ParsedDocument<Profile>, catalog: Catalog): string[] {
  const p = doc.data;
  const shown = displayPath(doc.file);
  const at = (parts: (string | number)[]) => `${shown}:${doc.lineOf(parts) ?? '?'}`;
  const problems: string[] = [];
  if (p.edition !== catalog.edition.id) {
    problems.push(`${at(['edition'])} edition: the profile is for "${p.edition}", the catalog is "${catalog.edition.id}"`);
  }
  const ids = new Set(catalog.clauses.map((c) => c.id));
  const tags = new Set(catalog.clauses.flatMap((c) => c.tags ?? []));
  const checkIds = new Set(catalog.clauses.flatMap((c) => c.checks.map((u) => u.use)));
  for (const part of ['select', 'exclude'] as const) {
    const sel = p[part] as Selector | undefined;
    if (!sel) continue;
    (sel.ids ?? []).forEach((id, i) => {
      if (!ids.has(id)) problems.push(`${at([part, 'ids', i])} ${part}.ids[${i}]: "${id}" is not a clause of ${catalog.edition.id}`);
    });
    (sel.tags ?? []).forEach((t, i) => {
      if (!tags.has(t)) problems.push(`${at([part, 'tags', i])} ${part}.tags[${i}]: no clause of ${catalog.edition.id} carries the tag "${t}"`);
    });
  }
  if (p.exclude?.max_level !== undefined) {
    problems.push(`${at(['exclude', 'max_level'])} exclude.max_level: has no meaning; use select.max_level`);
  }
  for (const key of Object.keys(p.params ?? {})) {
    if (!ids.has(key) && !checkIds.has(key)) {
      problems.push(`${at(['params', key])} params.${key}: is neither a clause id nor a check id the catalog uses`);
    }
  }
  for (const c of catalog.clauses.filter((x) => x.critical)) {
    for (const t of tailoring(c, p.params)) {
      if (t.relaxes)
        problems.push(
          `${at(['params', t.from])} params.${t.from}.${t.key}: ${JSON.stringify(t.value)} relaxes the red line ${c.id} (${t.key} = ${JSON.stringify(t.catalog)} in the catalog); a profile may tighten a critical clause's threshold, never relax it`,
        );
    }
  }
  return problems;
}

export interface Tailored {
  /** index of the check in the clause */
  index: number;
  key: string;
  catalog: unknown;
  value: unknown;
  /** the params key it came from: the clause id or the check id */
  from: string;
  /** true when the override makes the bound easier to meet */
  relaxes: boolean;
}

/** Which way a parameter's bound points: `min` (higher is stricter), `max` (lower is stricter), or neither. */
function direction(key: string): 'min' | 'max' | 'flag' | null {
  if (/^min_|_min$|^sample$|^attacks$|^requests$|^probes$|^samples$/.test(key)) return 'min';
  if (/^max_|_max$/.test(key)) return 'max';
  if (/^(require_|per_class$)/.test(key)) return 'flag';
  return null;
}

/** Every parameter of a clause's checks that a profile's `params` changes, and whether the change relaxes it. */
export function tailoring(c: Clause, params: Profile['params'] | undefined): Tailored[] {
  const out: Tailored[] = [];
  if (!params) return out;
  c.checks.forEach((use, index) => {
    const base = (use.with ?? {}) as Record<string, unknown>;
    for (const from of [use.use, c.id]) {
      const over = (params[from] ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(over)) {
        if (JSON.stringify(base[key]) === JSON.stringify(value)) continue;
        const d = direction(key);
        const b = base[key];
        let relaxes = false;
        if (d === 'min' && typeof b === 'number') relaxes = typeof value !== 'number' || value < b;
        else if (d === 'max' && typeof b === 'number') relaxes = typeof value !== 'number' || value > b;
        else if (d === 'flag' && b === true) relaxes = value !== true;
        out.push({ index, key, catalog: b, value, from, relaxes });
      }
    }
  });
  return out;
}

/** `full` → standards/profiles/full.profile.yaml; anything with a `/` or a YAML/JSON extension is a file path. */
export function profileFile(ref: string, dir: string = PROFILES_DIR): string {
  return /[/\\]|\.ya?ml$|\.json$/.test(ref) ? path.resolve(ref) : path.join(dir, `${ref}.profile.yaml`);
}

export function listProfileFiles(dir: string = PROFILES_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.profile.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Loads, validates and cross-checks a profile; throws InputError naming file:line for every problem. */
export function loadProfile(ref: string, catalog: Catalog, dir: string = PROFILES_DIR): { profile: Profile; file: string } {
  const file = profileFile(ref, dir);
  if (!fs.existsSync(file)) {
    const known = listProfileFiles(dir).map((f) => path.basename(f, '.profile.yaml'));
    throw new InputError(`profile "${ref}": no such profile (${displayPath(file)}); known: ${known.join(', ') || 'none'}`);
  }
  const doc = loadValidated<Profile>(file, 'profile.schema.json');
  const problems = profileProblems(doc, catalog);
  if (problems.length) throw new InputError(problems[0], problems);
  return { profile: doc.data, file };
}
