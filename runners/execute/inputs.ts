// Resolving the run's inputs from names and files: the profile (by id from standards/profiles/, or a file),
// the clauses it selects, the waiver file. Kept apart from the scheduler so the CLI and in-process callers
// (the default run against the reference deployment) resolve them the same way.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Catalog, Clause, Profile, Waiver } from '../core/types.ts';
import { loadProfile, selectClauses } from '../load/profile.ts';
import { loadWaivers } from '../load/waivers.ts';

export interface ResolvedProfile {
  profile: Profile;
  file?: string;
  sha256: string;
}

/** `full` / `self-test` … → standards/profiles/<id>.profile.yaml; anything with a `/` or `.yaml` is a file (runners/load/profile.ts). */
export function resolveProfile(ref: string | Profile | undefined, catalog: Catalog): ResolvedProfile {
  if (ref && typeof ref === 'object') {
    return { profile: ref, sha256: crypto.createHash('sha256').update(JSON.stringify(ref)).digest('hex') };
  }
  const { profile, file } = loadProfile(ref ?? 'full', catalog);
  return { profile, file, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

export function profileClauses(catalog: Catalog, profile: Profile): Clause[] {
  return selectClauses(catalog, profile);
}

export function readWaivers(file: string | undefined, catalog: Catalog): Waiver[] {
  return file ? loadWaivers(file, catalog) : [];
}

/** The local calendar date (YYYY-MM-DD) waivers are judged at. */
export function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
