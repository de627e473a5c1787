import { defineConfig } from 'prisma/config'

// Not env('DATABASE_URL'): generate must work with nothing configured (docs/decisions/002).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env['DATABASE_URL'] ?? 'pglite:./data/pglite' },
})
