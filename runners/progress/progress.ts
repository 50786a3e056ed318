// Progress of a run. On a terminal: one bar redrawn in place (done/total, failures and errors so far, rate,
// ETA), at most ~8 times a second. Otherwise (a pipe, a CI log, or --ci): plain lines, one per finished
// check that ran, plus a summary line every `summaryEvery` outcomes — greppable and never a control code.

import type { Outcome } from '../core/types.ts';
import { oneLineSafe, terminalSafe } from '../output/inert.ts';

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean; columns?: number };
  /** Force plain lines even on a terminal. */
  ci?: boolean;
  now?: () => number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export class Progress {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly tty: boolean;
  private readonly now: () => number;
  private total = 0;
  private done = 0;
  private ran = 0;
  private failed = 0;
  private errors = 0;
  private started = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = !opts.ci && !!this.stream.isTTY;
    this.now = opts.now ?? Date.now;
  }

  /** `alreadyDone` counts outcomes a resumed run found in its journal. */
  start(total: number, alreadyDone = 0): void {
    this.total = total;
    this.done = alreadyDone;
    this.started = this.now();
    if (!this.tty) this.stream.write(`running ${total - alreadyDone} of ${total} checks${alreadyDone ? ` (${alreadyDone} already done, resumed)` : ''}\n`);
    else this.draw(true);
  }

  outcome(o: Outcome, ran: boolean): void {
    this.done++;
    if (ran) this.ran++;
    if (o.status === 'fail') this.failed++;
    if (o.status === 'error') this.errors++;
    if (this.tty) this.draw(this.done === this.total);
    else if (ran) {
      const w = String(this.total).length;
      this.stream.write(
        `[${String(this.done).padStart(w)}/${this.total}] ${o.status.padEnd(14)} ${o.clause}#${o.index} ${o.check} (${(o.duration_ms / 1000).toFixed(1)}s)${o.status === 'pass' ? '' : ` — ${oneLineSafe(o.message.slice(0, 160))}`}\n`,
      );
    }
  }

  /** The status line as shown on a terminal (also used by tests). */
  line(width = 100): string {
    const elapsed = this.now() - this.started;
    const rate = this.ran > 0 && elapsed > 0 ? this.ran / (elapsed / 1000) : 0;
    const left = this.total - this.done;
    const eta = rate > 0 ? (left / rate) * 1000 : Number.NaN;
    const stats = ` ${this.done}/${this.total}  fail ${this.failed}  error ${this.errors}  ${rate.toFixed(1)}/s  ETA ${left === 0 ? '0:00' : formatDuration(eta)}`;
    const barWidth = Math.max(10, Math.min(40, width - stats.length - 3));
    const filled = this.total ? Math.round((this.done / this.total) * barWidth) : barWidth;
    return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${stats}`;
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 120) return;
    this.lastDraw = t;
    const width = (this.stream as { columns?: number }).columns ?? 100;
    this.stream.write(`\r${this.line(width).slice(0, width - 1)}\x1b[K`);
    this.drawn = true;
  }

  /** Ends the bar's line (a terminal) and prints one summary line. */
  finish(summary: string): void {
    if (this.tty && this.drawn) this.stream.write(`\r${this.line((this.stream as { columns?: number }).columns ?? 100)}\x1b[K\n`);
    const safe = terminalSafe(summary);
    this.stream.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  /** A message printed above the bar without breaking it. */
  log(msg: string): void {
    // Messages can quote a target (a check's log line): shown inert, never as live escapes.
    const safe = terminalSafe(msg);
    if (this.tty && this.drawn) this.stream.write(`\r\x1b[K${safe}\n`);
    else this.stream.write(safe + '\n');
    if (this.tty && this.drawn) this.draw(true);
  }
}
