// Loads an evidence pack: manifest.yaml (validated) and the SHA-256 of every file it names, computed as a
// stream. A missing file, a hash mismatch or a file that is not a plain file inside the pack (a symbolic link, a
// FIFO, a device — see ./files.ts) does not stop the run: the file is marked with a `problem`, never read, and
// every check that needs it gives `error` naming the file while the others still run. The manifest itself must be
// a plain file inside the pack, or the pack is refused.

import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceFile, EvidencePack } from '../core/evidence.ts';
import { displayPath, loadValidated } from '../load/documents.ts';
import { InputError } from '../load/errors.ts';
import { EvidenceReadError } from './errors.ts';
import { EVIDENCE_READ_TIMEOUT_MS, hashPlainFile, packFileProblem } from './files.ts';

interface Manifest {
  vendor: string;
  deployment?: string;
  prepared_at?: string;
  files: { file: string; kind: string; sha256: string; description?: string }[];
}

/** SHA-256 of a plain file (never through a symbolic link, never of a FIFO or device), within the read time limit. */
export async function sha256File(file: string, timeoutMs = EVIDENCE_READ_TIMEOUT_MS): Promise<string> {
  return (await hashPlainFile(file, timeoutMs)).sha256;
}

/** The pack's manifest.yaml path, refused (InputError, nothing read) unless it is a plain file inside the pack. */
export function manifestOf(dir: string): string {
  const manifestPath = path.join(dir, 'manifest.yaml');
  const problem = packFileProblem(dir, 'manifest.yaml');
  if (problem) throw new InputError(`${displayPath(manifestPath)}: refused: ${problem}`);
  return manifestPath;
}

export async function loadEvidencePack(dir: string, opts: { timeoutMs?: number } = {}): Promise<EvidencePack> {
  const manifestPath = manifestOf(dir);
  const manifest = loadValidated<Manifest>(manifestPath, 'evidence-manifest.schema.json').data;
  const files: EvidenceFile[] = [];
  for (const f of manifest.files) {
    const abs = path.resolve(dir, f.file);
    let sha = '';
    let problem: string | undefined;
    const unsafe = packFileProblem(dir, f.file);
    if (unsafe) problem = `${displayPath(manifestPath)}: ${f.file}: refused: ${unsafe}`;
    else if (!fs.existsSync(abs)) problem = `${displayPath(abs)}: listed in ${displayPath(manifestPath)} but missing`;
    else {
      try {
        sha = await sha256File(abs, opts.timeoutMs);
        if (sha !== f.sha256) problem = `${displayPath(abs)}: SHA-256 is ${sha}, the manifest says ${f.sha256}`;
      } catch (e) {
        if (!(e instanceof EvidenceReadError)) throw e;
        sha = '';
        problem = `${displayPath(manifestPath)}: ${f.file}: refused: ${e.detail}`;
      }
    }
    files.push({ file: f.file, path: abs, kind: f.kind, description: f.description, declared_sha256: f.sha256, sha256: sha, problem });
  }
  return {
    dir,
    manifestPath,
    files,
    byKind: (kind) => files.filter((f) => f.kind === kind),
  };
}
