// Loads an evidence pack: manifest.yaml (validated) and the SHA-256 of every file it names, computed as a
// stream. A missing file or a hash mismatch does not stop the run: the file is marked with a `problem`, and
// every check that needs it gives `error` naming the file while the others still run.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceFile, EvidencePack } from '../core/evidence.ts';
import { displayPath, loadValidated } from '../load/documents.ts';

interface Manifest {
  vendor: string;
  deployment?: string;
  prepared_at?: string;
  files: { file: string; kind: string; sha256: string; description?: string }[];
}

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function loadEvidencePack(dir: string): Promise<EvidencePack> {
  const manifestPath = path.join(dir, 'manifest.yaml');
  const manifest = loadValidated<Manifest>(manifestPath, 'evidence-manifest.schema.json').data;
  const files: EvidenceFile[] = [];
  for (const f of manifest.files) {
    const abs = path.resolve(dir, f.file);
    let sha = '';
    let problem: string | undefined;
    if (!abs.startsWith(path.resolve(dir) + path.sep)) problem = `${displayPath(manifestPath)}: ${f.file} is outside the pack folder`;
    else if (!fs.existsSync(abs)) problem = `${displayPath(abs)}: listed in ${displayPath(manifestPath)} but missing`;
    else {
      sha = await sha256File(abs);
      if (sha !== f.sha256) problem = `${displayPath(abs)}: SHA-256 is ${sha}, the manifest says ${f.sha256}`;
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
