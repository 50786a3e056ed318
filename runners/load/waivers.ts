// Waivers (as InSpec waivers): a clause excused for a stated reason, by a named approver, until a date.
// A waiver is active through its `expires` day (YYYY-MM-DD, compared as calendar dates); after that it is
// ignored — never silently: every expired waiver produces a message the CLI prints and the report shows.

import type { Catalog, Waiver } from '../core/types.ts';
import { isoDay } from '../core/dates.ts';
import { displayPath, loadValidated, type ParsedDocument } from './documents.ts';
import { InputError } from './errors.ts';

export interface WaiverState<W = Waiver> {
  /** Waivers in force today, one per clause. */
  active: W[];
  /** Waivers past their expiry date: ignored. */
  expired: W[];
  /** One line per ignored waiver, e.g. `waiver for SAF-REF-01 expired on 2026-01-31: ignored (approved by …)`. */
  messages: string[];
}

/**
 * The waiver rule, for the plan and for scoring alike: waivers in force on `today` (a UTC calendar day, a Date
 * or the run's ISO timestamp) and those expired, with a message each. Pure.
 */
export function activeWaivers<W extends Pick<Waiver, 'clause' | 'expires' | 'approver'>>(waivers: W[], today: string | Date): WaiverState<W> {
  const day = isoDay(today);
  const state: WaiverState<W> = { active: [], expired: [], messages: [] };
  for (const w of waivers) {
    if (w.expires >= day) state.active.push(w);
    else {
      state.expired.push(w);
      state.messages.push(`waiver for ${w.clause} expired on ${w.expires}: ignored (approved by ${w.approver}; renew it or fix the clause)`);
    }
  }
  return state;
}

/** Cross-checks a validated waiver file: every clause exists in the catalog (when given) and is waived once. */
export function waiverProblems(doc: ParsedDocument<{ waivers: Waiver[] }>, catalog?: Catalog): string[] {
  const shown = displayPath(doc.file);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const ids = catalog ? new Set(catalog.clauses.map((c) => c.id)) : undefined;
  doc.data.waivers.forEach((w, i) => {
    const at = `${shown}:${doc.lineOf(['waivers', i, 'clause']) ?? '?'}`;
    if (ids && !ids.has(w.clause)) problems.push(`${at} waivers[${i}].clause: "${w.clause}" is not a clause of ${catalog!.edition.id}`);
    if (seen.has(w.clause)) problems.push(`${at} waivers[${i}].clause: "${w.clause}" is already waived by waivers[${seen.get(w.clause)}]`);
    else seen.set(w.clause, i);
  });
  return problems;
}

/**
 * Reads a waiver file, validated by its schema; with a catalog, every waived clause must exist and be waived
 * once (a typo must not silently waive nothing; two waivers for one clause would be ambiguous).
 */
export function loadWaivers(file: string, catalog?: Catalog): Waiver[] {
  const doc = loadValidated<{ waivers: Waiver[] }>(file, 'waivers.schema.json');
  const problems = waiverProblems(doc, catalog);
  if (problems.length) throw new InputError(problems[0], problems);
  return doc.data.waivers;
}
