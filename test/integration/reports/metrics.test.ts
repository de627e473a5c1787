/**
 * `GET /metrics`: Prometheus text format with process, HTTP and telephony families; admin only by
 * default; anonymous from loopback only when configured, and never through a proxy.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PbxStatus } from '../../../server/http/routes/health.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

const PBX: Array<PbxStatus & { unknownEvents: number }> = [
  {
    id: 'main',
    state: 'connected',
    reason: null,
    lastEventAgeMs: 1500,
    reconnects: 2,
    decodeErrors: 1,
    unknownEvents: 4,
  },
  {
    id: 'yedek "2"',
    state: 'disconnected',
    reason: 'ECONNREFUSED',
    lastEventAgeMs: null,
    reconnects: 7,
    unknownEvents: 0,
  },
]

let h: AuthHarness
let open: AuthHarness

beforeAll(async () => {
  ;[h, open] = await Promise.all([
    createAuthHarness('postgres', {
      deps: { getPbxStatus: () => PBX, getRealtimeStatus: () => ({ connectedSockets: 3 }) },
    }),
    createAuthHarness('postgres', { deps: { metricsPublic: 'loopback' } }),
  ])
})
afterAll(async () => {
  await Promise.all([h?.close(), open?.close()])
})

/** name{labels} → value, from the text format; fails on any line that is not a comment or a sample. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue
    const m =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})?) (-?[0-9.e+-]+|NaN)$/.exec(
        line,
      )
    if (!m) throw new Error(`not a Prometheus sample: ${line}`)
    samples.set(m[1]!, Number(m[2]))
  }
  return samples
}

describe('/metrics', () => {
  it('gives an admin the text format with HTTP, process and telephony families', async () => {
    const admin = await h.signIn('admin')
    await request(h.app).get('/api/v1/health')
    await request(h.app).get('/api/v1/health')
    await request(h.app).get('/api/v1/bir-yol-yok/12345')
    const res = await request(h.app).get('/metrics').set('cookie', admin.cookie)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = res.text
    expect(text).toContain('# TYPE http_request_duration_seconds histogram')
    const s = parse(text)
    expect(s.get('http_requests_total{method="GET",route="/api/v1/health",status="200"}')).toBe(2)
    expect(
      s.get(
        'http_request_duration_seconds_bucket{method="GET",route="/api/v1/health",status="200",le="+Inf"}',
      ),
    ).toBe(2)
    expect(
      s.get('http_request_duration_seconds_count{method="GET",route="/api/v1/health",status="200"}'),
    ).toBe(2)
    // An unknown path is one "unmatched" series, not a series per path.
    expect(s.get('http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1)
    expect([...s.keys()].some((k) => k.includes('bir-yol-yok'))).toBe(false)
    expect(s.get('pano_ami_up{pbx="main"}')).toBe(1)
    expect(s.get('pano_ami_up{pbx="yedek \\"2\\""}')).toBe(0)
    expect(s.get('pano_ami_state{pbx="yedek \\"2\\"",state="disconnected"}')).toBe(1)
    expect(s.get('pano_ami_state{pbx="main",state="disconnected"}')).toBe(0)
    expect(s.get('pano_ami_last_event_age_seconds{pbx="main"}')).toBe(1.5)
    expect(s.has('pano_ami_last_event_age_seconds{pbx="yedek \\"2\\""}')).toBe(false)
    expect(s.get('pano_ami_reconnects_total{pbx="yedek \\"2\\""}')).toBe(7)
    expect(s.get('pano_ami_decode_errors_total{pbx="main"}')).toBe(1)
    expect(s.get('pano_ami_unknown_events_total{pbx="main"}')).toBe(4)
    expect(s.get('pano_realtime_connected_sockets')).toBe(3)
    expect(s.get('process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(s.get('pano_build_info{version="9.9.9-test"}')).toBe(1)
  })

  it('buckets are cumulative', async () => {
    const admin = await h.signIn('admin')
    const s = parse((await request(h.app).get('/metrics').set('cookie', admin.cookie)).text)
    const buckets = [...s]
      .filter(([k]) =>
        k.startsWith('http_request_duration_seconds_bucket{method="GET",route="/api/v1/health"'),
      )
      .map(([, v]) => v)
    expect(buckets.length).toBe(12)
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1]!)
  })

  it('turns away every other role and anonymous callers by default', async () => {
    for (const role of ['supervisor', 'agent', 'operator', 'unit'] as const) {
      const { cookie } = await h.signIn(role)
      expect((await request(h.app).get('/metrics').set('cookie', cookie)).status, role).toBe(403)
    }
    expect((await request(h.app).get('/metrics')).status).toBe(401)
  })

  it('accepts an admin API token', async () => {
    const { issueApiToken } = await import('../../../server/auth/api-tokens.ts')
    const { token } = await issueApiToken(h.prisma, { userId: h.users.admin.id, label: 'Prometheus' })
    const res = await request(h.app).get('/metrics').set('authorization', `Bearer ${token}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('process_cpu_user_seconds_total')
  })

  it('with METRICS_PUBLIC=loopback answers anonymous loopback callers, but not through a proxy', async () => {
    const res = await request(open.app).get('/metrics')
    expect(res.status).toBe(200)
    expect(parse(res.text).get('pano_realtime_connected_sockets')).toBe(0)
    expect((await request(open.app).get('/metrics').set('x-forwarded-for', '203.0.113.9')).status).toBe(401)
    expect((await request(open.app).get('/metrics').set('forwarded', 'for=203.0.113.9')).status).toBe(401)
    const { cookie } = await open.signIn('agent')
    expect((await request(open.app).get('/metrics').set('cookie', cookie)).status).toBe(403)
  })
})
