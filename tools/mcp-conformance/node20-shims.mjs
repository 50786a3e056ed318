// Preloaded with `node --import` to run two official tools unchanged on this project's Node 20:
//   - @modelcontextprotocol/conformance imports `globSync` from `fs`, which Node added in 22: a resolve
//     hook hands that package a `fs` with a small globSync (only the `**/<name>` form it uses).
//   - @modelcontextprotocol/server-everything's HTTP script calls `app.listen(PORT)`, binding every
//     interface: listen() is pinned to 127.0.0.1 so nothing is reachable from outside this machine.
import net from 'node:net';
import { register } from 'node:module';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  // Report the port actually bound, so a caller can start the server on port 0.
  this.once('listening', () => {
    const a = this.address();
    if (a && typeof a === 'object') process.stderr.write(`govllm-shim: listening on 127.0.0.1:${a.port}\n`);
  });
  return listen.apply(this, args);
};

register(new URL('./node20-fs-hook.mjs', import.meta.url));
