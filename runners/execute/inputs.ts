// Resolving the run's inputs from names and files: the profile (by id from standards/profiles/, or a file),
// the clauses it selects, the waiver file. Kept apart from the scheduler so the CLI and in-process callers
// (the default run against the reference deployment) resolve them the same way.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog, Clause, Profile, Waiver } from '../core/types.ts';
import { ROOT, displayPath, loadValidated } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';

export const PROFILES_DIR = path.join(ROOT, 'standards/profiles');

export interface ResolvedProfile {
  profile: Profile;
  file?: string;
  sha256: string;
}

/** `full` / `basic` … → standards/profiles/<id>.profile.yaml; anything with a `/` or `.yaml` is a file. */
export function resolveProfile(ref: string | Profile | undefined, catalog: Catalog): ResolvedProfile {
  if (ref && typeof ref === 'object') {
    return { profile: ref, sha256: crypto.createHash('sha256').update(JSON.stringify(ref)).digest('hex') };
  }
  const id = ref ?? 'full';
  const file = /[/\\]|\.ya?ml$|\.json$/.test(id) ? path.resolve(id) : path.join(PROFILES_DIR, `${id}.profile.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs.existsSync(PROFILES_DIR)
      ? fs.readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.profile.yaml')).map((f) => f.replace(/\.profile\.yaml$/, ''))
      : [];
    throw new InputError(`profile "${id}": no such profile (${displayPath(file)}); known: ${known.join(', ') || 'none'}`);
  }
  const profile = loadValidated<Profile>(file, 'profile.schema.json').data;
  if (profile.edition !== catalog.edition.id) {
    throw new InputError(`${displayPath(file)} edition: the profile is for "${profile.edition}", the catalog is "${catalog.edition.id}"`);
  }
  return { profile, file, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

// TEMPORARY until runners/load/profile.ts (selectClauses, owned by the catalog work) lands: the same rule
// reports/score/document.ts restates. Replace the body with `return selectClauses(catalog, profile)`.
export function profileClauses(catalog: Catalog, profile: Profile): Clause[] {
  const s = profile.select ?? {};
  const x = profile.exclude ?? {};
  return catalog.clauses.filter((c) => {
    const inc =
      (!s.ids?.length || s.ids.includes(c.id)) &&
      (!s.domains?.length || s.domains.includes(c.domain)) &&
      (!s.tags?.length || (c.tags ?? []).some((t) => s.tags!.includes(t))) &&
      (!s.verification?.length || s.verification.includes(c.verification)) &&
      (s.max_level === undefined || c.level <= s.max_level);
    const exc =
      (x.ids ?? []).includes(c.id) || (c.tags ?? []).some((t) => (x.tags ?? []).includes(t)) || (x.verification ?? []).includes(c.verification);
    return inc && !exc;
  });
}

export function readWaivers(file: string | undefined): Waiver[] {
  if (!file) return [];
  return loadValidated<{ waivers: Waiver[] }>(file, 'waivers.schema.json').data.waivers;
}

/** The local calendar date (YYYY-MM-DD) waivers are judged at. */
export function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
