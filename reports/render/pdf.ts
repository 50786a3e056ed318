// PDF: the HTML report printed by Debian's Chromium (runners/browser/chromium.ts), A4, with report id and
// page numbers in header and footer and a document outline (bookmarks) from the headings.
// The page runs with JavaScript disabled and every request intercepted and aborted: the report is
// self-contained, so any request at all would be a defect (or target content trying to escape) — we count them.

import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../../runners/browser/chromium.ts';
import { namedDestinationPages } from './pdf-dests.ts';
import { writeTocPageNumbers } from './pdf-toc.ts';

const MARGIN = { top: '18mm', bottom: '18mm', left: '12mm', right: '12mm' };

export interface PdfResult {
  pdf: Uint8Array;
  /** requests the page attempted (all blocked) */
  blockedRequests: string[];
}

export interface PdfOptions {
  reportId: string;
  title: string;
  lang: 'zh' | 'en';
  /** reuse a browser (the runner's shared one); otherwise one is launched and closed */
  browser?: Browser;
  /** a browser the caller started launching for this PDF alone (to overlap its start-up): used, then closed here */
  launched?: Promise<Browser>;
  /** the anchor of the first section after the table of contents: the TOC's links before it get page numbers */
  tocEndsBefore?: string;
}

/**
 * Prints `html` once. The table of contents' page numbers are written into the printed PDF afterwards
 * (pdf-toc.ts): its number cells are empty and of fixed width, so they change no layout.
 */
export async function renderPdf(html: string, opts: PdfOptions): Promise<PdfResult & { pages: Map<string, number> }> {
  const own = !opts.browser;
  const browser = opts.browser ?? (await (opts.launched ?? launchChromium()));
  const blockedRequests: string[] = [];
  try {
    // A browser launched for this PDF already has a blank page; opening another costs ≈ 0.4 s.
    const page = (own ? (await browser.pages())[0] : undefined) ?? (await browser.newPage());
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        // The document arrives through setContent, never as a request. Inline data: URLs are not network
        // (Chromium itself uses them, e.g. for a broken-image icon); every other request is refused and counted.
        const url = req.url();
        if (url.startsWith('data:')) {
          void req.continue().catch(() => undefined);
          return;
        }
        blockedRequests.push(url);
        void req.abort('blockedbyclient').catch(() => undefined);
      });
      await page.setContent(withPageMarginBoxes(html, opts), { waitUntil: 'load', timeout: 120_000 });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        // Header and footer are CSS page-margin boxes laid out with the document (pageMarginCss), not puppeteer's
        // header/footer templates, which Chromium lays out again for every page (≈ 0.8 s of a 59-page report).
        displayHeaderFooter: false,
        margin: MARGIN,
        preferCSSPageSize: false,
        // No outline (bookmarks): Chromium builds it from a structure pass that costs ≈ 1 s and 1 MB on the full
        // report; the table of contents links every section with its page number.
        outline: false,
        // untagged: tagging roughly doubles the print time of a long CJK report on a small machine
        tagged: false,
        timeout: 300_000,
      });
      const numbered = opts.tocEndsBefore ? writeTocPageNumbers(pdf, opts.tocEndsBefore) : pdf;
      return { pdf: numbered, blockedRequests, pages: namedDestinationPages(numbered) };
    } finally {
      await page.close().catch(() => undefined);
    }
  } finally {
    if (own) await closeQuickly(browser);
  }
}

/**
 * The header (title, report id) and footer (page n of m · report id) as CSS page-margin boxes. Every string is
 * written as a CSS string with all but letters, digits and spaces hex-escaped, so a title taken from a target can
 * neither end the string nor the <style> element.
 */
export function pageMarginCss(opts: Pick<PdfOptions, 'title' | 'reportId' | 'lang'>): string {
  const box = `font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; font-size: 7.5pt; color: #6b7686;`;
  const [before, middle, after] = opts.lang === 'zh' ? ['第 ', ' 页 / 共 ', ' 页'] : ['Page ', ' of ', ''];
  const id = cssString(opts.reportId);
  return (
    `@page { ` +
    `@top-left { content: ${cssString(opts.title)}; ${box} } ` +
    `@top-right { content: ${id}; ${box} } ` +
    `@bottom-center { content: ${cssString(before)} counter(page) ${cssString(middle)} counter(pages) ${cssString(`${after} · `)} ${id}; ${box} } }`
  );
}

function cssString(s: string): string {
  return `"${s.replace(/[^\p{L}\p{N} ]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/**
 * Type for print only. Chromium embeds Noto Sans CJK (CFF outlines in a collection) as Type 3 fonts, glyph by glyph
 * and face by face, and every bold run brings in the Bold face: on the full report that was half of the print
 * (2.7 → 1.4 s measured on the 59-page report, the same text extracted). So in the PDF only chapter headings are
 * bold and other emphasis is the heading colour; code and hashes take DejaVu Sans Mono (TrueType, embedded as a
 * real subset) for Latin and the regular CJK face for Chinese. The HTML report keeps its own type.
 */
const PRINT_TYPE_CSS =
  `body *:not(h1):not(h2) { font-weight: 400 !important; } ` +
  `strong, b { color: #8b1a1a; } ` +
  `code, .mono, .hash { font-family: "DejaVu Sans Mono", "Noto Sans CJK SC", monospace !important; }`;

function withPageMarginBoxes(html: string, opts: PdfOptions): string {
  const style = `<style>${pageMarginCss(opts)} ${PRINT_TYPE_CSS}</style>`;
  const at = html.indexOf('</head>');
  return at >= 0 ? html.slice(0, at) + style + html.slice(at) : style + html;
}

/**
 * A browser launched for one PDF is ended without Chromium's graceful shutdown, which flushes a throw-away
 * profile for ≈ 1.5 s: disconnect, then kill the process (its temporary profile is removed on disconnect).
 */
export async function closeQuickly(browser: Browser): Promise<void> {
  const proc = browser.process();
  if (!proc) return void (await browser.close().catch(() => undefined));
  const exited = new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
  await browser.disconnect().catch(() => undefined);
  proc.kill('SIGKILL');
  await exited;
}
