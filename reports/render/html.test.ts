import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReports } from '../index.ts';
import { testCatalog, writeSyntheticRun, type SyntheticRun } from '../testing/synthetic.ts';

let run: SyntheticRun;
let zh: string;
let en: string;

beforeAll(async () => {
  const { catalog } = testCatalog();
  run = writeSyntheticRun(catalog);
  await renderReports(run.resultsPath, { formats: ['html'], outDir: path.join(run.dir, 'zh'), catalog });
  await renderReports(run.resultsPath, { formats: ['html'], outDir: path.join(run.dir, 'en'), catalog, lang: 'en' });
  zh = fs.readFileSync(path.join(run.dir, 'zh', 'report.html'), 'utf8');
  en = fs.readFileSync(path.join(run.dir, 'en', 'report.html'), 'utf8');
});

describe('HTML report', () => {
  it('has a row for every expected clause, with its verdict', () => {
    for (const id of run.results.expected!) expect(zh).toContain(`data-clause="${id}"`);
    const rows = zh.match(/<tr id="cl-[^"]+" data-clause=/g) ?? [];
    expect(rows.length).toBe(run.results.expected!.length);
  });

  it('escapes target content: a <script> answer and an <img> never become markup', () => {
    expect(zh).not.toMatch(/<script/i);
    expect(zh).not.toMatch(/<img/i);
    expect(zh).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    // The hostile text really is in the report (escaped), in the target name and in observed answers.
    expect(zh.split('&lt;script&gt;').length - 1).toBeGreaterThan(10);
  });

  it('is self-contained: no external resource, no script', () => {
    expect(zh).not.toMatch(/<link\b/i);
    expect(zh).not.toMatch(/\b(src|href)\s*=\s*"(https?:)?\/\//i);
    expect(zh).toMatch(/<style>[\s\S]*Noto Sans CJK SC/);
    expect(zh).toContain('<svg');
  });

  it('has the cover, summary, domain sections, findings, methodology and appendices, in Chinese by default', () => {
    expect(zh).toContain('<html lang="zh-CN">');
    for (const s of [
      '政务大模型符合性与成熟度评估报告',
      '报告编号',
      '执行摘要',
      '不符合项与整改建议',
      '评估方法',
      '附录A 证据文件',
      '附录B 不符合条款的交互记录',
    ])
      expect(zh).toContain(s);
    for (const id of ['cover', 'toc', 'summary', 'findings', 'methodology', 'appendix-evidence', 'appendix-transcripts']) expect(zh).toContain(`id="${id}"`);
    expect(zh).toContain(run.results.catalog.sha256);
    expect(zh).toContain(String(run.results.seed));
  });

  it('the template un-escapes only our own CSS and SVG (never a field that can hold target text)', () => {
    const tpl = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'report.hbs'), 'utf8');
    const raw = [...tpl.matchAll(/\{\{\{\s*([^}]+?)\s*\}\}\}/g)].map((m) => m[1]);
    expect(raw.sort()).toEqual(['bars', 'css', 'radar']);
  });

  it('renders English with --lang en', () => {
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Government LLM Conformance and Maturity Assessment Report');
    expect(en).not.toContain('执行摘要');
  });

  it('lists failed clauses as findings with remediation, and links transcripts of failed clauses', () => {
    const failed = run.results.outcomes.filter((o) => o.status === 'fail').map((o) => o.clause);
    expect(failed.length).toBeGreaterThan(0);
    for (const id of failed) expect(zh).toContain(`id="finding-${id}"`);
    expect(zh).toContain('整改建议');
    const firstTranscript = run.results.outcomes.find((o) => o.status === 'fail')!.transcripts[0];
    expect(zh).toContain(`id="tr-${firstTranscript}"`);
    // bodies are capped: the 5000-character padding never appears whole
    expect(zh).not.toContain('x'.repeat(2000));
  });

  it('lists evidence files with their SHA-256', () => {
    const ev = run.results.outcomes.flatMap((o) => o.evidence);
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) expect(zh).toContain(e.sha256);
  });
});

describe('a PDF that cannot be printed', () => {
  it('costs no other format: the HTML and the manifest are written and the failure is reported', async () => {
    const saved = process.env.GOVLLM_CHROMIUM;
    process.env.GOVLLM_CHROMIUM = '/bin/false'; // a "browser" that exits at once
    try {
      const out = path.join(run.dir, 'nopdf');
      const s = await renderReports(run.resultsPath, { formats: ['html', 'pdf', 'csv'], outDir: out, catalog: run.catalog });
      expect(s.errors).toHaveLength(1);
      expect(s.errors[0]).toMatch(/^report\.pdf: not written/);
      expect(fs.existsSync(path.join(out, 'report.pdf'))).toBe(false);
      for (const f of ['report.html', 'findings.csv', 'scores.json', 'manifest.json']) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GOVLLM_CHROMIUM;
      else process.env.GOVLLM_CHROMIUM = saved;
    }
  }, 120_000);
});
