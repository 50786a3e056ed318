import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../index.ts';
import { testCatalog, writeSyntheticRun, type SyntheticRun } from '../testing/synthetic.ts';
import { generateKeys, signBundle, verifySignature, type SignatureFile } from './keys.ts';
import { writeManifest } from './manifest.ts';
import { verifyBundle, verifyText } from './verify.ts';

let run: SyntheticRun;
let pristine: string;
let keys: { privateKeyFile: string; publicKeyFile: string };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-verify-'));

function copyBundle(name: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
}
function failed(dir: string, pubkey = keys.publicKeyFile): number[] {
  return verifyBundle(dir, { pubkey, catalog: run.catalog })
    .requirements.filter((r) => r.status === 'failed')
    .map((r) => r.n);
}

beforeAll(async () => {
  const { catalog } = testCatalog();
  run = writeSyntheticRun(catalog);
  pristine = path.join(tmp, 'pristine');
  await renderReports(run.resultsPath, { formats: ['html', 'junit', 'csv', 'oscal'], outDir: pristine, catalog });
  keys = generateKeys(path.join(tmp, 'signer'));
  signBundle(pristine, fs.readFileSync(keys.privateKeyFile, 'utf8'));
});

describe('govllm verify', () => {
  it('passes an untouched signed bundle', () => {
    const r = verifyBundle(pristine, { pubkey: keys.publicKeyFile, catalog: run.catalog });
    expect(r.requirements.filter((x) => x.status === 'failed')).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('an unsigned bundle fails R4 only', () => {
    const dir = copyBundle('unsigned');
    fs.rmSync(path.join(dir, 'manifest.sig'));
    expect(failed(dir)).toEqual([4]);
  });

  it('detects a one-byte change in every file of the bundle', () => {
    const files = fs.readdirSync(pristine).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'results.json',
        'scores.json',
        'report.html',
        'junit.xml',
        'findings.csv',
        'oscal-assessment-results.json',
        'manifest.json',
        'manifest.sig',
        'transcripts.jsonl',
      ]),
    );
    for (const f of files) {
      const size = fs.statSync(path.join(pristine, f)).size;
      // first, middle and last byte of every file
      const offsets = [0, Math.floor(size / 2), size - 1];
      for (const at of offsets) {
        const dir = path.join(tmp, `flip-${f}-${at}`);
        fs.cpSync(pristine, dir, { recursive: true });
        const p = path.join(dir, f);
        const buf = fs.readFileSync(p);
        buf[at] = buf[at] ^ 0x01; // one bit of one byte
        fs.writeFileSync(p, buf);
        const r = verifyBundle(dir, { pubkey: keys.publicKeyFile, catalog: run.catalog });
        expect(r.ok, `a changed byte at ${at} in ${f} went unnoticed`).toBe(false);
        if (f !== 'manifest.json' && f !== 'manifest.sig') expect(failed(dir)).toContain(2);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 240_000);

  it('detects a one-bit change at every byte of manifest.sig', () => {
    const manifest = fs.readFileSync(path.join(pristine, 'manifest.json'));
    const pinned = fs.readFileSync(keys.publicKeyFile, 'utf8');
    const original = fs.readFileSync(path.join(pristine, 'manifest.sig'));
    expect(verifySignature(manifest, JSON.parse(original.toString('utf8')), pinned).ok).toBe(true);
    const missed: number[] = [];
    for (let at = 0; at < original.length; at++) {
      const buf = Buffer.from(original);
      buf[at] ^= 0x01;
      let sig: SignatureFile;
      try {
        sig = JSON.parse(buf.toString('utf8'));
      } catch {
        continue; // unreadable: verify reports R4 failed
      }
      if (verifySignature(manifest, sig, pinned).ok || verifySignature(manifest, sig).ok) missed.push(at);
    }
    expect(missed.map((i) => `${i}: ${JSON.stringify(original.toString('utf8').slice(Math.max(0, i - 10), i + 10))}`)).toEqual([]);
  });

  it('detects an extra file slipped into the bundle (R3)', () => {
    const dir = copyBundle('extra');
    fs.writeFileSync(path.join(dir, 'note.txt'), 'hello');
    expect(failed(dir)).toEqual([3]);
  });

  it('a tampered score is caught by recomputation even when the forger re-hashes and re-signs with their own key', () => {
    const dir = copyBundle('forged');
    const scoresPath = path.join(dir, 'scores.json');
    const s = JSON.parse(fs.readFileSync(scoresPath, 'utf8'));
    s.result.overall.score = 1000;
    s.result.overall.verdict = 'pass';
    s.result.domains[0].level = 5;
    fs.writeFileSync(scoresPath, JSON.stringify(s, null, 2) + '\n');
    writeManifest(dir, { results: run.results, catalog: run.catalog, reportId: 'forged' });
    const forger = crypto.generateKeyPairSync('ed25519');
    signBundle(dir, forger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    // Without a pinned key the signature is self-consistent, but the numbers do not follow from the outcomes.
    const unpinned = verifyBundle(dir, { catalog: run.catalog });
    const r7 = unpinned.requirements.find((r) => r.n === 7)!;
    expect(r7.status).toBe('failed');
    expect(r7.problems.join('\n')).toMatch(/result\.overall\.score: claimed 1000, recomputed \d+/);
    expect(r7.problems.join('\n')).toContain('result.overall.verdict');
    // With the evaluator's key pinned, the forged signature fails too.
    expect(failed(dir)).toEqual(expect.arrayContaining([4, 7]));
  });

  it("a rewritten transcript is caught against results.json's recorded hash even after re-signing (R9)", () => {
    const dir = copyBundle('transcript');
    fs.appendFileSync(path.join(dir, 'transcripts.jsonl'), '{"id":"t999","note":"inserted later"}\n');
    writeManifest(dir, { results: run.results, catalog: run.catalog, reportId: 'forged' });
    const forger = crypto.generateKeyPairSync('ed25519');
    signBundle(dir, forger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const r = verifyBundle(dir, { catalog: run.catalog });
    expect(r.requirements.filter((x) => x.status === 'failed').map((x) => x.n)).toEqual([9]);
  });

  it('a tampered outcome (fail turned into pass) no longer matches the claimed scores', () => {
    const dir = copyBundle('outcome');
    const rp = path.join(dir, 'results.json');
    const r = JSON.parse(fs.readFileSync(rp, 'utf8'));
    const o = r.outcomes.find((x: { status: string }) => x.status === 'fail');
    o.status = 'pass';
    o.score = 1;
    fs.writeFileSync(rp, JSON.stringify(r, null, 2) + '\n');
    expect(failed(dir)).toEqual(expect.arrayContaining([2, 7]));
  });
});

describe('govllm verify against the journal (R10) and without a pinned key', () => {
  /** A bundle whose run folder also holds the journal the runner would have written. */
  async function bundleWithJournal(
    name: string,
    edit?: (results: { outcomes: { status: string; score: number; message: string }[] }) => void,
  ): Promise<string> {
    const src = path.join(tmp, `${name}-run`);
    fs.mkdirSync(src, { recursive: true });
    fs.copyFileSync(run.resultsPath, path.join(src, 'results.json'));
    fs.copyFileSync(path.join(path.dirname(run.resultsPath), 'transcripts.jsonl'), path.join(src, 'transcripts.jsonl'));
    const journal = [{ type: 'header', run_id: run.results.run_id }, ...run.results.outcomes.map((o) => ({ type: 'outcome', ...o }))];
    fs.writeFileSync(path.join(src, 'journal.jsonl'), journal.map((l) => JSON.stringify(l)).join('\n') + '\n');
    if (edit) {
      // The forger edits results.json by hand, then re-renders and re-signs everything with a key of their own.
      const r = JSON.parse(fs.readFileSync(path.join(src, 'results.json'), 'utf8'));
      edit(r);
      fs.writeFileSync(path.join(src, 'results.json'), JSON.stringify(r, null, 2) + '\n');
    }
    const dir = path.join(tmp, name);
    await renderReports(path.join(src, 'results.json'), { formats: ['junit', 'csv'], outDir: dir, catalog: run.catalog });
    const forger = crypto.generateKeyPairSync('ed25519');
    signBundle(dir, forger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    return dir;
  }

  it('an untouched bundle agrees with its journal', async () => {
    const dir = await bundleWithJournal('journal-ok');
    const r = verifyBundle(dir, { catalog: run.catalog });
    expect(r.requirements.find((x) => x.n === 10)!.status).toBe('ok');
    expect(r.ok).toBe(true);
    expect(r.unpinned).toBe(true);
    expect(verifyText(r)).toContain('signer NOT authenticated');
  });

  it('a results.json edited by hand, re-rendered and re-signed with any key is caught against the journal', async () => {
    const dir = await bundleWithJournal('journal-forged', (r) => {
      const o = r.outcomes.find((x) => x.status === 'fail')!;
      o.status = 'pass';
      o.score = 1;
      o.message = 'all good';
    });
    const r = verifyBundle(dir, { catalog: run.catalog });
    // Scores follow from the edited outcomes and the signature is self-consistent: only the journal tells.
    expect(r.requirements.filter((x) => x.status === 'failed').map((x) => x.n)).toEqual([10]);
    expect(r.requirements.find((x) => x.n === 10)!.problems.join('\n')).toMatch(/status: journal "fail", results\.json "pass"/);
  });
});
