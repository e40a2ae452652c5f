import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fixtureDir, packageDir } from '../test-utils/fixtures.js';
import { runCliCapture } from '../test-utils/runCliCapture.js';

// ajv-formats is CommonJS (`module.exports = plugin; exports.default = plugin`): under NodeNext the
// default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

const schemaFile = path.join(packageDir, 'test', 'sarif', 'sarif-schema-2.1.0.json');
const schemaText = readFileSync(schemaFile, 'utf8');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(schemaText) as object);
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[];
      relatedLocations: { id: number; message: { text: string } }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
  }[];
}

describe('SARIF output', () => {
  it('uses the official OASIS SARIF 2.1.0 schema (draft-07), unchanged', () => {
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe(
      '2984d4af513581b937442fd05028302699ce1de8f8b48c187f7f4f1d9d662b4d',
    );
    const schema = JSON.parse(schemaText) as { $schema: string; $id: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(/oasis-tcs\/sarif-spec\/.*sarif-schema-2\.1\.0\.json$/);
  });

  it('the schema rejects a malformed log (the validator is really validating)', () => {
    const validate = validator();
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // run.tool is required
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  for (const fixture of ['never-removed', 'remove-not-in-finally', 'per-call-factory', 'pool-task-set', 'clean']) {
    it(`validates against the schema for the ${fixture} fixture`, async () => {
      const run = await runCliCapture(['scan', '--format', 'sarif'], fixtureDir(fixture));
      expect(run.code).toBe(fixture === 'clean' ? 0 : 1);
      const log = JSON.parse(run.stdout) as SarifLog;
      const validate = validator();
      const valid = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(log.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual([
        'never-removed',
        'remove-not-in-finally',
        'per-call-factory',
        'pool-task-set',
        'enter-with-not-restored',
        'inheritable-in-pool',
      ]);
    });
  }

  it('reports results with rule index, level, relative URIs, regions and linked related locations', async () => {
    const run = await runCliCapture(['scan', '-f', 'sarif'], fixtureDir('pool-task-set'));
    const log = JSON.parse(run.stdout) as SarifLog;
    const sarifRun = log.runs[0]!;
    expect(sarifRun.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`file://${fixtureDir('pool-task-set')}/`);
    const result = sarifRun.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'src/jobs.ts');
    expect(result).toMatchObject({
      ruleId: 'pool-task-set',
      ruleIndex: 3,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/jobs.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 3 } } }],
    });
    expect(result?.message.text).toContain('[src/worker.ts:8:3](0)');
    expect(result?.relatedLocations[0]).toMatchObject({ id: 0, message: { text: 'task passed to `pool.execute()` here' } });
  });

  it('links the tool and every rule to a heading of the published CLI reference', async () => {
    const run = await runCliCapture(['scan', '-f', 'sarif'], fixtureDir('pool-task-set'));
    const driver = (JSON.parse(run.stdout) as { runs: { tool: { driver: { informationUri: string; rules: { id: string; helpUri: string }[] } } }[] }).runs[0]!.tool.driver;
    const reference = 'https://github.com/tlkit/tlkit/blob/main/docs/reference/cli.md';
    expect(driver.informationUri).toBe(reference);
    // GitHub's anchor of a heading such as "#### `never-removed`": lower case, backticks dropped.
    const anchors = new Set(
      readFileSync(path.join(packageDir, '..', '..', 'docs', 'reference', 'cli.md'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .map((line) => line.replace(/^#+\s*/, '').replaceAll('`', '').toLowerCase().replaceAll(' ', '-')),
    );
    expect(driver.rules.length).toBeGreaterThan(0);
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`${reference}#${rule.id}`);
      expect(anchors, `docs/reference/cli.md has a heading for ${rule.id}`).toContain(rule.id);
    }
  });
});
