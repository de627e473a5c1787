import { defineConfig } from 'prisma/config'
import { defaultDatabaseUrl } from './tools/migrate/default-url.ts'

// Not env('DATABASE_URL'): generate must work with nothing configured (docs/decisions/002).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: defaultDatabaseUrl(process.env) },
})
