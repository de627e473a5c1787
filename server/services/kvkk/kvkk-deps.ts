/** What the KVKK services are given (docs/style-guide.md §1.2: time and the logger are inputs). */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { RecordingStore } from '../recordings/recording-store.ts'

export interface KvkkDeps {
  prisma: PrismaClient
  logger: Logger
  now: () => Date
  /** The recordings folder whose files the retention run deletes; absent or null: none. */
  recordings?: RecordingStore | null
}
