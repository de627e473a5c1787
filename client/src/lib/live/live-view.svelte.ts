/**
 * Reactive live views (docs/style-guide.md §1 F): one class per view, state replaced whole ($state.raw) on
 * each update from a ViewFeed.
 */
import type { LiveView, LiveViewData } from '../../../../server/contract/events.ts'
import type {
  AgentView,
  CallView,
  PbxStatusView,
  QueueView,
  WrittenWaitingView,
} from '../../../../server/contract/views.ts'
import type { PanoSocket } from '../socket.ts'
import { ViewFeed, type FeedSocket, type FeedStatus } from './view-feed.ts'

export class LiveViewState<V extends LiveView> {
  data = $state.raw<LiveViewData[V] | null>(null)
  /** Server time of `data` (live clocks tick on from here). */
  at = $state(0)
  /** Local clock minus server clock, from the last update (ticking values use `now - skewMs`). */
  skewMs = $state(0)
  status = $state<FeedStatus>('idle')
  /** Why the view is refused or unavailable (Turkish, from the server). */
  message = $state<string | null>(null)
  readonly feed: ViewFeed<V>

  constructor(socket: FeedSocket | PanoSocket, view: V) {
    this.feed = new ViewFeed(socket, view, {
      onData: (update) => {
        this.data = update.data
        this.at = update.at
        this.skewMs = Date.now() - update.at
      },
      onStatus: (status, message) => {
        this.status = status
        this.message = message
      },
    })
  }

  /** Subscribes; the returned stop leaves the view and forgets its data (a past state is never shown). */
  start(): () => void {
    const stop = this.feed.start()
    return () => {
      stop()
      this.data = null
    }
  }

  get pbxs(): PbxStatusView[] {
    return (this.data as { pbxs?: PbxStatusView[] } | null)?.pbxs ?? []
  }
}

export class LiveQueues extends LiveViewState<'wallboard'> {
  constructor(socket: FeedSocket | PanoSocket) {
    super(socket, 'wallboard')
  }

  get queues(): QueueView[] {
    return this.data?.queues ?? []
  }

  /** Written requests waiting (web, e-mail, WhatsApp), shown above the queues. */
  get written(): WrittenWaitingView[] {
    return this.data?.written ?? []
  }
}

export class LiveAgents extends LiveViewState<'agents'> {
  constructor(socket: FeedSocket | PanoSocket) {
    super(socket, 'agents')
  }

  get agents(): AgentView[] {
    return this.data?.agents ?? []
  }
}

/** Live calls with the caller's number (supervisor and admin; server/realtime/view-access.ts). */
export class LiveCalls extends LiveViewState<'calls'> {
  constructor(socket: FeedSocket | PanoSocket) {
    super(socket, 'calls')
  }

  get calls(): CallView[] {
    return this.data?.calls ?? []
  }
}
