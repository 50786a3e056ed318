// Attestations: an evaluator's recorded verdict on a clause no machine can decide (`use: attestation`).
// Without one such a clause is `manual`; with one it takes the evaluator's verdict, the evaluator's name
// and date in the message, and the SHA-256 of every evidence file cited (from the target's evidence pack).
// YAML (standards/schemas/attestations.schema.json) or CSV with the same columns; both are validated by
// the same schema, so a CSV error names its file and row.

import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { EvidencePack } from '../core/evidence.ts';
import type { EvidenceRef, Status } from '../core/types.ts';
import { displayPath, formatAjvErrors, loadValidated, schemaValidator, type ParsedDocument } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';

export interface AttestationRow {
  clause: string;
  verdict: 'pass' | 'fail' | 'not_applicable';
  evaluator: string;
  date: string;
  reason: string;
  evidence?: string[];
}

export interface Attestation {
  status: Status;
  message: string;
  evidence: EvidenceRef[];
  row: AttestationRow;
}

export function readAttestationFile(file: string): AttestationRow[] {
  const shown = displayPath(file);
  if (!fs.existsSync(file)) throw new InputError(`${shown}: no such attestation file`);
  if (!/\.csv$/i.test(file)) return loadValidated<{ attestations: AttestationRow[] }>(file, 'attestations.schema.json').data.attestations;
  let records: Record<string, string>[];
  try {
    records = parseCsv(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new InputError(`${shown}: ${(e as Error).message}`);
  }
  const rows = records.map((r) => {
    const row: Record<string, unknown> = { ...r };
    const ev = String(r.evidence ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ev.length) row.evidence = ev;
    else delete row.evidence;
    return row;
  });
  const data = { attestations: rows };
  const validate = schemaValidator('attestations.schema.json');
  if (!validate(data)) {
    // Map `attestations[i]` to the CSV row (header is line 1).
    const doc: ParsedDocument = { file, data, lineOf: (parts) => (parts[0] === 'attestations' && typeof parts[1] === 'number' ? parts[1] + 2 : undefined) };
    const problems = formatAjvErrors(doc, validate.errors);
    throw new InputError(problems[0], problems);
  }
  return rows as unknown as AttestationRow[];
}

/** Resolves rows into per-clause attestations; evidence names must be files of the pack. */
export function resolveAttestations(file: string, rows: AttestationRow[], pack: EvidencePack | undefined): Map<string, Attestation> {
  const shown = displayPath(file);
  const out = new Map<string, Attestation>();
  const problems: string[] = [];
  for (const row of rows) {
    if (out.has(row.clause)) {
      problems.push(`${shown}: ${row.clause} is attested twice`);
      continue;
    }
    const evidence: EvidenceRef[] = [];
    let status: Status = row.verdict;
    let message = `attested ${row.verdict} by ${row.evaluator} on ${row.date}: ${row.reason}`;
    for (const name of row.evidence ?? []) {
      const f = pack?.files.find((x) => x.file === name);
      if (!f) {
        problems.push(`${shown}: ${row.clause} cites evidence "${name}", which is not a file of the target's evidence pack`);
        continue;
      }
      if (f.problem) {
        // The evaluator relied on a file we cannot verify: the verdict cannot stand as recorded.
        status = 'error';
        message = `attestation by ${row.evaluator} cites ${name}, which cannot be verified: ${f.problem}`;
      }
      evidence.push({ file: f.file, sha256: f.sha256 || f.declared_sha256 });
    }
    out.set(row.clause, { status, message, evidence, row });
  }
  if (problems.length) throw new InputError(problems[0], problems);
  return out;
}
