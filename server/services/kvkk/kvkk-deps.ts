/** What the KVKK services are given (docs/style-guide.md §1.2: time and the logger are inputs). */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'

export interface KvkkDeps {
  prisma: PrismaClient
  logger: Logger
  now: () => Date
}
