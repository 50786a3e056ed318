// Renders a full report as PDF through Debian's Chromium and reads it back with poppler's pdftotext.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPdfPages, renderReports, type RenderSummary } from '../index.ts';
import { renderPdf } from './pdf.ts';
import { testCatalog, writeSyntheticRun, type SyntheticRun } from '../testing/synthetic.ts';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const PDFTOTEXT = has('pdftotext');
if (!PDFTOTEXT) console.warn('pdf.test.ts: pdftotext (poppler-utils) is absent: text-extraction assertions are skipped; .ci/run installs it');

let run: SyntheticRun;
let summary: RenderSummary;
let seconds: number;

beforeAll(async () => {
  const { catalog, real } = testCatalog();
  run = writeSyntheticRun(catalog);
  const t0 = Date.now();
  summary = await renderReports(run.resultsPath, { formats: ['pdf'], outDir: path.join(run.dir, 'out'), catalog });
  seconds = (Date.now() - t0) / 1000;
  console.log(
    `pdf.test.ts: full report of ${catalog.clauses.length} clauses (${real ? 'real' : 'synthetic'} catalog): ${summary.pdf?.pages} pages in ${seconds.toFixed(1)} s`,
  );
}, 400_000);

describe('PDF report', () => {
  it('is an A4 PDF with pages', () => {
    const pdf = fs.readFileSync(path.join(run.dir, 'out', 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(summary.pdf!.pages).toBeGreaterThan(0);
    expect(countPdfPages(pdf)).toBe(summary.pdf!.pages);
    // A4 = 595 × 842 pt
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.\d* 84[12]\.\d*\s*\]/);
  });

  it('no request left the page', () => {
    expect(summary.pdf!.blockedRequests).toBe(0);
  });

  it.skipIf(!PDFTOTEXT)('text extraction finds the Chinese title, the report id and the page footer', () => {
    const text = execFileSync('pdftotext', ['-layout', path.join(run.dir, 'out', 'report.pdf'), '-'], { maxBuffer: 64 << 20 }).toString('utf8');
    expect(text).toContain('政务大模型符合性与成熟度评估报告');
    expect(text).toContain(summary.reportId);
    expect(text).toMatch(/第 1 页 \/ 共 \d+ 页/);
    expect(text).toContain('执行摘要');
  });

  it.skipIf(!PDFTOTEXT)('the table of contents gives the page on which each section starts', () => {
    const pdf = path.join(run.dir, 'out', 'report.pdf');
    const toc = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-']).toString('utf8');
    const m = /1 执行摘要\s+(\d+)/.exec(toc);
    expect(m, toc).not.toBeNull();
    const findings = /3 不符合项与整改建议\s+(\d+)/.exec(toc);
    expect(findings).not.toBeNull();
    for (const [page, heading] of [
      [m![1], '1 执行摘要'],
      [findings![1], '3 不符合项与整改建议'],
    ]) {
      const text = execFileSync('pdftotext', ['-f', page, '-l', page, pdf, '-']).toString('utf8');
      expect(text, `page ${page}`).toContain(heading);
    }
    // The numbers are an incremental update of what Chromium printed; poppler reads the file without complaint.
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(info).toMatch(new RegExp(`Pages:\\s+${summary.pdf!.pages}\\b`));
  });
});

describe('PDF rendering isolation', () => {
  let server: http.Server;
  let hits = 0;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.skipIf(!PDFTOTEXT)(
    'a title from a target is printed in the page header as text, never as markup or style',
    async () => {
      const title = '评估 "; } @page { size: 1mm } </style><p>INJECTED</p>';
      const r = await renderPdf('<!DOCTYPE html><html><head></head><body><p>正文</p></body></html>', { reportId: 'R-9', title, lang: 'zh' });
      const f = path.join(run.dir, 'title.pdf');
      fs.writeFileSync(f, r.pdf);
      const text = execFileSync('pdftotext', ['-layout', f, '-']).toString('utf8');
      expect(text).toContain('</style><p>INJECTED</p>');
      expect(text).toMatch(/第 1 页 \/ 共 1 页 · R-9/);
      expect(text).toContain('正文');
      // still A4: the title's "@page { size: 1mm }" stayed inside the header's string
      expect(Buffer.from(r.pdf).toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.\d* 84[12]\.\d*\s*\]/);
    },
    120_000,
  );

  it('blocks and counts every request a document attempts, and runs no script', async () => {
    const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="${url}/a.css"></head><body>
      <p id="p">静态内容</p><img src="${url}/b.png"><iframe src="${url}/c"></iframe>
      <script>document.getElementById('p').textContent = 'SCRIPT RAN'; new Image().src = '${url}/d';</script></body></html>`;
    const r = await renderPdf(html, { reportId: 'T-1', title: '测试', lang: 'zh' });
    expect(hits).toBe(0);
    expect(r.blockedRequests.length).toBeGreaterThanOrEqual(2);
    expect(r.blockedRequests.every((u) => u.startsWith(url))).toBe(true);
    if (PDFTOTEXT) {
      const f = path.join(run.dir, 'iso.pdf');
      fs.writeFileSync(f, r.pdf);
      const text = execFileSync('pdftotext', [f, '-']).toString('utf8');
      expect(text).toContain('静态内容');
      expect(text).not.toContain('SCRIPT RAN');
    }
  }, 120_000);
});
