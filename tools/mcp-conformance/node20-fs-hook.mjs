// Module resolve hook (see node20-shims.mjs): `fs` imported from @modelcontextprotocol/conformance
// resolves to a module that adds globSync.
const SHIM = new URL('./node20-fs.mjs', import.meta.url).href;
export async function resolve(specifier, context, next) {
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL?.includes('@modelcontextprotocol/conformance')) {
    return { url: SHIM, shortCircuit: true };
  }
  return next(specifier, context);
}
