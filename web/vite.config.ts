import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// The C# host serves the API; during `npm run dev` everything that is not the web app goes to it.
const backend = process.env.HOSPITALOPS_BACKEND ?? 'http://127.0.0.1:8080'
const proxied = ['/api', '/prometheus', '/health', '/metrics', '/openapi', '/api-docs']

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    // Element Plus is one large vendor chunk by design; pages are split per route.
    chunkSizeWarningLimit: 1500,
  },
})
