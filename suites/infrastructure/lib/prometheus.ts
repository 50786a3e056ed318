// A validator for the Prometheus text exposition format (version 0.0.4): line grammar, metric and label
// names, label value escapes, sample values, one TYPE per family declared before its samples, contiguous
// families, and histogram/summary structure. Returns the families found and the problems with line numbers.

export interface Family {
  name: string;
  type?: string;
  help?: string;
  samples: number;
}

export interface Exposition {
  families: Map<string, Family>;
  problems: string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function familyOf(sample: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count', '_created', '_total']) {
    if (sample.endsWith(suffix)) {
      const base = sample.slice(0, -suffix.length);
      const f = families.get(base);
      if (f && (f.type === 'histogram' || f.type === 'summary' || (suffix === '_total' && f.type === 'counter'))) return base;
    }
  }
  return sample;
}

function parseLabels(s: string, line: number, problems: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const m = /^\s*([^=\s]+)\s*=\s*"/.exec(s.slice(i));
    if (!m) {
      if (/^\s*,?\s*$/.test(s.slice(i))) break;
      problems.push(`line ${line}: malformed label set {${s}} (label values must be double-quoted)`);
      return undefined;
    }
    if (!LABEL.test(m[1])) problems.push(`line ${line}: invalid label name "${m[1]}"`);
    i += m[0].length;
    let v = '';
    for (;;) {
      if (i >= s.length) {
        problems.push(`line ${line}: unterminated label value`);
        return undefined;
      }
      const c = s[i];
      if (c === '\\') {
        const n = s[i + 1];
        if (n === 'n') v += '\n';
        else if (n === '\\' || n === '"') v += n;
        else problems.push(`line ${line}: invalid escape \\${n} in a label value`);
        i += 2;
        continue;
      }
      if (c === '"') {
        i++;
        break;
      }
      v += c;
      i++;
    }
    if (m[1] in labels) problems.push(`line ${line}: label "${m[1]}" repeated`);
    labels[m[1]] = v;
    const rest = /^\s*,?/.exec(s.slice(i))!;
    i += rest[0].length;
  }
  return labels;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, Family>();
  const problems: string[] = [];
  const closed = new Set<string>();
  let current: string | undefined;
  const histo = new Map<string, { infBucket: boolean; sum: boolean; count: boolean }>();
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const l = raw.replace(/\r$/, '');
    if (l.trim() === '') return;
    if (l.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(l);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m;
      if (!NAME.test(name)) problems.push(`line ${line}: invalid metric name "${name}"`);
      const f = families.get(name) ?? { name, samples: 0 };
      if (kind === 'TYPE') {
        if (f.type) problems.push(`line ${line}: second TYPE line for ${name}`);
        if (f.samples > 0) problems.push(`line ${line}: TYPE for ${name} after its samples`);
        if (!TYPES.has((rest ?? '').trim())) problems.push(`line ${line}: unknown type "${rest ?? ''}" for ${name}`);
        f.type = (rest ?? '').trim();
      } else {
        if (f.help !== undefined) problems.push(`line ${line}: second HELP line for ${name}`);
        f.help = rest ?? '';
      }
      families.set(name, f);
      return;
    }
    const m = /^([^\s{]+)(?:\{(.*)\})?\s+(\S+)(?:\s+(\S+))?\s*$/.exec(l);
    if (!m) {
      problems.push(`line ${line}: not a sample line: ${JSON.stringify(l.slice(0, 80))}`);
      return;
    }
    const [, name, labelText, value, ts] = m;
    if (!NAME.test(name)) problems.push(`line ${line}: invalid metric name "${name}"`);
    const labels = labelText !== undefined ? parseLabels(labelText, line, problems) : {};
    if (!/^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|Inf|NaN)$/.test(value)) problems.push(`line ${line}: invalid sample value "${value}"`);
    if (ts !== undefined && !/^-?\d+$/.test(ts)) problems.push(`line ${line}: invalid timestamp "${ts}"`);
    const fam = familyOf(name, families);
    if (fam !== current) {
      if (closed.has(fam)) problems.push(`line ${line}: samples of ${fam} are not contiguous`);
      if (current) closed.add(current);
      current = fam;
    }
    const f = families.get(fam) ?? { name: fam, samples: 0 };
    f.samples++;
    families.set(fam, f);
    if (f.type === 'histogram') {
      const h = histo.get(fam) ?? { infBucket: false, sum: false, count: false };
      if (name === `${fam}_bucket`) {
        if (!labels || !('le' in labels)) problems.push(`line ${line}: histogram bucket without an "le" label`);
        else if (labels.le === '+Inf') h.infBucket = true;
      } else if (name === `${fam}_sum`) h.sum = true;
      else if (name === `${fam}_count`) h.count = true;
      else problems.push(`line ${line}: ${name} is not a sample name of histogram ${fam}`);
      histo.set(fam, h);
    }
  });
  for (const [name, h] of histo) {
    if (!h.infBucket) problems.push(`histogram ${name} has no le="+Inf" bucket`);
    if (!h.sum || !h.count) problems.push(`histogram ${name} lacks _sum or _count`);
  }
  return { families, problems };
}

// Which family carries each monitoring signal the standard names (metrics.prometheus, `govllm probe`).
export const SIGNALS = ['requests', 'errors', 'latency', 'tokens', 'accelerator_memory'] as const;
export type Signal = (typeof SIGNALS)[number];

/** How a family of each signal is recognised: its TYPE, and words in its name or HELP text. */
const RECOGNISE: Record<Signal, { types: string[]; words: RegExp; not?: RegExp }> = {
  requests: {
    types: ['counter', 'untyped'],
    words: /request|call|invocation|请求|调用/i,
    not: /error|fail|失败|错误|异常|token|refus|byte|second|duration|latency/i,
  },
  errors: { types: ['counter', 'untyped'], words: /error|fail|失败|错误|异常/i },
  latency: { types: ['histogram', 'summary'], words: /duration|latency|seconds|response.?time|耗时|时延|延迟/i },
  tokens: { types: ['counter', 'untyped'], words: /token/i },
  accelerator_memory: {
    types: ['gauge', 'untyped'],
    words: /(gpu|npu|accelerator|device|cuda|显卡|加速卡|算力卡).*(mem|显存)|(mem|显存).*(gpu|npu|accelerator|device|cuda|加速卡|算力卡)|显存|vram/i,
  },
};

/** The family that carries a signal, from the mapping or by TYPE/HELP/name; undefined when none does. */
export function findSignal(families: Map<string, Family>, signal: Signal, mapped?: string): Family | undefined {
  const has = (n: string) => families.get(n) ?? families.get(n.replace(/_total$/, '')) ?? families.get(`${n}_total`);
  if (mapped) return has(mapped);
  const r = RECOGNISE[signal];
  for (const f of families.values()) {
    const text = `${f.name} ${f.help ?? ''}`;
    if (f.type && !r.types.includes(f.type)) continue;
    if (r.words.test(text) && !(r.not && r.not.test(f.name))) return f;
  }
  return undefined;
}
