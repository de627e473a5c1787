import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import svelteConfig from './svelte.config.js'
import importBoundaries from './tools/eslint/import-boundaries.js'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'test-results/',
      'server/db/generated/',
      'prisma/migrations/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Config is parsed once in server/config.ts; nothing else reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/config.ts.' },
      ],
    },
  },
  {
    files: [
      'server/config.ts',
      'prisma.config.ts',
      'scripts/**',
      'tools/**',
      'bench/**',
      'test/**',
      'vite.config.ts',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Every text a client sends refuses control characters in one helper (server/contract/text-field.ts).
    files: ['server/**/*.ts'],
    ignores: ['server/contract/text-field.ts', 'server/config.ts', 'server/config-*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='z'][property.name='string'], MemberExpression[object.object.name='z'][object.property.name='coerce'][property.name='string']",
          message: 'Use textField() from server/contract/text-field.ts: it refuses control characters.',
        },
      ],
    },
  },
  {
    // The layers' boundaries (tools/eslint/import-boundaries.js, docs/architecture.md §4).
    files: ['server/**/*.ts'],
    plugins: { pano: importBoundaries },
    rules: { 'pano/telephony-through-index': 'error' },
  },
  {
    files: [
      'server/services/**/*.ts',
      'server/domain/**/*.ts',
      'server/realtime/**/*.ts',
      'server/auth/**/*.ts',
      'server/db/**/*.ts',
    ],
    rules: { 'pano/no-route-imports': 'error' },
  },
  {
    files: ['telephony/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/client/**'],
              message: 'telephony/ imports nothing from server/ or client/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.svelte'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '!**/server/contract', '**/server/!(contract)/**'],
              message: 'The client imports only server/contract.',
            },
            { group: ['**/telephony/**'], message: 'The client imports only server/contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
)
