// A dotted path into a JSON value (`result.items.0.id`): how descriptors and profile params name a field.

export function getPath(obj: unknown, dotted: string): unknown {
  let cur: any = obj;
  for (const k of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k];
  }
  return cur;
}
