// Loaded with `node --import`: makes every import of ts-morph (and of the TypeScript compiler)
// fail, so that a command that works under it provably never loads them.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'ts-morph' || specifier === 'typescript' || specifier.startsWith('@ts-morph/')) {
    throw new Error('blocked by test/blockTsMorph.mjs: ' + specifier);
  }
  return next(specifier, context);
}`),
);
