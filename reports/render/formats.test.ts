// OSCAL (validated against NIST's official schema), JUnit and CSV outputs of one synthetic full run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../index.ts';
import { HOSTILE, testCatalog, writeSyntheticRun, type SyntheticRun } from '../testing/synthetic.ts';
import { csvCell } from './csv.ts';

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
const HERE = path.dirname(fileURLToPath(import.meta.url));
// The official schema as shipped in ../shared (beside the clone), not our copy: the test must not grade its own homework.
const OFFICIAL = path.resolve(HERE, '../../../shared/schemas/oscal/oscal_assessment-results_schema.json');
const OUR_COPY = path.resolve(HERE, '../oscal/oscal_assessment-results_schema.json');

let run: SyntheticRun;
let out: string;
beforeAll(async () => {
  const { catalog } = testCatalog();
  run = writeSyntheticRun(catalog);
  out = path.join(run.dir, 'out');
  await renderReports(run.resultsPath, { formats: ['junit', 'csv', 'oscal'], outDir: out, catalog });
});

describe('OSCAL assessment-results', () => {
  const schemaFile = fs.existsSync(OFFICIAL) ? OFFICIAL : OUR_COPY;
  it('validates against the official NIST schema (draft-07, ajv with formats)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, unicodeRegExp: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'oscal-assessment-results.json'), 'utf8'));
    const ok = validate(doc);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the product ships the same schema as the official copy', () => {
    if (fs.existsSync(OFFICIAL)) expect(fs.readFileSync(OUR_COPY, 'utf8')).toBe(fs.readFileSync(OFFICIAL, 'utf8'));
  });

  it('maps each clause to a finding, each check to an observation, evidence to back-matter with SHA-256', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'oscal-assessment-results.json'), 'utf8'))['assessment-results'];
    const result = doc.results[0];
    expect(result.findings.map((f: { target: { 'target-id': string } }) => f.target['target-id'])).toEqual(run.results.expected);
    expect(result.observations).toHaveLength(run.results.outcomes.length);
    const failed = run.results.outcomes.find((o) => o.status === 'fail')!;
    const finding = result.findings.find((f: { target: { 'target-id': string } }) => f.target['target-id'] === failed.clause);
    expect(finding.target.status.state).toBe('not-satisfied');
    const ev = run.results.outcomes.find((o) => o.evidence.length > 0)!.evidence[0];
    const res = doc['back-matter'].resources.find((r: { title: string }) => r.title === ev.file);
    expect(res.rlinks[0].hashes[0]).toEqual({ algorithm: 'SHA-256', value: ev.sha256 });
  });

  it('a tampered document fails the same validation (the validator is not vacuous)', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, unicodeRegExp: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'oscal-assessment-results.json'), 'utf8'));
    doc['assessment-results'].results[0].findings[0].target.status.state = 'maybe';
    expect(validate(doc)).toBe(false);
  });
});

describe('JUnit', () => {
  it('one testsuite per domain, one testcase per clause, failures and errors counted, hostile text escaped', () => {
    const xml = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
    const suites = xml.match(/<testsuite /g) ?? [];
    const domains = new Set(run.catalog.clauses.filter((c) => run.results.expected!.includes(c.id)).map((c) => c.domain));
    expect(suites.length).toBe(domains.size);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(run.results.expected!.length);
    const failedClauses = new Set(run.results.outcomes.filter((o) => o.status === 'fail').map((o) => o.clause));
    const errored = new Set(run.results.outcomes.filter((o) => o.status === 'error').map((o) => o.clause));
    const failOnly = [...failedClauses].filter((c) => !errored.has(c));
    expect((xml.match(/<failure /g) ?? []).length).toBe(failOnly.length);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
  });
});

describe('findings.csv', () => {
  it('one row per clause with a BOM for spreadsheets, parseable by csv-parse', () => {
    const text = fs.readFileSync(path.join(out, 'findings.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.clause)).toEqual(run.results.expected);
    const failed = run.results.outcomes.find((o) => o.status === 'fail')!;
    const row = rows.find((r) => r.clause === failed.clause)!;
    expect(['fail', 'error']).toContain(row.verdict);
    expect(row.message).toContain(HOSTILE);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['a,b', '"a,b"'],
    ['plain', 'plain'],
  ])('cell %j → %s (no formula injection)', (input, expected) => expect(csvCell(input)).toBe(expected));
});
