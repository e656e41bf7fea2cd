// Lint for the host, the webview, the tests and the scripts.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const TYPE_CHECKED = ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts'];

// The fence around src/shared/, the code both the extension host and the lead form load.
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)].map((name) => ({ name, message: 'Code the lead form loads runs in a browser: no Node built-ins.' }));
const NO_VSCODE = { name: 'vscode', message: 'Code the lead form loads has no `vscode` API.' };

/** Code that runs in the form's browser: no `vscode`, no Node built-ins, and no relative import matching `regex`. */
function browserFence(files, regex, message) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE, ...NODE_BUILTINS], patterns: [{ regex, message }] }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware on the host, the form and the tests: the rules that need the types (floating and
  // misused promises, values typed `any` flowing on unchecked).
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: TYPE_CHECKED })),
  { files: TYPE_CHECKED, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  {
    files: ['test/**/*.ts'],
    // Test doubles implement async interfaces with answers they already have.
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: {
      // The lead form and tree never build markup from strings.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Insert lead data as text (textContent), never as HTML.' },
        { property: 'outerHTML', message: 'Insert lead data as text (textContent), never as HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Never insert HTML.' },
        {
          selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]',
          message: 'Use notifyInfo/notifyWarning/notifyError (src/ui/notify.ts): lead data in a notification must not become a link.',
        },
      ],
    },
  },
  browserFence(['src/shared/**/*.ts'], '^\\.\\./', 'src/shared/ imports only itself and npm packages: the lead form loads it.'),
  browserFence(['webview/**/*.ts'], '^\\.\\./src/(?!shared/)', 'The lead form loads only src/shared/ of the host side.'),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)webview/', message: 'The host never loads the lead form\'s code: share it through src/shared/.' }] }],
    },
  },
);
