// The error object of an error response, wherever a vendor puts it: the standard asks for "JSON with an error
// code", not OpenAI's shape (chat.errors).

const MESSAGE_FIELDS = [
  'message',
  'msg',
  'detail',
  'details',
  'errmsg',
  'err_msg',
  'error_message',
  'errorMessage',
  'error_description',
  'description',
  'reason',
];

/** The error object of a body: at `path` when given; else `error`, else the first object with a message. */
export function findErrorObject(body: unknown, path?: string): { message: string; at: string; object: unknown } | undefined {
  const messageOf = (o: unknown): string | undefined => {
    if (typeof o === 'string' && o.trim()) return o;
    if (!o || typeof o !== 'object') return undefined;
    for (const f of MESSAGE_FIELDS) {
      const v = (o as Record<string, unknown>)[f];
      if (typeof v === 'string' && v.trim()) return v;
    }
    return undefined;
  };
  if (path) {
    const o = path.split('.').reduce<unknown>((c, k) => (c && typeof c === 'object' ? (c as Record<string, unknown>)[k] : undefined), body);
    const m = messageOf(o);
    return m ? { message: m, at: path, object: o } : undefined;
  }
  const queue: [string, unknown, number][] = [
    ['error', (body as Record<string, unknown> | null)?.error, 1],
    ['(body)', body, 0],
  ];
  while (queue.length) {
    const [at, o, d] = queue.shift()!;
    const m = messageOf(o);
    if (m && (typeof o !== 'string' || at === 'error')) return { message: m, at, object: o };
    if (o && typeof o === 'object' && d < 4)
      for (const [k, c] of Object.entries(o as Record<string, unknown>))
        if (c && typeof c === 'object') queue.push([at === '(body)' ? k : `${at}.${k}`, c, d + 1]);
  }
  return undefined;
}
