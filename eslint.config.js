// ESLint for the whole repository (STYLE.md 11, 14, 16): typescript-eslint strict and type-aware,
// React hooks rules for the client, and features that do not reach into each other's files.
import { readdirSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The client's feature folders: each one may use client/src/lib, client/src/app and shared/, never another feature. */
const features = readdirSync(new URL('./client/src/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A relative import that climbs out of the current feature into feature `name`'s files. */
const intoFeatures = (names) => `^(\\.\\./)+(features/)?(${names.join('|')})(/|$)`;

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', '.scratch/', 'tests/e2e/screenshots/'] },
  js.configs.recommended,
  tseslint.configs.strict,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type-aware rules for what costs real bugs (a promise nobody awaits or catches); the full
      // strictTypeChecked set took ~2 minutes on this 2-core machine and mostly restated tsc.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async handler on a JSX attribute (`onSubmit={form.handleSubmit(save)}`) is how React and
      // react-hook-form are used; a promise passed where a plain callback runs is still an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `_name` marks a value left out on purpose (`const { type: _type, ...rest } = event`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // STYLE.md 11: `type` over `interface` unless extending.
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      // React Compiler readiness rules: the console is not compiled with the React Compiler, and
      // the nine places they flag (setState in an effect, the latest-ref hotkeys, react-hook-form's
      // watch) need components restructured, not a lint fix. Turn them on with that work.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // In a test a wrong assumption should fail the test at once; `x!` does exactly that.
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.{ts,tsx}', 'client/src/test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // STYLE.md 14: a feature does not import another feature's files.
  ...features.map((feature) => ({
    files: [`client/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: intoFeatures(features.filter((other) => other !== feature)),
              message: `client/src/features/${feature} must not import another feature's files: move what both need into client/src/lib or a shared component in client/src/app (STYLE.md 14).`,
            },
          ],
        },
      ],
    },
  })),
);
