// Hostile target content, end to end: a target whose answers, model names and agent card carry markup,
// template syntax, CSS that hides text, ANSI escapes, bidi overrides, zero-width characters and a ~1 MB line
// is assessed with `govllm run`; the reports rendered from that run must show it all as inert text. The PDF is
// printed with JavaScript off and requests blocked — the renderer counts attempts (0), and so does the hostile
// server, which every embedded URL points at (0 hits). Terminal output carries no escape or bidi character.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KEY_ENV, HOSTILE_MARK, hostileTarget } from '../fixtures/hostile/server.ts';
import { startHostileProcess, type HostileProcess } from '../fixtures/hostile/process.ts';
import { govllm, writeTarget } from '../fixtures/hostile/run-helpers.ts';
import { renderReports } from '../reports/index.ts';

/** Characters that drive a terminal or reorder/hide text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u009B]/;
const BIDI_ZW = /[\u202A-\u202E\u2066-\u2069\u200B-\u200D\uFEFF]/;

let tmp: string;
let h: HostileProcess;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govllm-content-'));
  h = await startHostileProcess();
});
afterAll(async () => {
  await h?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('hostile content from the target', () => {
  it('reaches results as data, and HTML/PDF show it as text; no script, no request, no escape on the terminal', async () => {
    const target = hostileTarget(h, { chat: 'content', a2a: 'content' }, { timeoutMs: 10_000 });
    const file = writeTarget(tmp, 'content', target);
    const out = path.join(tmp, 'out');
    const r = await govllm(
      ['run', '--target', file, '--out', out, '--only', 'INF-API-01,INF-API-03,INF-API-05,APP-LBL-02,SAF-RED-01,AGT-A2A-01', '--seed', '1', '-j', '3', '--ci'],
      { [HOSTILE_KEY_ENV]: 'sk-content-0a1b2c3d4e' },
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(r.code);
    // The terminal: nothing the target sent can move the cursor, recolour, ring or reorder what is printed.
    for (const [name, text] of [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
    ]) {
      expect(CONTROL.exec(text)?.[0], `${name} carries a control character`).toBeUndefined();
      expect(BIDI_ZW.exec(text)?.[0], `${name} carries a bidi/zero-width character`).toBeUndefined();
    }

    // The hostile text really is in the run's record (else the report checks below would prove nothing).
    const recorded = fs.readFileSync(path.join(out, 'results.json'), 'utf8') + fs.readFileSync(path.join(out, 'transcripts.jsonl'), 'utf8');
    expect(recorded).toContain(HOSTILE_MARK);

    const s = await renderReports(path.join(out, 'results.json'), { formats: ['html', 'pdf'], outDir: path.join(out, 'report'), log: () => {} });
    const html = fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8');
    expect(html).toContain(HOSTILE_MARK);

    // Markup from the target never becomes markup: no element, no handler, no external reference.
    const tags = [...html.matchAll(/<\s*(script|iframe|link|img|object|embed)\b[^>]*>/gi)].map((m) => m[0]);
    expect(
      tags.filter((t) => !/^<img\b[^>]*\bsrc="data:/i.test(t)),
      'tags that load or run something',
    ).toEqual([]);
    expect(html).not.toMatch(/\son\w+\s*=\s*["']?fetch/i);
    expect(html).not.toContain(h.elsewhereUrl.replace('http://', 'src="http://'));
    expect(html).toMatch(/&lt;script&gt;fetch\(/);
    // Template syntax stays literal (the data is never compiled as a template).
    expect(html).toContain('{{constructor.constructor');
    // CSS from the target is text: the hidden span is escaped, so it cannot hide anything.
    expect(html).toContain('&lt;style&gt;*{display:none!important}&lt;/style&gt;');
    expect(html).not.toMatch(/<span style="display:none">HIDDEN-BY-CSS/);
    // Escape, bidi and zero-width characters are made visible or removed, never passed through raw.
    expect(CONTROL.exec(html)?.[0], 'a control character in the HTML').toBeUndefined();
    expect(BIDI_ZW.exec(html)?.[0], 'a bidi override or zero-width character in the HTML').toBeUndefined();
    // A ~1 MB line from the target does not blow the report up.
    expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024 * 1024);

    // PDF: JavaScript off, every request blocked — counted by the renderer and, independently, by the server.
    expect(s.pdf?.pages).toBeGreaterThan(0);
    expect(s.pdf?.blockedRequests).toBe(0);
    expect((await h.stats()).elsewhereHits).toBe(0);
    console.log(
      `[hostile-content] run exit ${r.code} in ${r.ms} ms; HTML ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB; PDF ${s.pdf?.pages} pages, ${s.pdf?.blockedRequests} requests attempted; exfil hits 0`,
    );
  }, 300_000);
});
