import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../load/documents.ts';
import { evidenceKinds } from './evidence.ts';
import { main } from '../main.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-evcli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
/** Runs the CLI in-process (as `govllm …` would), capturing its output and exit code. */
async function govllm(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spyOut = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(args);
    return { status: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
    process.exitCode = before;
  }
}

describe('govllm evidence', () => {
  it('init writes a template per kind, with the CSV headers of its schema, and a manifest that hashes them', async () => {
    const dir = path.join(tmp, 'pack');
    const r = await govllm('evidence', 'init', dir);
    expect(r.status, r.stderr).toBe(0);
    const manifest = parse(fs.readFileSync(path.join(dir, 'manifest.yaml'), 'utf8'));
    const kinds = evidenceKinds();
    expect(manifest.files.map((f: { kind: string }) => f.kind).sort()).toEqual(kinds.map((k) => k['x-kind']).sort());
    const hw = fs.readFileSync(path.join(dir, 'hardware-inventory.csv'), 'utf8');
    expect(hw.trim().split(',')).toEqual(expect.arrayContaining(['node', 'card_model', 'cards', 'memory_gb', 'model']));
    const mc = JSON.parse(fs.readFileSync(path.join(dir, 'model-config.json'), 'utf8'));
    expect(Object.keys(mc.models[0])).toEqual(expect.arrayContaining(['parameters_b', 'bytes_per_param', 'vocab_size', 'batch_size', 'seq_len']));
    // Every template's hash is right from the start, so a vendor only re-hashes what they edit.
    const check = await govllm('evidence', 'hash', dir, '--check');
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // A second init does not overwrite the vendor's work.
    expect((await govllm('evidence', 'init', dir)).status).toBe(2);
  });

  it('hash --check reports an edited file; hash records its new SHA-256', async () => {
    const dir = path.join(tmp, 'edit');
    await govllm('evidence', 'init', dir, '--kinds', 'hardware-inventory,model-config');
    fs.appendFileSync(path.join(dir, 'hardware-inventory.csv'), 'n1,昇腾910B,8,64,gov-chat,机房A\n');
    const check = await govllm('evidence', 'hash', dir, '--check');
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('hardware-inventory.csv: FAILED');
    const fix = await govllm('evidence', 'hash', dir);
    expect(fix.status, fix.stderr).toBe(0);
    expect(fix.stdout).toContain('hardware-inventory.csv');
    expect((await govllm('evidence', 'hash', dir, '--check')).status).toBe(0);
  });

  it('validate passes the reference pack and names file, row and column of a bad cell', async () => {
    const ok = await govllm('evidence', 'validate', path.join(ROOT, 'fixtures/evidence/reference'));
    expect(ok.status, ok.stderr).toBe(0);
    const dir = path.join(tmp, 'bad');
    await govllm('evidence', 'init', dir, '--kinds', 'hardware-inventory');
    fs.writeFileSync(path.join(dir, 'manifest.yaml'), fs.readFileSync(path.join(dir, 'manifest.yaml'), 'utf8').replace('vendor: ""', 'vendor: "测试厂商"'));
    fs.appendFileSync(path.join(dir, 'hardware-inventory.csv'), 'n1,昇腾910B,8,64,gov-chat,A\nn2,昇腾910B,eight,64,gov-chat,A\n');
    await govllm('evidence', 'hash', dir);
    const bad = await govllm('evidence', 'validate', dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/hardware-inventory\.csv:3 row 2: column "cards"/);
  });
});
