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
};

export default config;
