// Collects what one check observed: transcript ids and evidence references end up in its outcome.

import type { EvidenceRef } from './types.ts';

export interface TranscriptEntry {
  endpoint: string;
  method: string;
  url: string;
  request_headers: Record<string, string>;
  request_body?: string;
  status?: number;
  response_headers?: Record<string, string>;
  response_body?: string;
  /** true when the body was cut at the size cap. */
  truncated?: boolean;
  error?: string;
  started_at: string;
  duration_ms: number;
  ttfb_ms?: number;
  /** Whole-body length and SHA-256: the bodies above keep only a bounded prefix (see body_cut). */
  request_bytes?: number;
  request_sha256?: string;
  response_bytes?: number;
  response_sha256?: string;
  /** A compressed or non-UTF-8 body: kept as bytes (a bounded prefix), never decoded to text. */
  response_body_base64?: string;
  body_cut?: boolean;
  /** Why the bodies were left out (the run's transcript budget was spent). */
  body_omitted?: string;
}

/** Where transcripts go. The runner's sink appends to transcripts.jsonl; tests may keep them in memory. */
export interface TranscriptSink {
  /** Stores a (redacted) transcript and returns its id. */
  write(entry: TranscriptEntry): string;
}

export class MemoryTranscriptSink implements TranscriptSink {
  readonly entries: (TranscriptEntry & { id: string })[] = [];
  write(entry: TranscriptEntry): string {
    const id = `t${this.entries.length + 1}`;
    this.entries.push({ ...entry, id });
    return id;
  }
}

export class Recorder {
  readonly transcripts: string[] = [];
  readonly evidence: EvidenceRef[] = [];
  readonly notes: string[] = [];

  addTranscript(id: string): void {
    this.transcripts.push(id);
  }
  addEvidence(ref: EvidenceRef): void {
    if (!this.evidence.some((e) => e.file === ref.file && e.sha256 === ref.sha256)) this.evidence.push(ref);
  }
  note(msg: string): void {
    this.notes.push(msg);
  }
}
