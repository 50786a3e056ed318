// Writes the table of contents' page numbers into a PDF Chromium has already printed, so the report is printed
// once: Chromium has no CSS target-counter(), and printing a second time only to learn the pages doubled the
// PDF's cost (≈ 2 × 2–4 s for the full report). The numbers' cells are empty and of fixed width in the HTML, so
// adding the numbers afterwards changes no layout.
//
// How: each TOC row is a link whose annotation rectangle spans the row, and whose /Dest names the section; the
// section's page comes from the named destinations (pdf-dests.ts). The numbers are drawn right-aligned in each
// row with the standard Helvetica (digits need no embedded font), appended as a PDF incremental update (ISO
// 32000-1 §7.5.6): new content streams, a new version of each TOC page object, and a new xref section. The bytes
// Chromium wrote stay as they are; a full rewrite with a PDF library costs seconds for a 2.5 MB report.
// Anything unexpected in the file leaves it untouched (the TOC then shows no numbers, as the HTML report does).

import { decodeName, namedDestinationPagesWithRefs, type NamedDestinations } from './pdf-dests.ts';

const FONT = 'GvTocNum';
/** The TOC's muted grey (#4a5668), as PDF RGB. */
const COLOUR = '0.290 0.337 0.408';
/** Helvetica's digit advance (all digits are 556/1000 em). */
const DIGIT_EM = 0.556;

/**
 * `firstSection`: the anchor of the first section after the TOC; every page before it with links to named
 * destinations (the TOC, on however many pages it takes) gets its numbers. No link is ever a destination of the
 * TOC itself, so the TOC is found by its links, not by an anchor of its own.
 */
export function writeTocPageNumbers(pdf: Uint8Array, firstSection: string): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const dests = namedDestinationPagesWithRefs(text);
  const next = dests.pages.get(firstSection);
  if (next === undefined) return pdf;

  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(text);
  const size = trailer ? Number(/\/Size\s+(\d+)/.exec(trailer[1])?.[1]) : NaN;
  if (!trailer || !Number.isInteger(size)) return pdf;
  const root = /\/Root\s+(\d+ \d+ R)/.exec(trailer[1])?.[1];
  const info = /\/Info\s+(\d+ \d+ R)/.exec(trailer[1])?.[1];
  if (!root) return pdf;

  let nextId = size;
  const fontId = nextId++;
  const objects: { id: number; body: string }[] = [{ id: fontId, body: `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>` }];
  for (let page = 1; page < next; page++) {
    const pageId = dests.pageIds[page - 1];
    const updated = pageId === undefined ? undefined : numberedPage(dests, pageId, fontId, () => nextId++);
    if (updated) objects.push(...updated);
  }
  if (objects.length === 1) return pdf;

  // The update: objects, then an xref section listing them (one subsection per object) and a trailer chained to
  // the previous xref by /Prev.
  let offset = pdf.length;
  const parts: string[] = ['\n'];
  offset += 1;
  const entries: [number, number][] = [];
  for (const o of objects) {
    const s = `${o.id} 0 obj\n${o.body}\nendobj\n`;
    entries.push([o.id, offset]);
    parts.push(s);
    offset += Buffer.byteLength(s, 'latin1');
  }
  const xrefAt = offset;
  parts.push('xref\n');
  for (const [id, at] of entries.sort((a, b) => a[0] - b[0])) parts.push(`${id} 1\n${String(at).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<</Size ${nextId}\n/Root ${root}${info ? `\n/Info ${info}` : ''}\n/Prev ${trailer[2]}>>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat([Buffer.from(pdf), Buffer.from(parts.join(''), 'latin1')]);
}

/**
 * A TOC page with its numbers: the page object again, its content wrapped in q … Q (whatever transform Chromium's
 * stream leaves behind must not move ours) followed by a stream drawing each link's page number.
 */
function numberedPage(dests: NamedDestinations, pageId: number, fontId: number, newId: () => number): { id: number; body: string }[] | undefined {
  const page = dests.objects.get(pageId);
  if (!page || !/\/Font\s*<</.test(page)) return undefined;
  const draw: string[] = [];
  for (const ref of (/\/Annots\s*\[([^\]]*)\]/.exec(page)?.[1] ?? '').matchAll(/(\d+) 0 R/g)) {
    const annot = dests.objects.get(Number(ref[1])) ?? '';
    const name = /\/Subtype\s*\/Link[\s\S]*?\/Dest\s*\/([^\s/[\]<>()]+)/.exec(annot)?.[1] ?? /\/Dest\s*\/([^\s/[\]<>()]+)/.exec(annot)?.[1];
    const rect = /\/Rect\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(annot);
    if (!name || !rect || !/\/Subtype\s*\/Link/.test(annot)) continue;
    const target = dests.pages.get(decodeName(name));
    if (target === undefined) continue;
    const [x1, y1, x2, y2] = rect.slice(1).map(Number);
    const h = Math.abs(y2 - y1);
    const fontSize = Math.min(10, Math.max(6, h * 0.62));
    const digits = String(target);
    const x = Math.max(x1, x2) - digits.length * DIGIT_EM * fontSize - 1;
    const y = Math.min(y1, y2) + (h - fontSize * 0.72) / 2;
    draw.push(`BT /${FONT} ${fontSize.toFixed(2)} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td (${digits}) Tj ET`);
  }
  if (draw.length === 0) return undefined;
  const pre = newId();
  const post = newId();
  const contents = /\/Contents\s*(\d+ 0 R|\[[^\]]*\])/.exec(page);
  if (!contents) return undefined;
  const old = contents[1].startsWith('[') ? contents[1].slice(1, -1).trim() : contents[1];
  const body = page.replace(contents[0], `/Contents [${pre} 0 R ${old} ${post} 0 R]`).replace(/\/Font\s*<</, `/Font <</${FONT} ${fontId} 0 R\n`);
  return [
    { id: pageId, body },
    { id: pre, body: stream('q') },
    { id: post, body: stream(`Q\nq ${COLOUR} rg\n${draw.join('\n')}\nQ`) },
  ];
}

function stream(content: string): string {
  return `<</Length ${Buffer.byteLength(content, 'latin1')}>>\nstream\n${content}\nendstream`;
}
