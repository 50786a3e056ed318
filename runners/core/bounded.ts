// Values a check records come, in the end, from a target: they may nest 100 000 deep, refer to themselves or
// hold things JSON cannot say. Everything that is journalled, written to results.json or rendered goes
// through boundValue first, so one hostile answer can never make JSON.stringify throw (a stack overflow)
// and kill the run, its --resume, or `govllm report`.

/** Deepest nesting kept in a recorded value; deeper parts are replaced by a marker string. */
export const MAX_VALUE_DEPTH = 64;

export const DEPTH_MARK = `[cut: nested deeper than ${MAX_VALUE_DEPTH} levels]`;

/**
 * A JSON-safe copy of `v`: nesting cut at `maxDepth` (the rest replaced by a marker), cycles replaced by
 * "[circular]", BigInt as a decimal string, functions/symbols/undefined dropped as JSON.stringify drops them.
 */
export function boundValue(v: unknown, maxDepth = MAX_VALUE_DEPTH): unknown {
  const ancestors = new Set<object>();
  const walk = (x: unknown, depth: number): unknown => {
    if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
    if (typeof x === 'number') return Number.isFinite(x) ? x : null;
    if (typeof x === 'bigint') return x.toString();
    if (typeof x !== 'object') return undefined; // function, symbol, undefined
    if (typeof (x as { toJSON?: unknown }).toJSON === 'function') {
      try {
        return walk((x as { toJSON: () => unknown }).toJSON(), depth);
      } catch {
        return '[unserialisable]';
      }
    }
    if (depth >= maxDepth) return maxDepth === MAX_VALUE_DEPTH ? DEPTH_MARK : `[cut: nested deeper than ${maxDepth} levels]`;
    if (ancestors.has(x)) return '[circular]';
    ancestors.add(x);
    try {
      if (Array.isArray(x)) return x.map((e) => walk(e, depth + 1) ?? null);
      const o: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(x)) {
        const w = walk(e, depth + 1);
        if (w !== undefined) o[k] = w;
      }
      return o;
    } finally {
      ancestors.delete(x);
    }
  };
  return walk(v, 0);
}

/** JSON.stringify that never throws on depth, cycles or BigInt (the value is bounded first when needed). */
export function safeStringify(v: unknown, space?: number): string {
  try {
    return JSON.stringify(v, null, space);
  } catch {
    return JSON.stringify(boundValue(v), null, space);
  }
}
