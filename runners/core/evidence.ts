// An evidence pack as the runner hands it to checks: the manifest's files, each hash-verified before use.
// Reading a file's content (CSV rows, JSON) is the checks' business; see runners/evidence/.

export interface EvidenceFile {
  /** Path relative to the pack folder, as written in manifest.yaml. */
  file: string;
  /** Absolute path. */
  path: string;
  kind: string;
  description?: string;
  /** SHA-256 declared in the manifest and computed from the bytes. */
  declared_sha256: string;
  sha256: string;
  /** Set when the file is missing or its hash does not match: checks must give `error` naming the file. */
  problem?: string;
}

export interface EvidencePack {
  dir: string;
  manifestPath: string;
  files: EvidenceFile[];
  /** Files of one kind (e.g. `hardware-inventory`), in manifest order. */
  byKind(kind: string): EvidenceFile[];
}
