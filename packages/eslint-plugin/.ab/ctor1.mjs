import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { readFileSync, readdirSync } from 'node:fs';
const root = process.argv[2];
const { ThreadLocalRecognizer } = await import(root + '/dist/util/ThreadLocalRecognizer.js');
const dir = '/tmp/tlkit-eslint-bench-corpus-node20/src';
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [dir + '/' + f, readFileSync(dir + '/' + f, 'utf8')]);
let first = 0, again = 0, n = 0;
const probe = { create(context) { return { Program() {
  const cf = { filename: context.filename, parserOptions: context.languageOptions.parserOptions };
  let t = process.hrtime.bigint(); new ThreadLocalRecognizer(context.sourceCode, cf); first += Number(process.hrtime.bigint() - t);
  t = process.hrtime.bigint(); new ThreadLocalRecognizer(context.sourceCode, cf); again += Number(process.hrtime.bigint() - t); n++;
} }; } };
const linter = new Linter({ cwd: '/tmp/tlkit-eslint-bench-corpus-node20' });
const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { p: { rules: { probe } } }, rules: { 'p/probe': 'error' } }];
const rounds = Number(process.argv[3] ?? 6);
for (let round = 0; round < rounds; round++) { if (round === 1) { first = again = n = 0; } for (const [f, t] of files) linter.verify(t, config, f); }
console.log(`first ${(first / n / 1e3).toFixed(2)} µs, second ${(again / n / 1e3).toFixed(2)} µs`);
