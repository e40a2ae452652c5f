// scratch: profile only the warm typed lint
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import tlkit from '@tlkit/eslint-plugin';
const dir = '/tmp/tlkit-eslint-bench-corpus-node20';
const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir } },
  plugins: { '@tlkit': tlkit, '@typescript-eslint': tseslint.plugin },
  rules: { '@typescript-eslint/no-floating-promises': 'error', '@tlkit/static-thread-local': ['error', { checkTypes: true }], '@tlkit/remove-in-finally': ['error', { checkTypes: true }] } }];
const mk = () => new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false, stats: true, warnIgnored: false });
function totals(results) { const t = {}; for (const r of results) for (const p of r.stats?.times.passes ?? []) for (const [k, v] of Object.entries(p.rules ?? {})) t[k] = (t[k] ?? 0) + v.total; return t; }
const show = (t) => console.log(Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '));
show(totals(await mk().lintFiles(['src/**/*.ts'])));
show(totals(await mk().lintFiles(['src/**/*.ts'])));
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 100 }); await s.post('Profiler.start');
show(totals(await mk().lintFiles(['src/**/*.ts'])));
const { profile } = await s.post('Profiler.stop');
writeFileSync('/tmp/prof/warm.cpuprofile', JSON.stringify(profile));
