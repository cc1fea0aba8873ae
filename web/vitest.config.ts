import { defineConfig } from 'vitest/config'
import { fileURLToPath, URL } from 'node:url'

// Unit tests: pure logic, run in node (no browser, no server).
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.spec.ts', 'e2e/support/**/*.spec.ts'],
    environment: 'node',
  },
})
