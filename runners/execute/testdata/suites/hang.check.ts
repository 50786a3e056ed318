// Test check: never finishes (ignores its signal) — the per-check timeout must turn it into `error`.
export default {
  id: 'stub.hang',
  title: 'stub: a check that never returns',
  needs: [],
  params: { type: 'object' },
  run: () => new Promise(() => {}),
};
