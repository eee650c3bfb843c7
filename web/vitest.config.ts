import { defineConfig } from 'vitest/config';

// The web's tests cover pure TypeScript (form logic, i18n, routing, the API
// client); none needs the Svelte compiler or a DOM. The root config runs them
// as the 'web' project; `npx vitest run --root web` runs them alone.
export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
