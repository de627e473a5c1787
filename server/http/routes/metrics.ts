/**
 * `GET /metrics` in the Prometheus text format (docs/design.md §2.9): process figures that cost nothing to read,
 * HTTP requests counted and timed by route pattern and status, and the telephony gauges /health shows
 * (AMI state per PBX, last event age, reconnects, decode errors, unknown events, connected sockets).
 *
 * Access: admin sessions and admin API tokens; with `publicAccess: 'loopback'` also anonymous requests
 * whose TCP peer is a loopback address and that did not come through a proxy (no Forwarded /
 * X-Forwarded-For header). Everyone else: 401 / 403 as on every other route.
 */
import { Router, type RequestHandler } from 'express'
import { ROUTE_ACCESS, type AccessGuard } from '../../auth/require-role.ts'
import { ForbiddenError, UnauthorizedError } from '../../errors.ts'
import type { RealtimeStatus } from '../../contract/health.ts'
import type { PbxStatus } from './health.ts'
import type { DurableWriterStatus } from '../../services/calls/record-durability.ts'
import '../request-context.ts'

/** Seconds; the usual Prometheus client defaults, trimmed to what an API answers in. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const
/** Route label of requests no route matched (static files, 404s), so unknown paths add no series. */
export const UNMATCHED_ROUTE = 'unmatched'

interface Series {
  method: string
  route: string
  status: string
  count: number
  sumSec: number
  buckets: number[]
}

export interface HttpMetrics {
  /** Mount first: times every request and counts it when the response ends. */
  middleware: RequestHandler
  /** The http_* families in text format. */
  render(): string[]
}

export function createHttpMetrics(clock: () => number = () => performance.now()): HttpMetrics {
  const series = new Map<string, Series>()
  return {
    middleware(req, res, next) {
      const started = clock()
      res.on('finish', () => {
        const routePath = (req.route as { path?: unknown } | undefined)?.path
        const route = typeof routePath === 'string' ? `${req.baseUrl}${routePath}` : UNMATCHED_ROUTE
        const status = String(res.statusCode)
        const key = `${req.method} ${route} ${status}`
        let s = series.get(key)
        if (s === undefined) {
          s = {
            method: req.method,
            route,
            status,
            count: 0,
            sumSec: 0,
            buckets: LATENCY_BUCKETS.map(() => 0),
          }
          series.set(key, s)
        }
        const sec = Math.max(0, (clock() - started) / 1000)
        s.count++
        s.sumSec += sec
        LATENCY_BUCKETS.forEach((b, i) => {
          if (sec <= b) s.buckets[i]!++
        })
      })
      next()
    },
    render() {
      const list = [...series.values()].sort((a, b) =>
        `${a.route} ${a.method} ${a.status}`.localeCompare(`${b.route} ${b.method} ${b.status}`),
      )
      const out = [
        '# HELP http_requests_total HTTP requests answered, by method, route pattern and status.',
        '# TYPE http_requests_total counter',
      ]
      for (const s of list)
        out.push(
          `http_requests_total${labels({ method: s.method, route: s.route, status: s.status })} ${s.count}`,
        )
      out.push(
        '# HELP http_request_duration_seconds Time from request to response end.',
        '# TYPE http_request_duration_seconds histogram',
      )
      for (const s of list) {
        LATENCY_BUCKETS.forEach((b, i) =>
          out.push(
            `http_request_duration_seconds_bucket${labels({ method: s.method, route: s.route, status: s.status, le: String(b) })} ${s.buckets[i]}`,
          ),
        )
        out.push(
          `http_request_duration_seconds_bucket${labels({ method: s.method, route: s.route, status: s.status, le: '+Inf' })} ${s.count}`,
        )
        out.push(
          `http_request_duration_seconds_sum${labels({ method: s.method, route: s.route, status: s.status })} ${round6(s.sumSec)}`,
        )
        out.push(
          `http_request_duration_seconds_count${labels({ method: s.method, route: s.route, status: s.status })} ${s.count}`,
        )
      }
      return out
    },
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

const LABEL_KEYS = ['method', 'route', 'status', 'le', 'pbx', 'state', 'version'] as const

function labels(l: Partial<Record<(typeof LABEL_KEYS)[number], string>>): string {
  const parts = LABEL_KEYS.flatMap((k) => {
    const v = l[k]
    return v === undefined ? [] : [`${k}="${escapeLabel(v)}"`]
  })
  return `{${parts.join(',')}}`
}

/** PbxStatus as the bridge reports it; `unknownEvents` when the bridge counts them. */
export type PbxMetricsSource = PbxStatus & { unknownEvents?: number }

export const PBX_STATES: readonly PbxStatus['state'][] = [
  'connecting',
  'connected',
  'resyncing',
  'disconnected',
  'auth_failed',
  'stopped',
]

function gauge(
  out: string[],
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  rows: [string, number][],
) {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
  for (const [l, v] of rows) out.push(`${name}${l} ${Number.isFinite(v) ? round6(v) : 'NaN'}`)
}

export interface MetricsSources {
  /** Sign-in successes and refusals (auth/login-metrics.ts). */
  loginMetrics?: { render(): string[] }
  version: string
  startedAtMs: number
  nowMs: () => number
  getPbxStatus: () => PbxMetricsSource[]
  getRealtimeStatus: () => RealtimeStatus
  getCallRecordStatus?: () => DurableWriterStatus | null
}

export function renderMetrics(http: HttpMetrics, src: MetricsSources): string {
  const out: string[] = []
  const cpu = process.cpuUsage()
  const mem = process.memoryUsage()
  gauge(out, 'pano_build_info', 'gauge', 'Pano version.', [[labels({ version: src.version }), 1]])
  gauge(out, 'process_cpu_user_seconds_total', 'counter', 'User CPU time.', [['', cpu.user / 1e6]])
  gauge(out, 'process_cpu_system_seconds_total', 'counter', 'System CPU time.', [['', cpu.system / 1e6]])
  gauge(out, 'process_resident_memory_bytes', 'gauge', 'Resident set size.', [['', mem.rss]])
  gauge(out, 'nodejs_heap_used_bytes', 'gauge', 'V8 heap used.', [['', mem.heapUsed]])
  gauge(out, 'nodejs_heap_total_bytes', 'gauge', 'V8 heap total.', [['', mem.heapTotal]])
  gauge(out, 'process_start_time_seconds', 'gauge', 'Start time (Unix seconds).', [
    ['', src.startedAtMs / 1000],
  ])
  gauge(out, 'process_uptime_seconds', 'gauge', 'Seconds since start.', [
    ['', (src.nowMs() - src.startedAtMs) / 1000],
  ])
  out.push(...http.render())
  if (src.loginMetrics) out.push(...src.loginMetrics.render())
  const pbxs = src.getPbxStatus()
  const per = (f: (p: PbxMetricsSource) => number | undefined | null): [string, number][] =>
    pbxs.flatMap((p) => {
      const v = f(p)
      return v === undefined || v === null ? [] : [[labels({ pbx: p.id }), v]]
    })
  gauge(
    out,
    'pano_ami_up',
    'gauge',
    'AMI connection up (1) or not (0), per PBX.',
    per((p) => (p.state === 'connected' ? 1 : 0)),
  )
  gauge(
    out,
    'pano_ami_state',
    'gauge',
    'AMI connection state per PBX (1 for the current state).',
    pbxs.flatMap((p) =>
      PBX_STATES.map((s): [string, number] => [labels({ pbx: p.id, state: s }), p.state === s ? 1 : 0]),
    ),
  )
  gauge(
    out,
    'pano_ami_last_event_age_seconds',
    'gauge',
    'Seconds since the last AMI event, per PBX.',
    per((p) => (p.lastEventAgeMs === null ? null : p.lastEventAgeMs / 1000)),
  )
  gauge(
    out,
    'pano_ami_degraded',
    'gauge',
    'PBX degraded while connected (flapping, decode errors, backlog): 1, else 0.',
    per((p) => (p.degraded === undefined ? null : p.degraded.length > 0 ? 1 : 0)),
  )
  gauge(
    out,
    'pano_ami_backlog_messages',
    'gauge',
    'AMI messages received and not applied yet, per PBX.',
    per((p) => p.backlog),
  )
  gauge(
    out,
    'pano_ami_dropped_frames_total',
    'counter',
    'AMI messages dropped for being over the size cap, per PBX.',
    per((p) => p.droppedFrames),
  )
  gauge(
    out,
    'pano_state_dropped_entries_total',
    'counter',
    'Channels and queue callers dropped by the caps on live state, per PBX.',
    per((p) =>
      p.droppedEntries === undefined ? null : p.droppedEntries.channels + p.droppedEntries.queueCalls,
    ),
  )
  gauge(
    out,
    'pano_resync_callers_outcome_unknown_total',
    'counter',
    'Waiting callers gone while the PBX was not seen whose outcome its counters could not tell, per PBX (recorded UNKNOWN and called back).',
    per((p) => p.droppedEntries?.outcomeUnknown ?? null),
  )
  gauge(
    out,
    'pano_ami_reconnects_total',
    'counter',
    'AMI reconnects per PBX.',
    per((p) => p.reconnects),
  )
  gauge(
    out,
    'pano_ami_decode_errors_total',
    'counter',
    'AMI frames that could not be decoded, per PBX.',
    per((p) => p.decodeErrors ?? 0),
  )
  gauge(
    out,
    'pano_ami_unknown_events_total',
    'counter',
    'AMI events Pano does not know, per PBX.',
    per((p) => p.unknownEvents),
  )
  const records = src.getCallRecordStatus?.() ?? null
  if (records !== null) {
    gauge(out, 'pano_call_records_pending', 'gauge', 'Finished calls and pauses not yet written.', [
      ['', records.pending],
    ])
    gauge(out, 'pano_call_record_retries_total', 'counter', 'Writes repeated: the database did not answer.', [
      ['', records.retries],
    ])
    gauge(
      out,
      'pano_call_records_quarantined_total',
      'counter',
      'Records the database refused, kept in QuarantinedRecord.',
      [['', records.quarantined]],
    )
    gauge(
      out,
      'pano_call_records_not_written_total',
      'counter',
      'Records still waiting for the database at a stop (logged).',
      [['', records.notWritten]],
    )
  }
  gauge(out, 'pano_realtime_connected_sockets', 'gauge', 'socket.io clients connected.', [
    ['', src.getRealtimeStatus().connectedSockets],
  ])
  return `${out.join('\n')}\n`
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/

/** The access guard: tagged as admin-only for the route inventory; loopback as configured. */
export function metricsGuard(publicAccess: 'off' | 'loopback'): AccessGuard {
  const handler: RequestHandler = (req, _res, next) => {
    const principal = req.principal
    if (principal?.kind === 'user' && principal.role === 'admin') return next()
    const direct = req.get('x-forwarded-for') === undefined && req.get('forwarded') === undefined
    if (!principal && publicAccess === 'loopback' && direct && LOOPBACK.test(req.socket.remoteAddress ?? ''))
      return next()
    if (!principal) throw new UnauthorizedError()
    throw new ForbiddenError()
  }
  return Object.assign(handler, { [ROUTE_ACCESS]: { kind: 'roles' as const, roles: ['admin' as const] } })
}

export interface MetricsRouteDeps extends MetricsSources {
  http: HttpMetrics
  /** Sets req.principal from the session cookie or API token (auth/authenticate.ts). */
  authenticate: RequestHandler
  publicAccess: 'off' | 'loopback'
}

export function metricsRoutes(deps: MetricsRouteDeps): Router {
  const router = Router()
  router.get('/metrics', deps.authenticate, metricsGuard(deps.publicAccess), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    res.send(renderMetrics(deps.http, deps))
  })
  return router
}
