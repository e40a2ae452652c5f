/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended-type-checked', '☑️'],
    ['strict', '🔒'],
    ['strict-type-checked', '🔐'],
  ],
  ignoreConfig: ['all'],
  ruleDocSectionInclude: ['Examples', 'Options', 'When Not To Use It', 'Related'],
  ruleDocNotices: ['description', 'configs', 'hasSuggestions', 'options'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
  ruleDocTitleFormat: 'prefix-name',
  // Absolute, as the rules' meta.docs.url (src/util/createRule.ts): the README is read on npm too,
  // where a relative link would not resolve.
  urlRuleDoc: 'https://github.com/tlkit/tlkit/blob/main/packages/eslint-plugin/docs/rules/{name}.md',
};

export default config;
