import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { fileURLToPath } from 'node:url'

const svelteConfigFile = fileURLToPath(new URL('./svelte.config.js', import.meta.url))

// Projects: unit (pure, milliseconds), client (Svelte rune classes, routing), integration (real TCP,
// PostgreSQL, Redis), e2e (Chromium through playwright-core).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte({ configFile: svelteConfigFile })],
        // Pure and CPU-bound: one file per core (vitest's default on two cores is one worker).
        test: { name: 'client', include: ['test/client/**/*.test.ts'], environment: 'node', maxWorkers: 2 },
      },
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Exhaustive split-point and property tests are CPU-bound; a shared 2-core machine needs room.
          testTimeout: 30_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/fast-password-hashing.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // These files mostly wait on sockets, PostgreSQL and Redis, so three run at once on two cores
          // (vitest's default is one worker there). Each file opens its own database, servers and ports,
          // and the setup file runs before every file, so the workers reuse one module graph instead of
          // loading the server's modules again for each file: 600 s became about 220 s.
          maxWorkers: 3,
          isolate: false,
          // A project with its own worker count runs as a group of its own, after unit and client.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/fast-password-hashing.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A browser, the server and the simulator share two cores: a screen may take seconds to follow.
          expect: { poll: { timeout: 10_000 } },
          // Each file starts its own app (a copy of a migrated PGlite, port 0) and its own browser, so two
          // files run at once; a browser mostly waits on the page, the two cores are shared. The server's
          // modules load once per worker. Measured here: 7 min one at a time, 5.5 min two at a time.
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
