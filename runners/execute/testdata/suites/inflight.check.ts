// Test check marked `exclusive`: reports how many chat requests the stub had in flight when it started.
// The runner must run it alone, after every shared check, so the answer is 0.
export default {
  id: 'stub.alone',
  title: 'stub: runs with nothing else in flight',
  needs: ['chat'],
  exclusive: true,
  params: { type: 'object' },
  async run(ctx: any) {
    const r = await ctx.http.chat.request({ path: 'stats' });
    const inFlight = r.json().inFlight as number;
    return { status: inFlight === 0 ? 'pass' : 'fail', message: `${inFlight} chat requests in flight at start`, observed: { in_flight: inFlight } };
  },
};
