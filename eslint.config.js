// Lint: typescript-eslint's recommended rules, plus the type-aware ones that catch what tests rarely do in a
// tool that runs thousands of requests concurrently — a promise nobody awaits (its failure is lost, or the run
// ends before it settles) and a promise passed where a callback's result is ignored. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', '**/*.js', '!eslint.config.js', 'runners/load/.schema-validators.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Checks are generic over their params and the registry holds them all: `CheckDefinition<any>` is deliberate.
      '@typescript-eslint/no-explicit-any': 'off',
      // `ctx.http.chat!` after `needs: ['chat']`: the runner guarantees it, the types cannot say it (yet).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Control characters are what the terminal and CSV guards look for.
      'no-control-regex': 'off',
    },
  },
);
