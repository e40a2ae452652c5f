// @ts-check
// Benchmark of @tlkit/eslint-plugin on a generated corpus (>= 1,000 files, >= 100k lines), printed as
// ratios from one process. Each measurement runs several times, interleaved, and the medians are used.
//
//   untyped: CPU time of ESLint with both rules (recommended) / CPU time of a parse-only run (same
//            parser, same files, no rules), interleaved per file                        target <= 1.10
//            (plus the share of time inside the rules from ESLint's --stats, for reference)
//   cross-file: the same rules / the same rules with relative imports not followed (an internal switch
//            of the plugin, for this measurement only), both interleaved with the runs above;
//            each round starts with an empty export cache, as one lint run does       target <= 1.10
//   typed:   time inside the tlkit rules with `checkTypes` / time inside
//            @typescript-eslint/no-floating-promises, from ESLint's --stats in the same run,
//            on a fresh program each round (as in CI), then once more on a warm one  target <= 0.25
//            (on the warm program the rules replay the reports kept for each unchanged file; one more warm
//            run with the replay switched off shows the analysis itself, without a target)
//   editor:  the same ratio as an editor lints: every tenth file edited and linted with `lintText` (a new
//            program version), then linted again unchanged (warm, for one file)    target <= 0.25
//
// Usage: npm run bench -w packages/eslint-plugin [-- --files 1200 --rounds 5 --typed-rounds 3 --quick --typed-only]
//   --typed-only: skip the untyped and cross-file measurements (for work on the typed ratios)
//   --quick (or TLKIT_BENCH_PROFILE=quick): 600 files, 3 untyped rounds, 1 stats round, 1 cold typed round
// The results also go to bench-results/eslint-plugin/node-<version>/ (one file per run) (for tools/bench-report).
import { copyFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import tlkit from '@tlkit/eslint-plugin';
import { BenchRecorder } from '@tlkit/testing/bench';
// Internal: the switch that turns cross-file resolution off (the same module instance the plugin loaded).
import { moduleExports } from '../dist/util/ModuleExports.js';
// Internal: the switch that turns the replay of an unchanged file's reports off (for the comparison row).
import { reportReplay } from '../dist/util/reportReplay.js';
import { generateCorpus } from './generateCorpus.js';

const recorder = new BenchRecorder('@tlkit/eslint-plugin');
const quick = recorder.profile === 'quick';
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'typed-only': { type: 'boolean', default: false },
    files: { type: 'string', default: quick ? '600' : '1200' },
    rounds: { type: 'string', default: quick ? '3' : '5' },
    'typed-rounds': { type: 'string', default: quick ? '1' : '3' },
    // One directory per Node line: bench:matrix may run lines side by side, and each run rewrites it.
    dir: { type: 'string', default: join(tmpdir(), `tlkit-eslint-bench-corpus-node${process.versions.node.split('.')[0]}`) },
  },
});
const fileCount = Number(values.files);
const rounds = Number(values.rounds);
const typedRounds = Number(values['typed-rounds']);
const dir = String(values.dir);
const typedOnly = values['typed-only'] === true;

/** @param {number[]} xs */
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const corpus = generateCorpus(dir, fileCount);
console.log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines in ${dir}`);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}`);

const files = ['src/**/*.ts'];
const base = {
  files: ['**/*.ts'],
  languageOptions: { parser: tseslint.parser },
  linterOptions: { reportUnusedDisableDirectives: /** @type {const} */ ('off') },
};

/** @param {import('eslint').Linter.Config[]} config */
const eslintWith = (config, stats = false) =>
  new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, cache: false, stats, warnIgnored: false });

// ---------------------------------------------------------------- untyped: overhead over parse-only
const tlkitPlugin = /** @type {import('eslint').ESLint.Plugin} */ (/** @type {unknown} */ (tlkit));
/** @type {import('eslint').Linter.Config[]} */
const rulesConfig = [
  base,
  {
    files: ['**/*.ts'],
    plugins: { '@tlkit': tlkitPlugin },
    rules: { '@tlkit/static-thread-local': 'error', '@tlkit/remove-in-finally': 'error' },
  },
];
/** A rule that does nothing: what ESLint itself charges for enabling any rule at all. */
const noopPlugin = /** @type {import('eslint').ESLint.Plugin} */ ({
  rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({}) } },
});
const parseOnly = eslintWith([base]);
const noopRule = eslintWith([base, { files: ['**/*.ts'], plugins: { bench: noopPlugin }, rules: { 'bench/noop': 'error' } }]);
const withRules = eslintWith(rulesConfig);
const withRulesSameFileOnly = eslintWith(rulesConfig);
const arms = [parseOnly, noopRule, withRules, withRulesSameFileOnly];
/** @param {ESLint} eslint @param {string} text @param {string} path */
const lintWith = (eslint, text, path) => {
  moduleExports.enabled = eslint !== withRulesSameFileOnly;
  return eslint.lintText(text, { filePath: path });
};
const texts = corpus.files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** CPU time of this process (user + system, ms): on a shared machine it is far steadier than wall time. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// Warm-up (module loading, JIT), and the reports the rules make on the corpus.
let reports = 0;
let sameFileReports = 0;
for (const { path, text } of typedOnly ? [] : texts) {
  for (const eslint of arms) {
    const results = await lintWith(eslint, text, path);
    for (const result of results) {
      if (eslint === withRules) reports += result.messages.length;
      if (eslint === withRulesSameFileOnly) sameFileReports += result.messages.length;
    }
  }
}
if (!typedOnly) console.log(`untyped reports on the corpus: ${reports} (${sameFileReports} without following relative imports)`);

// Interleaved per file, rotating the order of the three runs, so that load from other work on the
// shared machine falls on all of them alike; one ratio per round, median of the rounds.
/** @type {number[]} */ const untypedRatios = [];
/** @type {number[]} */ const noopRatios = [];
/** @type {number[]} */ const parseCpu = [];
/** @type {number[]} */ const ruleCpu = [];
/** @type {number[]} */ const sameFileRatios = [];
/** @type {number[]} */ const sameFileCpu = [];
/** @type {number[]} */ const noopCpu = [];
/** @type {number[]} */ const crossFileRatios = [];
for (let round = 0; round < (typedOnly ? 0 : rounds); round++) {
  // One round is one lint run: the imported files are read and parsed again.
  moduleExports.clear();
  const spent = new Map(arms.map((eslint) => [eslint, 0]));
  for (let index = 0; index < texts.length; index++) {
    const { path, text } = /** @type {{ path: string; text: string }} */ (texts[index]);
    const shift = index % arms.length;
    const rotated = [...arms.slice(shift), ...arms.slice(0, shift)];
    for (const eslint of index % 2 === 0 ? rotated : rotated.reverse()) {
      const start = cpuNow();
      await lintWith(eslint, text, path);
      spent.set(eslint, (spent.get(eslint) ?? 0) + cpuNow() - start);
    }
  }
  const plain = spent.get(parseOnly) ?? NaN;
  const noop = spent.get(noopRule) ?? NaN;
  const linted = spent.get(withRules) ?? NaN;
  const sameFile = spent.get(withRulesSameFileOnly) ?? NaN;
  parseCpu.push(plain);
  ruleCpu.push(linted);
  sameFileCpu.push(sameFile);
  noopCpu.push(noop);
  untypedRatios.push(linted / plain);
  noopRatios.push(linted / noop);
  sameFileRatios.push(sameFile / plain);
  crossFileRatios.push(linted / sameFile);
  console.log(
    `untyped round ${round + 1}: parse-only ${plain.toFixed(0)} ms CPU, no-op rule ${noop.toFixed(0)} ms, tlkit rules ${linted.toFixed(0)} ms (${sameFile.toFixed(0)} ms without following imports); ratios ${(linted / plain).toFixed(3)} (vs parse-only), ${(linted / noop).toFixed(3)} (vs no-op rule), ${(linted / sameFile).toFixed(3)} (cross-file share)`,
  );
}
moduleExports.enabled = true;
const untypedRatio = median(untypedRatios);
if (!typedOnly) console.log(
  `untyped ratio (rules / parse-only, CPU, median of ${rounds}): ${untypedRatio.toFixed(3)}  (${untypedRatio >= 1 ? '+' : ''}${((untypedRatio - 1) * 100).toFixed(1)}%; parse-only ${median(parseCpu).toFixed(0)} ms, with rules ${median(ruleCpu).toFixed(0)} ms; target <= +10%)`,
);
if (!typedOnly) console.log(`untyped ratio (rules / a no-op rule, CPU, median of ${rounds}): ${median(noopRatios).toFixed(3)}`);
const crossFileRatio = median(crossFileRatios);
if (!typedOnly) console.log(
  `cross-file share (rules following relative imports / same rules without, CPU, median of ${rounds}): ${crossFileRatio.toFixed(3)}  (${crossFileRatio >= 1 ? '+' : ''}${((crossFileRatio - 1) * 100).toFixed(1)}%; without following imports the rules are ${median(sameFileRatios).toFixed(3)} x parse-only; target <= +10%)`,
);

// The same overhead from ESLint's own stats: time inside the two rules over the parse-only run's total.
/** @param {ESLint.LintResult[]} results */
const passTotal = (results) =>
  results.reduce((sum, result) => sum + (result.stats?.times.passes ?? []).reduce((acc, pass) => acc + pass.total, 0), 0);
/** @type {number[]} */ const statsShares = [];
for (let round = 0; round < (typedOnly ? 0 : Math.min(rounds, quick ? 1 : 3)); round++) {
  const plain = await eslintWith([base], true).lintFiles(files);
  moduleExports.clear();
  const measured = await eslintWith(rulesConfig, true).lintFiles(files);
  const rulesTotal = Object.values(ruleTotals(measured)).reduce((sum, time) => sum + time, 0);
  statsShares.push(rulesTotal / passTotal(plain));
}
if (!typedOnly) console.log(`untyped share from --stats (time inside the tlkit rules / parse-only lint time): +${(median(statsShares) * 100).toFixed(1)}%`);

// ---------------------------------------------------------------- typed: cost relative to no-floating-promises
/** @param {string} project */
const typedConfig = (project) => [
  {
    ...base,
    languageOptions: { parser: tseslint.parser, parserOptions: { project, tsconfigRootDir: dir } },
    plugins: {
      '@tlkit': /** @type {import('eslint').ESLint.Plugin} */ (/** @type {unknown} */ (tlkit)),
      '@typescript-eslint': /** @type {import('eslint').ESLint.Plugin} */ (/** @type {unknown} */ (tseslint.plugin)),
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@tlkit/static-thread-local': ['error', { checkTypes: true }],
      '@tlkit/remove-in-finally': ['error', { checkTypes: true }],
    },
  },
];

/** @param {ESLint.LintResult[]} results */
function ruleTotals(results) {
  /** @type {Record<string, number>} */
  const totals = {};
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) totals[rule] = (totals[rule] ?? 0) + time.total;
    }
  }
  return totals;
}

/**
 * One typed run with --stats.
 *
 * @param {string} project - tsconfig path relative to the corpus; a new path means a new (cold) program.
 * @param {string} label - printed with the figures.
 * @returns {Promise<{ floating: number; staticTl: number; removeIf: number }>} time inside each rule (ms).
 */
async function typedRun(project, label) {
  const start = performance.now();
  const config = /** @type {import('eslint').Linter.Config[]} */ (typedConfig(project));
  const results = await eslintWith(config, true).lintFiles(files);
  const totals = ruleTotals(results);
  const floating = totals['@typescript-eslint/no-floating-promises'] ?? NaN;
  const staticTl = totals['@tlkit/static-thread-local'] ?? 0;
  const removeIf = totals['@tlkit/remove-in-finally'] ?? 0;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const result of results) {
    for (const message of result.messages) counts[message.ruleId ?? 'fatal'] = (counts[message.ruleId ?? 'fatal'] ?? 0) + 1;
  }
  console.log(
    `typed ${label}: ${(performance.now() - start).toFixed(0)} ms wall; inside rules: no-floating-promises ${floating.toFixed(0)} ms, static-thread-local ${staticTl.toFixed(0)} ms, remove-in-finally ${removeIf.toFixed(0)} ms, ratio ${((staticTl + removeIf) / floating).toFixed(3)}; reports ${JSON.stringify(counts)}`,
  );
  return { floating, staticTl, removeIf };
}

/** @type {Array<{ floating: number; staticTl: number; removeIf: number }>} */
const cold = [];
let project = './tsconfig.json';
for (let round = 0; round < typedRounds; round++) {
  // typescript-eslint caches one program per tsconfig path: a new path per round starts cold, as CI does.
  project = `./tsconfig.round${round}.json`;
  copyFileSync(join(dir, 'tsconfig.json'), join(dir, project));
  cold.push(await typedRun(project, `round ${round + 1} (cold program)`));
}
const warm = await typedRun(project, 'warm (program already checked)');
// The warm lint above replays the reports kept for each unchanged file; this one computes them again,
// for comparison: what the rules' own analysis costs on a checked program.
reportReplay.enabled = false;
const warmComputed = await typedRun(project, 'warm, reports computed (replay off)');
reportReplay.enabled = true;
const coldRatio = median(cold.map((run) => (run.staticTl + run.removeIf) / run.floating));
const warmRatio = (warm.staticTl + warm.removeIf) / warm.floating;
const warmComputedRatio = (warmComputed.staticTl + warmComputed.removeIf) / warmComputed.floating;
console.log(
  `typed ratio (tlkit rules / no-floating-promises): cold ${coldRatio.toFixed(3)} (median of ${typedRounds}; static-thread-local ${median(cold.map((run) => run.staticTl / run.floating)).toFixed(3)}, remove-in-finally ${median(cold.map((run) => run.removeIf / run.floating)).toFixed(3)}), warm ${warmRatio.toFixed(3)} (computed again: ${warmComputedRatio.toFixed(3)}); target <= 0.25`,
);

// ---------------------------------------------------------------- typed, as an editor lints
// An editor (the VS Code ESLint extension) lints one open file at a time with `lintText`, in a process that
// keeps the program: after an edit, typescript-eslint updates the file in its program, so TypeScript answers
// with a new checker (the CI case, for one file); a file re-linted unchanged finds its types already
// computed (the warm case, for one file). Every tenth file of the corpus is edited (a comment appended,
// different in each round) and linted, then linted again unchanged.
const editorFiles = corpus.files.filter((_, index) => index % 10 === 3);
const editorRounds = 3;
const editorEslint = eslintWith(/** @type {import('eslint').Linter.Config[]} */ (typedConfig(project)), true);
/** @typedef {{ floating: number; staticTl: number; removeIf: number }} RuleTimes */
/** @returns {RuleTimes} */
const zeroTimes = () => ({ floating: 0, staticTl: 0, removeIf: 0 });
/** @param {RuleTimes} into @param {ESLint.LintResult[]} results */
function addTimes(into, results) {
  const totals = ruleTotals(results);
  into.floating += totals['@typescript-eslint/no-floating-promises'] ?? NaN;
  into.staticTl += totals['@tlkit/static-thread-local'] ?? 0;
  into.removeIf += totals['@tlkit/remove-in-finally'] ?? 0;
}
/** @type {RuleTimes[]} */ const edited = [];
/** @type {RuleTimes[]} */ const relinted = [];
for (let round = 0; round < editorRounds; round++) {
  const [afterEdit, unchanged] = [zeroTimes(), zeroTimes()];
  for (const filePath of editorFiles) {
    const text = `${readFileSync(filePath, 'utf8')}\n// edit ${round}\n`;
    addTimes(afterEdit, await editorEslint.lintText(text, { filePath }));
    addTimes(unchanged, await editorEslint.lintText(text, { filePath }));
  }
  edited.push(afterEdit);
  relinted.push(unchanged);
  const ratioOf = (/** @type {RuleTimes} */ times) => ((times.staticTl + times.removeIf) / times.floating).toFixed(3);
  console.log(
    `typed editor round ${round + 1} (${editorFiles.length} files): after an edit no-floating-promises ${afterEdit.floating.toFixed(0)} ms, tlkit rules ${(afterEdit.staticTl + afterEdit.removeIf).toFixed(0)} ms, ratio ${ratioOf(afterEdit)}; unchanged ${unchanged.floating.toFixed(0)} ms vs ${(unchanged.staticTl + unchanged.removeIf).toFixed(0)} ms, ratio ${ratioOf(unchanged)}`,
  );
}
const ratiosOf = (/** @type {RuleTimes[]} */ runs) => runs.map((run) => (run.staticTl + run.removeIf) / run.floating);
const editRatio = median(ratiosOf(edited));
const relintRatio = median(ratiosOf(relinted));
console.log(`typed editor ratio (median of ${editorRounds}): after an edit ${editRatio.toFixed(3)}, unchanged ${relintRatio.toFixed(3)}; target <= 0.25`);

const cpuMs = (/** @type {string} */ name, /** @type {number[]} */ values) => ({ name, value: median(values), unit: 'ms CPU' });
if (!typedOnly) recorder.add({
  id: 'untyped-vs-parse-only',
  label: `both rules vs a parse-only ESLint run, ${corpus.files.length.toLocaleString('en-US')} files (CPU, median of ${rounds} rounds)`,
  baseline: cpuMs('parse-only', parseCpu),
  candidate: cpuMs('tlkit rules', ruleCpu),
  ratio: untypedRatio,
  target: { of: 'ratio', comparator: '<=', bound: 1.1 },
});
if (!typedOnly) recorder.add({
  id: 'untyped-vs-noop-rule',
  label: 'both rules vs a no-op rule (what ESLint charges for any rule)',
  baseline: cpuMs('no-op rule', noopCpu),
  candidate: cpuMs('tlkit rules', ruleCpu),
  ratio: median(noopRatios),
});
if (!typedOnly) recorder.add({
  id: 'cross-file-share',
  label: 'rules following relative imports vs the same rules without',
  baseline: cpuMs('imports not followed', sameFileCpu),
  candidate: cpuMs('imports followed', ruleCpu),
  ratio: crossFileRatio,
  target: { of: 'ratio', comparator: '<=', bound: 1.1 },
});
/**
 * One typed row: time inside the tlkit rules against no-floating-promises, medians over `runs`, held to the
 * typed budget unless `held` is `false` (a row for comparison).
 *
 * @param {string} id @param {string} label @param {RuleTimes[]} runs @param {number} ratio - median of the runs' ratios
 * @param {boolean} [held]
 */
function addTypedRow(id, label, runs, ratio, held = true) {
  const ms = (/** @type {string} */ name, /** @type {number[]} */ values) => ({ name, value: median(values), unit: 'ms in rule' });
  recorder.add({
    id,
    label,
    baseline: ms('no-floating-promises', runs.map((run) => run.floating)),
    candidate: ms('tlkit rules', runs.map((run) => run.staticTl + run.removeIf)),
    ratio,
    ...(held ? { target: { of: 'ratio', comparator: '<=', bound: 0.25 } } : {}),
  });
}
addTypedRow(
  'typed-cold',
  `typed: time inside both rules (\`checkTypes\`) vs inside no-floating-promises, fresh program (median of ${typedRounds})`,
  cold,
  coldRatio,
);
addTypedRow(
  'typed-editor-edit',
  `typed, as an editor lints: one file edited and re-linted (${editorFiles.length} files, median of ${editorRounds} rounds)`,
  edited,
  editRatio,
);
addTypedRow(
  'typed-editor-unchanged',
  'typed, as an editor lints: the same files re-linted unchanged (types already computed)',
  relinted,
  relintRatio,
);
addTypedRow('typed-warm', 'typed: the whole corpus linted again on the program already checked (warm)', [warm], warmRatio);
addTypedRow(
  'typed-warm-computed',
  'typed: the same, with the replay of unchanged files switched off (the analysis itself, for comparison)',
  [warmComputed],
  warmComputedRatio,
  false,
);
// A typed-only run would overwrite the full results of this Node line with a part of them.
console.log(typedOnly ? 'results not written (--typed-only)' : `results: ${recorder.write()}`);
