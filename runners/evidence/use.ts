// What every evidence check does the same way: find the pack's files of a kind, refuse those whose hash
// did not verify (→ `error` naming the file), record each file used (by SHA-256) in the outcome, and turn
// read problems into `error` while a missing kind is a finding (`fail`: the evidence was not submitted).
// Also the reference date ("as of") every date comparison uses.

import type { CheckContext } from '../core/check.ts';
import type { EvidenceFile } from '../core/evidence.ts';
import type { CheckResult } from '../core/types.ts';
import { EvidenceReadError } from './errors.ts';

/** Thrown when the pack holds no file of a required kind: the clause is not evidenced. */
export class MissingEvidence extends Error {
  constructor(readonly kind: string) {
    super(`the evidence pack has no file of kind "${kind}"`);
    this.name = 'MissingEvidence';
  }
}

/** A file failed its hash or is missing from disk: thrown as a read error naming it. */
function assertUsable(f: EvidenceFile): void {
  if (f.problem) throw new EvidenceReadError(f.file, `cannot be used: ${f.problem}`);
}

/** Every file of `kind` (at least one), hash-verified and recorded in the outcome. */
export function filesOfKind(ctx: CheckContext<any>, kind: string): EvidenceFile[] {
  const files = ctx.evidence?.byKind(kind) ?? [];
  if (files.length === 0) throw new MissingEvidence(kind);
  for (const f of files) assertUsable(f);
  for (const f of files) ctx.record.addEvidence({ file: f.file, sha256: f.sha256 });
  return files;
}

/** The single file of `kind`; several are an input problem because the check could not tell which counts. */
export function fileOfKind(ctx: CheckContext<any>, kind: string): EvidenceFile {
  const files = filesOfKind(ctx, kind);
  if (files.length > 1)
    throw new EvidenceReadError(
      files[1].file,
      `the manifest lists ${files.length} files of kind "${kind}" where one is expected (${files.map((f) => f.file).join(', ')})`,
    );
  return files[0];
}

/**
 * Runs an evidence check body: read problems → `error` naming file/row/column; a missing kind → `fail`.
 * Anything else propagates (the executor turns it into `error`).
 */
export async function evidenceCheck(ctx: CheckContext<any>, body: () => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  if (!ctx.evidence) return { status: 'error', message: 'the target names no evidence pack' };
  try {
    return await body();
  } catch (e) {
    if (e instanceof EvidenceReadError) return { status: 'error', message: e.message, observed: { file: e.file, ...e.position } };
    if (e instanceof MissingEvidence) {
      return { status: 'fail', message: `${e.message}: the requirement is not evidenced`, observed: { missing_kind: e.kind } };
    }
    throw e;
  }
}

// ---------- dates ----------

const DAY_MS = 86_400_000;

/** Parses YYYY-MM-DD or an ISO date-time; undefined when it is neither. */
export function parseDate(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s.trim());
  if (!m) return undefined;
  const d = m[4] ? new Date(s.trim().replace(' ', 'T')) : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return undefined;
  // Reject 2026-02-31 and the like, which Date silently rolls over.
  if (!m[4] && (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]))) return undefined;
  return d;
}

/**
 * The day every date comparison of this check is made against: the `as_of` param when given, else the
 * run's start, else now. Returned as a Date at 00:00 UTC of that day plus the time, unchanged.
 */
export function asOf(ctx: CheckContext<{ as_of?: string }>): Date {
  const p = ctx.params?.as_of;
  if (p) {
    const d = parseDate(p);
    if (!d) throw new Error(`as_of "${p}" is not a date (YYYY-MM-DD)`);
    return d;
  }
  return ctx.runStartedAt ? new Date(ctx.runStartedAt) : new Date();
}

export { isoDay } from '../core/dates.ts';

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** `d` minus `months` calendar months (day clamped to the month's end). */
export function monthsBefore(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last)));
}

/** The params schema fragment every date-comparing check accepts. */
export const AS_OF_PARAM = {
  as_of: {
    type: 'string',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description: 'Reference date (YYYY-MM-DD) for "within N days/months"; defaults to the start of the run.',
  },
} as const;
