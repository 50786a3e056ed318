// Reads the page of each named destination from a PDF written by Chromium (Skia): the catalog's /Dests
// dictionary maps every link target id to [pageRef /XYZ …], and the /Pages tree gives page order.
// Used to print page numbers in the table of contents (Chromium has no CSS target-counter()).
// Tolerant by design: any PDF it cannot read gives an empty map, and the TOC simply shows no numbers.

export interface NamedDestinations {
  /** destination name → 1-based page */
  pages: Map<string, number>;
  /** object number of each page, in page order */
  pageIds: number[];
  /** object number → its dictionary text (objects written inline, as Skia writes them) */
  objects: Map<number, string>;
}

export function namedDestinationPages(pdf: Uint8Array): Map<string, number> {
  return namedDestinationPagesWithRefs(Buffer.from(pdf).toString('latin1')).pages;
}

/** The same, from the PDF as latin1 text, with what pdf-toc.ts needs to update pages. */
export function namedDestinationPagesWithRefs(text: string): NamedDestinations {
  const out: NamedDestinations = { pages: new Map(), pageIds: [], objects: new Map() };
  // A later definition of an object (an incremental update, as pdf-toc.ts appends) replaces the earlier one.
  const objects = out.objects;
  const re = /(?:^|\n)(\d+) 0 obj\n?(<<[\s\S]*?>>)\s*(?:stream|endobj)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) objects.set(Number(m[1]), m[2]);
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o));
  if (!catalog) return out;
  const root = /\/Pages\s+(\d+) 0 R/.exec(catalog)?.[1];
  const destsRef = /\/Dests\s+(\d+) 0 R/.exec(catalog)?.[1];
  if (!root) return out;
  // Page order: depth-first over /Kids from the root Pages node.
  const order = new Map<number, number>();
  const walk = (id: number, depth: number) => {
    if (depth > 32) return;
    const o = objects.get(id);
    if (!o) return;
    if (/\/Type\s*\/Pages\b/.test(o)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]), depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(o)) {
      order.set(id, order.size + 1);
      out.pageIds.push(id);
    }
  };
  walk(Number(root), 0);
  if (!destsRef) return out;
  const dests = objects.get(Number(destsRef)) ?? '';
  for (const d of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const page = order.get(Number(d[2]));
    if (page !== undefined) out.pages.set(decodeName(d[1]), page);
  }
  return out;
}

/** PDF names escape bytes as #xx. */
export function decodeName(n: string): string {
  return Buffer.from(
    n.replace(/#([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}
