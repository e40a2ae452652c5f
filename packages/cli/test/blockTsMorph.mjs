// Loaded with `node --import`: makes every import of ts-morph (and of the TypeScript compiler)
// fail, so that a command that works under it provably never loads them.
import * as nodeModule from 'node:module';

const BLOCKED = (specifier) => specifier === 'ts-morph' || specifier === 'typescript' || specifier.startsWith('@ts-morph/');

if (typeof nodeModule.registerHooks === 'function') {
  // Node ≥ 22.15: in-thread hooks (module.register() is deprecated from Node 26 on).
  nodeModule.registerHooks({
    resolve(specifier, context, next) {
      if (BLOCKED(specifier)) throw new Error(`blocked by test/blockTsMorph.mjs: ${specifier}`);
      return next(specifier, context);
    },
  });
} else {
  // Node 20: hooks run in a loader thread, given as a module of their own.
  nodeModule.register(
    'data:text/javascript,' +
      encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if ((${BLOCKED.toString()})(specifier)) throw new Error('blocked by test/blockTsMorph.mjs: ' + specifier);
  return next(specifier, context);
}`),
  );
}
