// Lint rules: strict typing everywhere, and a determinism fence around the
// simulated world (sim/** except sim/cli and sim/report), as docs/architecture.md explains.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const bannedGlobals = [
  { name: 'Date', message: 'Simulated code uses the virtual clock (ctx.now()), never Date.' },
  { name: 'performance', message: 'Simulated code uses the virtual clock, never performance.' },
  { name: 'setTimeout', message: 'Use ctx.setTimer: Node timers break determinism.' },
  { name: 'setInterval', message: 'Use ctx.setTimer: Node timers break determinism.' },
  { name: 'setImmediate', message: 'Use ctx.setTimer: Node timers break determinism.' },
  { name: 'queueMicrotask', message: 'Simulated code is synchronous per event.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'coverage/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => sim.crash(id)` callbacks and `return respond(...)` in void handlers are the house idiom.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // Limits the code meets (issue 11 part 5). Complexity counts a switch once, however many cases
      // (a dispatch table is one decision): worst today 29, 99th percentile 14.
      complexity: ['error', { max: 30, variant: 'modified' }],
      // Code lines (no blanks or comments) after the Prettier reformat: worst 100, 99th percentile 50.
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A test file's describe() callback is a container of cases, not a function to keep short.
    files: ['test/**/*.test.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // JavaScript files (this config, dependency-cruiser's, the browser driver) are outside the type program.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS configuration files (dependency-cruiser's).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Plain Node scripts (the browser test driver): Node's globals, no type information.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['sim/**/*.ts'],
    ignores: ['sim/cli/**', 'sim/report/write*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...bannedGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Draw from a named RandomStream (ctx.rng).' },
        { object: 'process', property: 'hrtime', message: 'Simulated code uses the virtual clock.' },
        { object: 'crypto', property: 'randomUUID', message: 'Draw from a named RandomStream.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Draw from a named RandomStream.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'net',
            'node:net',
            'dgram',
            'node:dgram',
            'http',
            'node:http',
            'https',
            'node:https',
            'crypto',
            'node:crypto',
            'timers',
            'node:timers',
            'perf_hooks',
            'node:perf_hooks',
            'child_process',
            'node:child_process',
            'worker_threads',
            'node:worker_threads',
          ],
        },
      ],
    },
  },
);
