// The report commands as a user runs them: govllm report → keygen → sign → verify, tamper → verify fails;
// a re-assessment with --baseline carries the 整改复测 section; govllm diff prints the delta.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../runners/cli/main.ts';
import { testCatalog, writeSyntheticRun, type SyntheticRun } from './testing/synthetic.ts';

let tmp: string;
let before: SyntheticRun;
let after: SyntheticRun;
let out: string[] = [];

async function cli(...argv: string[]): Promise<number> {
  process.exitCode = undefined;
  await main(argv);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-cli-'));
  const { catalog } = testCatalog();
  // The same clauses twice: the baseline fails one clause that the re-assessment passes.
  const clauses = catalog.clauses.slice(0, 30);
  before = writeSyntheticRun(catalog, { dir: path.join(tmp, 'before'), clauses, override: { [clauses[0].id]: 'fail' }, runId: 'run-before' });
  after = writeSyntheticRun(catalog, { dir: path.join(tmp, 'after'), clauses, override: { [clauses[0].id]: 'pass' }, runId: 'run-after' });
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
});
afterEach(() => {
  out = [];
});

function catalogArgs(run: SyntheticRun): string[] {
  return ['--catalog', run.catalog.dir];
}

describe('govllm report / keygen / sign / verify / diff', () => {
  it('renders, signs and verifies a bundle; a changed byte makes verify exit 1 naming the requirement', async () => {
    const bundle = path.join(tmp, 'bundle');
    // The synthetic run fails clauses: report exits with the verdict's code, 1, as `govllm run` would have.
    expect(
      await cli('report', before.resultsPath, '--format', 'html,junit,csv,oscal', '--out', bundle, '--evaluator', '某测评中心', ...catalogArgs(before)),
    ).toBe(1);
    expect(fs.readFileSync(path.join(bundle, 'report.html'), 'utf8')).toContain('某测评中心');
    expect(await cli('keygen', '--out', path.join(tmp, 'k'))).toBe(0);
    expect(fs.statSync(path.join(tmp, 'k.key')).mode & 0o777).toBe(0o600);
    expect(await cli('sign', bundle, '--key', path.join(tmp, 'k.key'))).toBe(0);
    out = [];
    expect(await cli('verify', bundle, '--pubkey', path.join(tmp, 'k.pub'))).toBe(0);
    expect(out.join('')).toContain('verify: bundle OK');
    // Without --pubkey the signature proves nothing about who signed: said plainly, and exit 1 unless accepted.
    out = [];
    expect(await cli('verify', bundle)).toBe(1);
    expect(out.join('')).toMatch(/signer is NOT authenticated/);
    out = [];
    expect(await cli('verify', bundle, '--allow-unpinned')).toBe(0);
    expect(out.join('')).toMatch(/signer NOT authenticated/);

    const csv = path.join(bundle, 'findings.csv');
    fs.appendFileSync(csv, ' ');
    out = [];
    expect(await cli('verify', bundle, '--pubkey', path.join(tmp, 'k.pub'))).toBe(1);
    expect(out.join('')).toMatch(/FAILED\s+R2 .*\n\s+R2: findings\.csv: SHA-256 is/);
  }, 120_000);

  it('an unknown format is a usage error (exit 2)', async () => {
    expect(await cli('report', before.resultsPath, '--format', 'docx', '--out', path.join(tmp, 'x'), ...catalogArgs(before))).toBe(2);
    expect(out.join('')).toContain('unknown report format');
  });

  it('--baseline adds the 整改复测 section; govllm diff prints fixed clauses', async () => {
    const first = after.catalog.clauses[0].id;
    const baseDir = path.join(tmp, 'base-bundle');
    expect(await cli('report', before.resultsPath, '--format', 'html', '--out', baseDir, ...catalogArgs(before))).toBe(1);
    const re = path.join(tmp, 'reassess');
    expect(await cli('report', after.resultsPath, '--format', 'html', '--out', re, '--baseline', baseDir, ...catalogArgs(after))).toBe(1);
    const html = fs.readFileSync(path.join(re, 'report.html'), 'utf8');
    expect(html).toContain('id="delta"');
    expect(html).toContain('整改复测');
    expect(html).toMatch(new RegExp(`<td>${first}</td><td class="d-fixed">已整改</td>`));
    out = [];
    expect(await cli('diff', baseDir, re)).toBe(0);
    expect(out.join('')).toMatch(new RegExp(`fixed\\s+${first}\\s+fail → pass`));
  }, 120_000);
});
