// The first command a new user types (`npm start` = `govllm run` with no target) assesses the built-in
// reference deployment and writes results and a report under the output folder; with a defect switched on
// the same command fails exactly the clauses that defect declares.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defectById } from '../fixtures/reference/defects/index.ts';

const BIN = path.resolve('runners/bin/govllm.mjs');

function govllm(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, FORCE_COLOR: '0' } });
}

function outcomes(dir: string): { clause: string; status: string }[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).outcomes;
}

describe('the default run', () => {
  it('with no target assesses the reference deployment and writes results and report', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-default-'));
    const r = govllm(['run', '--out', out, '--ci', '--format', 'html,junit']);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const f of ['results.json', 'journal.jsonl', 'transcripts.jsonl', 'scores.json', 'report.html', 'junit.xml', 'manifest.json']) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    }
    const all = outcomes(out);
    expect(all.length).toBeGreaterThanOrEqual(150);
    // Nothing of the conformant reference fails or errors, and attestations came from the fixture file.
    expect(all.filter((o) => o.status === 'fail' || o.status === 'error')).toEqual([]);
    expect(all.some((o) => o.status === 'manual')).toBe(false);
    // The terminal shows a verdict per domain and the report's path.
    for (const d of ['infrastructure', 'data', 'knowledge', 'agents', 'apps', 'safety']) expect(r.stdout).toContain(d);
    expect(r.stdout).toMatch(/总体: \d级, \d+\/1000 \(要求 \d 级\) → 通过/);
    expect(r.stdout).toContain('report.html');
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('参考政务大模型部署');
  }, 600_000);

  it('with defects switched on fails the clauses they declare and exits 1', () => {
    const defects = ['no-auth', 'pii-leak'];
    const breaks = defects.flatMap((d) => defectById(d)!.breaks);
    expect(breaks.length).toBeGreaterThan(0);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-defects-'));
    const r = govllm(['run', '--reference', '--defects', defects.join(','), '--only', breaks.join(','), '--out', out, '--ci', '--no-report']);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const byClause = new Map<string, string[]>();
    for (const o of outcomes(out)) byClause.set(o.clause, [...(byClause.get(o.clause) ?? []), o.status]);
    for (const id of breaks) expect(byClause.get(id), id).toContain('fail');
    expect(r.stdout).toMatch(/→ (未通过|否决)/);
  }, 600_000);

  it('an unknown defect is a usage error naming it', () => {
    const r = govllm(['run', '--reference', '--defects', 'no-such-defect', '--dry-run']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no-such-defect');
  });
});
