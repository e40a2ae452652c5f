// Runs the plugin's suite against ESLint 9 (its other supported major): every `eslint` / `eslint/…`
// specifier, from the tests and from the libraries they load (the rule tester `require`s it), resolves
// to the `eslint-v9` alias package instead. Loaded with `NODE_OPTIONS=--import …` by `npm run
// test:eslint9`; synchronous resolve hooks for `require` need Node ≥ 22.15.
import { registerHooks } from 'node:module';

if (typeof registerHooks !== 'function') {
  throw new Error(`test:eslint9 needs module.registerHooks (Node >= 22.15); this is Node ${process.versions.node}`);
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'eslint' || specifier.startsWith('eslint/')) {
      return nextResolve(`eslint-v9${specifier.slice('eslint'.length)}`, context);
    }
    return nextResolve(specifier, context);
  },
});
