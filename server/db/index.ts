/** What the server needs from the data layer; everything else stays inside server/db. */
export {
  openDatabase,
  type Database,
  type DatabaseLogger,
  type OpenDatabaseOptions,
} from './open-database.ts'
export { seedDatabase, type SeedOptions, type SeedResult } from '../../prisma/seed.ts'
export { hashPassword, needsRehash, verifyPassword } from './password.ts'
export { PrismaClient, Prisma } from './generated/client.ts'
export * from './generated/enums.ts'
export type * from './generated/models.ts'
