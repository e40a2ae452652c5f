import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';
import { CONFIG_NAMES } from './configs/createConfigs.js';
import { DOCS_BASE_URL } from './util/createRule.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

describe('the plugin object', () => {
  it('carries meta from package.json', () => {
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version });
  });

  it('has exactly the five shared configs, each registering the plugin and the parser', () => {
    expect(Object.keys(plugin.configs)).toEqual([...CONFIG_NAMES]);
    for (const [name, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`@tlkit/${name}`);
      expect(config.plugins?.['@tlkit']).toBe(plugin);
      expect(config.languageOptions?.parser).toBeDefined();
    }
  });

  it('asks for type information only in the type-checked configs', () => {
    const typed = Object.entries(plugin.configs)
      .filter(([, config]) => (config.languageOptions?.parserOptions as { projectService?: unknown } | undefined)?.projectService === true)
      .map(([name]) => name);
    expect(typed).toEqual(['recommended-type-checked', 'strict-type-checked', 'all']);
  });

  it('derives config membership from rule meta (snapshot: review any change)', () => {
    const membership = Object.fromEntries(Object.entries(plugin.configs).map(([name, config]) => [name, config.rules]));
    expect(membership).toMatchSnapshot();
  });

  it('links every rule to its doc and follows the meta conventions', () => {
    for (const [id, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs?.url).toBe(`${DOCS_BASE_URL}${id}.md`);
      expect(rule.meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) /u);
      for (const messageId of Object.keys(rule.meta.messages)) expect(messageId).toMatch(/^[a-z][a-zA-Z]*$/u);
    }
  });
});
