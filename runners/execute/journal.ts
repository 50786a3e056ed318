// The run's two append-only files.
//
// journal.jsonl: line 1 is the run header (what was asked: seed, profile, catalog hash, plan); then one line
// per finished (clause, check) outcome; a `resume` line each time the run is continued. The outcomes that finish
// in one turn of the event loop reach the OS in one write() at the end of that turn (so a SIGKILL loses at most
// the outcomes of the turn it interrupts, which a resume runs again; one write per outcome was a tenth of the
// runner's CPU with many short checks), and are fsync'd in batches (so a power cut loses at most the last
// batch), as databases do with group commit. On resume a torn last line is cut off and every finished outcome
// is skipped.
//
// transcripts.jsonl: every request/response pair, redacted by the client, with an id outcomes refer to.
// Transcripts are buffered and always written before the journal line of an outcome that refers to them, so
// the journal never points at a transcript that is not on disk.

import fs from 'node:fs';
import type { TranscriptEntry, TranscriptSink } from '../core/recorder.ts';
import type { Outcome } from '../core/types.ts';
import { safeStringify } from '../core/bounded.ts';

export const JOURNAL_FORMAT = 'govllm-journal/1';

/** Default size of transcripts.jsonl per run (bodies are kept as bounded prefixes until it is spent). */
export const DEFAULT_TRANSCRIPT_BUDGET = 150 * 1024 * 1024;

export interface JournalHeader {
  type: 'header';
  format: typeof JOURNAL_FORMAT;
  run_id: string;
  started_at: string;
  tool: { name: string; version: string; git_revision: string };
  catalog: { edition: string; version: string; sha256: string; dir: string };
  profile: { id: string; file?: string; sha256: string };
  target_file?: string;
  /** Folder of *.check.ts when not the default suites/ (tests, a vendor's own suites). */
  suites_dir?: string;
  seed: number;
  /** The date waivers are judged at, kept for a resume on a later day. */
  today?: string;
  only?: string[];
  shard?: { index: number; count: number };
  waivers_file?: string;
  attestations_file?: string;
  plan: { keys: number; sha256: string };
}

export interface JournalOutcome extends Outcome {
  type: 'outcome';
}

export interface JournalResume {
  type: 'resume';
  at: string;
  skipped: number;
}

export type JournalLine = JournalHeader | JournalOutcome | JournalResume;

export const outcomeKey = (o: { clause: string; index: number }) => `${o.clause}#${o.index}`;

/** Reads a JSONL file, ignoring a torn last line (a crash mid-write); returns the byte length of good lines. */
export function readJsonl<T>(file: string): { lines: T[]; goodBytes: number } {
  if (!fs.existsSync(file)) return { lines: [], goodBytes: 0 };
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(0x0a) + 1; // bytes after the last newline are a torn write
  const lines: T[] = [];
  let start = 0;
  while (start < end) {
    const nl = buf.indexOf(0x0a, start);
    const text = buf.subarray(start, nl).toString('utf8').trim();
    if (text) lines.push(JSON.parse(text) as T);
    start = nl + 1;
  }
  return { lines, goodBytes: end };
}

/** Opens `file` for appending after cutting any torn last line. */
function openAppend(file: string, goodBytes: number | undefined): number {
  if (goodBytes !== undefined && fs.existsSync(file) && fs.statSync(file).size > goodBytes) fs.truncateSync(file, goodBytes);
  return fs.openSync(file, 'a');
}

export interface JournalOptions {
  /** fsync after this many lines … */
  fsyncEvery?: number;
  /** … or this many ms after the first unsynced line, whichever comes first. */
  fsyncMs?: number;
}

export class Journal {
  private readonly fd: number;
  private unsynced = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Lines appended in this turn of the event loop, written at its end (setImmediate). */
  private pending: string[] = [];
  private writeScheduled?: NodeJS.Immediate;
  readonly fsyncEvery: number;
  readonly fsyncMs: number;
  /** fsync calls made, for tests and the bench. */
  fsyncs = 0;

  constructor(
    readonly file: string,
    private readonly transcripts: TranscriptFile | undefined,
    opts: JournalOptions & { goodBytes?: number } = {},
  ) {
    this.fd = openAppend(file, opts.goodBytes);
    this.fsyncEvery = opts.fsyncEvery ?? 64;
    this.fsyncMs = opts.fsyncMs ?? 250;
  }

  append(line: JournalLine): void {
    if (this.closed) throw new Error('journal is closed');
    this.pending.push(safeStringify(line) + '\n');
    this.writeScheduled ??= setImmediate(() => {
      this.write();
      if (this.unsynced >= this.fsyncEvery) this.sync();
      else if (this.unsynced > 0) this.timer ??= setTimeout(() => this.sync(), this.fsyncMs);
    });
  }

  /** Writes the lines appended so far, transcripts first: a journal line never refers to one not written. */
  private write(): void {
    if (this.writeScheduled) clearImmediate(this.writeScheduled);
    this.writeScheduled = undefined;
    if (this.pending.length === 0) return;
    this.transcripts?.flush();
    fs.writeSync(this.fd, this.pending.length === 1 ? this.pending[0] : this.pending.join(''));
    this.unsynced += this.pending.length;
    this.pending = [];
  }

  /**
   * Group commit: fsync transcripts then journal on libuv's thread pool, so a slow disk never stalls the
   * requests in flight. Lines written meanwhile are covered by the next sync.
   */
  sync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    this.write();
    if (this.unsynced === 0) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.transcripts?.flush();
    this.unsynced = 0;
    this.syncing = new Promise<void>((resolve) => {
      const done = () => {
        this.fsyncs++;
        this.syncing = undefined;
        resolve();
        if (this.again) {
          this.again = false;
          this.unsynced++;
          this.sync();
        }
      };
      const syncJournal = () => fs.fsync(this.fd, done);
      if (this.transcripts) this.transcripts.fsync(syncJournal);
      else syncJournal();
    });
  }
  private syncing?: Promise<void>;
  private again = false;

  /** Waits for any fsync in flight, makes everything durable, closes both files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.write();
    if (this.timer) clearTimeout(this.timer);
    while (this.syncing) await this.syncing;
    this.closed = true;
    this.transcripts?.close();
    fs.fsyncSync(this.fd);
    this.fsyncs++;
    fs.closeSync(this.fd);
  }

  /** For a process about to exit at once (a second Ctrl-C): write and fsync what is buffered, synchronously. */
  flushSync(): void {
    if (this.closed) return;
    this.write();
    this.transcripts?.flushSync();
    fs.fsyncSync(this.fd);
  }
}

/**
 * transcripts.jsonl as a TranscriptSink. Ids are `t<n>`, numbered on from the lines already in the file
 * when a run is resumed, so they stay unique within one output folder.
 */
export class TranscriptFile implements TranscriptSink {
  private readonly fd: number;
  private buf: string[] = [];
  private bufBytes = 0;
  private next: number;
  private timer?: NodeJS.Timeout;
  private closed = false;
  count = 0;

  constructor(
    readonly file: string,
    opts: { goodBytes?: number; existingLines?: number; flushBytes?: number; flushMs?: number; budgetBytes?: number } = {},
  ) {
    this.fd = openAppend(file, opts.goodBytes);
    this.written = opts.goodBytes ?? 0;
    this.budgetBytes = opts.budgetBytes ?? DEFAULT_TRANSCRIPT_BUDGET;
    this.next = (opts.existingLines ?? 0) + 1;
    this.flushBytes = opts.flushBytes ?? 256 * 1024;
    this.flushMs = opts.flushMs ?? 100;
  }
  private readonly flushBytes: number;
  private readonly flushMs: number;
  /** Bytes in the file plus buffered; past `budgetBytes`, transcripts keep their metadata but no bodies. */
  private written: number;
  readonly budgetBytes: number;
  /** Transcripts whose bodies were left out because the budget was spent. */
  omitted = 0;

  write(entry: TranscriptEntry): string {
    const id = `t${this.next++}`;
    if (this.closed) return id; // a straggling request after close: its id is still unique, its body dropped
    let line = safeStringify({ id, ...entry }) + '\n';
    if (this.written + Buffer.byteLength(line) > this.budgetBytes) {
      // The run's transcript budget is spent: keep who/what/when, status, lengths and hashes, not the bodies.
      const { request_body: _q, response_body: _r, response_body_base64: _b, ...meta } = entry;
      line = safeStringify({ id, ...meta, body_omitted: `the run's transcript budget (${Math.round(this.budgetBytes / 1048576)} MiB) was spent` }) + '\n';
      this.omitted++;
    }
    this.written += Buffer.byteLength(line);
    this.buf.push(line);
    this.bufBytes += line.length;
    this.count++;
    if (this.bufBytes >= this.flushBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
    return id;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buf.length === 0 || this.closed) return;
    fs.writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.bufBytes = 0;
  }

  /** fsync on the thread pool; `cb` runs when done (errors are reported at close, which syncs again). */
  fsync(cb: () => void): void {
    if (this.closed) return cb();
    fs.fsync(this.fd, () => cb());
  }

  flushSync(): void {
    this.flush();
    if (!this.closed) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    fs.fsyncSync(this.fd);
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** Counts the complete lines of a file (streamed; transcripts.jsonl can be large). */
export function countLines(file: string): { lines: number; goodBytes: number } {
  if (!fs.existsSync(file)) return { lines: 0, goodBytes: 0 };
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let lines = 0;
  let pos = 0;
  let lastNl = -1;
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      for (let i = 0; i < n; i++)
        if (chunk[i] === 0x0a) {
          lines++;
          lastNl = pos + i;
        }
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { lines, goodBytes: lastNl + 1 };
}
