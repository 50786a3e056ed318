// PDF: the HTML report printed by Debian's Chromium (runners/browser/chromium.ts), A4, with report id and
// page numbers in header and footer and a document outline (bookmarks) from the headings.
// The page runs with JavaScript disabled and every request intercepted and aborted: the report is
// self-contained, so any request at all would be a defect (or target content trying to escape) — we count them.

import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../../runners/browser/chromium.ts';
import { esc } from './charts.ts';
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
  /** the anchor of the first section after the table of contents: the TOC's links before it get page numbers */
  tocEndsBefore?: string;
}

/**
 * Prints `html` once. The table of contents' page numbers are written into the printed PDF afterwards
 * (pdf-toc.ts): its number cells are empty and of fixed width, so they change no layout.
 */
export async function renderPdf(html: string, opts: PdfOptions): Promise<PdfResult & { pages: Map<string, number> }> {
  const own = !opts.browser;
  const browser = opts.browser ?? (await launchChromium());
  const blockedRequests: string[] = [];
  try {
    const page = await browser.newPage();
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
      await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
      const font = `font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; font-size: 7.5pt; color: #6b7686; width: 100%; padding: 0 12mm;`;
      const pageWord = opts.lang === 'zh' ? ['第 ', ' 页 / 共 ', ' 页'] : ['Page ', ' of ', ''];
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${font} display:flex; justify-content:space-between;"><span>${esc(opts.title)}</span><span>${esc(opts.reportId)}</span></div>`,
        footerTemplate: `<div style="${font} text-align:center;">${pageWord[0]}<span class="pageNumber"></span>${pageWord[1]}<span class="totalPages"></span>${pageWord[2]} · ${esc(opts.reportId)}</div>`,
        margin: MARGIN,
        preferCSSPageSize: false,
        outline: true,
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
    if (own) await browser.close().catch(() => undefined);
  }
}
