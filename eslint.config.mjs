// The hub's lint rules: few, each catching a real defect class (see README "Lint").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/generated/**', 'coverage/**', '.data/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // No unused code.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Consistent imports: types as `import type`, one import per module.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-duplicate-imports': 'error',
      // Subgraphs own their data: none reads another subgraph's code or seed files; the kit serves all.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/prisma/*/seed/*'], message: "Only a subgraph's own seed code reads its seed folder." },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Each subgraph may read only its own seed folder.
    files: ['subgraphs/strategy/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['kit/**/*.ts', 'gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/subgraphs/**', '../subgraphs/*'], message: 'The kit and the gateway never import a subgraph.' },
            { group: ['**/prisma/*/seed/*'], message: "Only a subgraph's own seed code reads its seed folder." },
          ],
        },
      ],
    },
  },
  {
    // Tests may compare against seed files and use loose response shapes.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
);
