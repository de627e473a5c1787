import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { fileURLToPath } from 'node:url'

const svelteConfigFile = fileURLToPath(new URL('./svelte.config.js', import.meta.url))
const page = (file: string) => fileURLToPath(new URL(`./client/${file}`, import.meta.url))

// The SPA lives in client/; `npm start` serves dist/client from the Express server. The citizens'
// pages (/basvuru) are a second, small entry with none of the staff app's code (docs/intake.md §2).
export default defineConfig({
  root: 'client',
  plugins: [svelte({ configFile: svelteConfigFile })],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rollupOptions: { input: { main: page('index.html'), basvuru: page('basvuru/index.html') } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
})
