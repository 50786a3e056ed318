import { describe, expect, it } from 'vitest';
import type { Outcome } from '../core/types.ts';
import { Progress, formatDuration } from './progress.ts';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 100, write: (s: string) => (out.push(s), true) } };
};
const o = (status: Outcome['status'], clause = 'SAF-CONT-02'): Outcome => ({
  clause,
  check: 'chat.refusal-bank',
  index: 0,
  status,
  message: status === 'fail' ? 'refusal rate 0.91 < 0.95' : 'ok',
  transcripts: [],
  evidence: [],
  started_at: '',
  duration_ms: 1500,
});

describe('progress', () => {
  it('on a terminal: one bar with done/total, failures, errors, rate and ETA, redrawn in place', () => {
    let t = 0;
    const { out, stream } = sink(true);
    const p = new Progress({ stream, now: () => t });
    p.start(10);
    t = 2000;
    p.outcome(o('pass'), true);
    p.outcome(o('fail'), true);
    t = 4000;
    p.outcome(o('error'), true);
    p.outcome(o('pass'), true);
    const line = p.line(100);
    expect(line).toMatch(/^\[#+\.+\] 4\/10 {2}fail 1 {2}error 1 {2}1\.0\/s {2}ETA 0:06$/);
    expect(out.every((s) => !s.includes('\n') || s.endsWith('\n'))).toBe(true);
    expect(out.some((s) => s.startsWith('\r'))).toBe(true);
  });

  it('not a terminal (or --ci): plain lines, one per check run, with the message of a non-pass', () => {
    const { out, stream } = sink(false);
    const p = new Progress({ stream });
    p.start(3, 1);
    p.outcome(o('fail'), true);
    p.outcome(o('not_applicable', 'MCP-X-01'), false);
    p.finish('done');
    const text = out.join('');
    expect(text).not.toMatch(/\r|\x1b/);
    expect(text).toMatch(/running 2 of 3 checks \(1 already done, resumed\)/);
    expect(text).toMatch(/\[2\/3\] fail\s+SAF-CONT-02#0 chat\.refusal-bank \(1\.5s\) — refusal rate 0\.91 < 0\.95/);
    expect(text).not.toMatch(/MCP-X-01/); // plan-decided outcomes are counted, not logged one by one
  });

  it('formats durations', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_726_000)).toBe('1:02:06');
    expect(formatDuration(Number.NaN)).toBe('--:--');
  });
});
