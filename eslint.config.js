// typescript-eslint's recommended rules over the app, its tests, the sandbox and the relay. `npm run lint` runs it,
// and `npm test` runs lint first. `any` is a warning: the Zapier bundle and HighLevel's bodies are loosely typed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'coverage/', '.relay-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      // Prettier owns line breaks and puts `ghlApi()\n[method](…)` chains on their own lines (eslint-config-prettier turns this off too).
      'no-unexpected-multiline': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
