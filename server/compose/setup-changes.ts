/**
 * What an admin changes in Yönetim, applied on every node (docs/cluster.md, "What an admin changes"):
 * the user map behind pops and the agent board, the queues' settings, thresholds and alert rules, the
 * santral's directory (units, their search words, extensions, presence notes). The
 * node that saved refreshes its own copies at once and tells the others through a cluster notice, so
 * the node holding the PBX (which draws the boards and raises the alerts) uses them too.
 */
import type { Logger } from '../logger.ts'
import type { ClusterBus } from '../services/cluster/cluster-bus.ts'
import { setupNoticesOn } from '../services/cluster/notices.ts'
import type { AlertRules } from '../services/queue-alerts/alert-rules.ts'
import type { QueueThresholds } from '../services/thresholds/queue-thresholds.ts'

export interface SetupRefreshers {
  /** Re-reads the users (member interfaces, names) into every copy on this node. */
  users(): Promise<void>
  /** Re-reads the queues' settings, thresholds and alert rules, and redraws the boards. */
  queues(): Promise<void>
  /** Re-reads the santral's directory into the console. */
  directory(): Promise<void>
}

export interface SetupChanges {
  /** For the admin routes: refresh here, tell the other nodes. */
  users(): void
  queues(): Promise<void>
  directory(): Promise<void>
  /** The alert rules with saves told to the other nodes. */
  alertRules: AlertRules
}

export async function shareSetupChanges(ctx: {
  bus: ClusterBus | null
  logger: Logger
  onClose(cleanup: () => Promise<void>): void
  thresholds: QueueThresholds
  alertRules: AlertRules
  refresh: SetupRefreshers
}): Promise<SetupChanges> {
  const { logger, refresh } = ctx
  const notices = await setupNoticesOn(ctx.bus, logger, (cleanup) => ctx.onClose(cleanup))
  const refreshUsers = () => {
    refresh.users().catch((err: unknown) => logger.warn({ err }, 'user map refresh failed'))
  }
  notices?.users.onChanged(refreshUsers)
  notices?.queues.onChanged(() => {
    refresh.queues().catch((err: unknown) => logger.warn({ err }, 'queue settings refresh failed'))
  })
  notices?.directory.onChanged(() => {
    refresh.directory().catch((err: unknown) => logger.warn({ err }, 'directory refresh failed'))
  })
  // Fired by a save on this node only (a load does not), so two nodes never echo each other.
  ctx.thresholds.onChange(() => notices?.queues.changed())
  const rules = ctx.alertRules
  return {
    users() {
      refreshUsers()
      notices?.users.changed()
    },
    async queues() {
      await refresh.queues()
      notices?.queues.changed()
    },
    async directory() {
      await refresh.directory()
      notices?.directory.changed()
    },
    alertRules: {
      load: () => rules.load(),
      byQueue: () => rules.byQueue(),
      list: () => rules.list(),
      async save(queueId, input) {
        const saved = await rules.save(queueId, input)
        notices?.queues.changed()
        return saved
      },
    },
  }
}
