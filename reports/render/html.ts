// HTML report: one self-contained file (inline CSS and SVG, no script, no external resource).
// Handlebars' {{ }} escapes every string from the target; the template uses {{{ }}} only for our CSS and SVG.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { ReportModel } from './model.ts';

const TEMPLATES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');

let compiled: HandlebarsTemplateDelegate | undefined;
function template(): HandlebarsTemplateDelegate {
  // An isolated Handlebars environment: no helper registered elsewhere can change how the report escapes.
  compiled ??= Handlebars.create().compile(fs.readFileSync(path.join(TEMPLATES, 'report.hbs'), 'utf8'), { noEscape: false });
  return compiled;
}

/** The table of contents' page-number cells stay empty: the PDF gets its numbers after printing (pdf-toc.ts). */
export function renderHtml(model: ReportModel): string {
  const css = fs.readFileSync(path.join(TEMPLATES, 'report.css'), 'utf8');
  return template()({ ...(visible(model) as ReportModel), css });
}

// Escaping stops markup, not these: a bidi override from a target can make "fail" read "liaf" (or reorder a
// verdict), zero-width characters hide text, control characters garble it. They are shown as ⟨U+XXXX⟩.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Deep copy of plain data with every invisible or reordering character made visible. */
export function visible(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  if (Array.isArray(v)) return v.map(visible);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visible(x)]));
  return v;
}
