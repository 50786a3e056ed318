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

/** `pages`: section anchor → PDF page, for the table of contents (empty in the HTML report and the PDF's first pass). */
export function renderHtml(model: ReportModel, pages: Map<string, number> = new Map()): string {
  const css = fs.readFileSync(path.join(TEMPLATES, 'report.css'), 'utf8');
  return template()({ ...model, css, pages: Object.fromEntries(pages) });
}
