// Server-side SVG charts: the report needs no JavaScript, so charts are drawn here as markup.
// Every label passes through esc(); numbers are formatted by us.

export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

export interface RadarAxis {
  label: string;
  /** 0..max; null = not rated (drawn at 0, label marked) */
  value: number | null;
}

/** Radar of domain levels 0..max (5). */
export function radarSvg(axes: RadarAxis[], max = 5, title = ''): string {
  // Wider than tall: axis labels (e.g. "AI-native applications (2)") sit left and right of the web.
  const size = 340;
  const width = 480;
  const cx = width / 2;
  const cy = size / 2 + 6;
  const r = 110;
  const n = Math.max(axes.length, 3);
  const pt = (i: number, v: number) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [cx + r * (v / max) * Math.cos(a), cy + r * (v / max) * Math.sin(a)];
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${size}" width="${width}" height="${size}" role="img" aria-label="${esc(title)}">`);
  for (let ring = 1; ring <= max; ring++) {
    const poly = Array.from({ length: n }, (_, i) => pt(i, ring).map(f).join(',')).join(' ');
    parts.push(`<polygon points="${poly}" fill="none" stroke="#c9d1dc" stroke-width="${ring === max ? 1.2 : 0.6}"/>`);
    const [lx, ly] = pt(0, ring);
    parts.push(`<text x="${f(lx + 3)}" y="${f(ly + 3)}" font-size="8" fill="#7a8699">${ring}</text>`);
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = pt(i, max);
    parts.push(`<line x1="${cx}" y1="${cy}" x2="${f(x)}" y2="${f(y)}" stroke="#c9d1dc" stroke-width="0.6"/>`);
  }
  if (axes.length > 0) {
    const poly = axes
      .map((a, i) =>
        pt(i, a.value ?? 0)
          .map(f)
          .join(','),
      )
      .join(' ');
    parts.push(`<polygon points="${poly}" fill="rgba(178,34,34,0.22)" stroke="#b22222" stroke-width="1.6"/>`);
    axes.forEach((a, i) => {
      const [x, y] = pt(i, a.value ?? 0);
      parts.push(`<circle cx="${f(x)}" cy="${f(y)}" r="2.6" fill="#b22222"/>`);
      const [lx, ly] = pt(i, max + 0.75);
      const anchor = Math.abs(lx - cx) < 8 ? 'middle' : lx > cx ? 'start' : 'end';
      const shown = a.value === null ? '–' : String(a.value);
      parts.push(`<text x="${f(lx)}" y="${f(ly + 4)}" font-size="11" text-anchor="${anchor}" fill="#1f2d3d">${esc(a.label)} (${shown})</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface Bar {
  label: string;
  value: number | null; // 0..1000
}

/** Horizontal bars of scores 0..1000. */
export function barsSvg(bars: Bar[], title = ''): string {
  const labelW = 120;
  const barW = 300;
  const rowH = 24;
  const width = labelW + barW + 60;
  const height = rowH * bars.length + 24;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">`,
  );
  for (const t of [0, 250, 500, 750, 1000]) {
    const x = labelW + (barW * t) / 1000;
    parts.push(`<line x1="${f(x)}" y1="4" x2="${f(x)}" y2="${height - 16}" stroke="#e3e8ef" stroke-width="0.8"/>`);
    parts.push(`<text x="${f(x)}" y="${height - 4}" font-size="8" text-anchor="middle" fill="#7a8699">${t}</text>`);
  }
  bars.forEach((b, i) => {
    const y = 6 + i * rowH;
    const v = b.value ?? 0;
    const colour = b.value === null ? '#b0b8c4' : v >= 800 ? '#2e7d32' : v >= 600 ? '#c98a00' : '#b22222';
    parts.push(`<text x="${labelW - 6}" y="${y + 13}" font-size="11" text-anchor="end" fill="#1f2d3d">${esc(b.label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y}" width="${f((barW * v) / 1000)}" height="16" fill="${colour}" rx="2"/>`);
    parts.push(`<text x="${f(labelW + (barW * v) / 1000 + 4)}" y="${y + 12}" font-size="10" fill="#1f2d3d">${b.value === null ? '–' : v}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
