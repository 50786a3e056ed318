// Test check that needs an evidence pack: `not_applicable` on a target without one.
export default {
  id: 'stub.evidence',
  title: 'stub: reads the evidence pack',
  needs: ['evidence'],
  params: { type: 'object' },
  run: async () => ({ status: 'pass', message: 'evidence present' }),
};
