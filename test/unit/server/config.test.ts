import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../server/config.ts'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  throw new Error('expected loadConfig to fail')
}

describe('loadConfig', () => {
  it('starts in demo mode with nothing set: embedded database, simulator on, loopback only', () => {
    const c = loadConfig({})
    expect(c.demoMode).toBe(true)
    expect(c.http).toEqual({
      port: 3000,
      host: '127.0.0.1',
      trustProxy: false,
      cookieSecure: false,
      hsts: false,
      publicUrl: null,
      allowedHosts: [],
    })
    expect(c.database).toEqual({ url: null, dataDir: './data' })
    expect(c.redis.url).toBeNull()
    expect(c.ami.pbxs).toEqual([])
    expect(c.simulator.enabled).toBe(true)
    expect(c.realtime.broadcastIntervalMs).toBe(25)
    expect(c.metrics).toEqual({
      shortAbandonSec: 5,
      serviceLevelSec: 20,
      timeZone: 'Europe/Istanbul',
      public: 'off',
    })
    expect(c.log.level).toBe('info')
  })

  it('makes cookies Secure and sends HSTS by default in production mode, unless set to 0 explicitly', () => {
    const prod = { DATABASE_URL: 'postgresql://pano@db/pano' }
    expect(loadConfig(prod).http).toMatchObject({ cookieSecure: true, hsts: true })
    expect(loadConfig({ ...prod, COOKIE_SECURE: '0' }).http).toMatchObject({
      cookieSecure: false,
      hsts: false,
    })
    expect(loadConfig({ ...prod, HSTS: 'off' }).http).toMatchObject({ cookieSecure: true, hsts: false })
    expect(loadConfig({ COOKIE_SECURE: 'on' }).http).toMatchObject({ cookieSecure: true, hsts: true })
  })

  it('reads the names Pano answers to from PUBLIC_URL and ALLOWED_HOSTS', () => {
    const c = loadConfig({
      PANO_MODE: 'production',
      PUBLIC_URL: 'https://Pano.Karsiyaka.bel.tr',
      ALLOWED_HOSTS: 'pano-yedek.karsiyaka.bel.tr:8443, 10.0.0.5 ,[fd00::5]',
    })
    expect(c.http.publicUrl).toBe('https://pano.karsiyaka.bel.tr')
    expect(c.http.allowedHosts).toEqual([
      'pano.karsiyaka.bel.tr',
      'pano-yedek.karsiyaka.bel.tr',
      '10.0.0.5',
      'fd00::5',
    ])
    expect(problemsOf({ PUBLIC_URL: 'pano.example' })[0]).toMatch(/^PUBLIC_URL: /)
    expect(problemsOf({ PUBLIC_URL: 'https://pano.example/app' })[0]).toMatch(/no path/)
    expect(problemsOf({ ALLOWED_HOSTS: 'https://pano.example' })[0]).toMatch(
      /^ALLOWED_HOSTS: not a host name/,
    )
  })

  it('refuses a plain-http PUBLIC_URL with Secure cookies, unless COOKIE_SECURE=0 is said', () => {
    const prod = { DATABASE_URL: 'postgresql://pano@db/pano', PUBLIC_URL: 'http://pano.lan:3000' }
    expect(problemsOf(prod)[0]).toMatch(/COOKIE_SECURE=0/)
    expect(loadConfig({ ...prod, COOKIE_SECURE: '0' }).http).toMatchObject({
      cookieSecure: false,
      publicUrl: 'http://pano.lan:3000',
      allowedHosts: ['pano.lan'],
    })
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).http.port).toBe(3000)
  })

  it('coerces numbers and flags', () => {
    const c = loadConfig({
      PORT: '8080',
      COOKIE_SECURE: 'YES',
      TRUST_PROXY: '1',
      SESSION_TTL_HOURS: '8',
      SIMULATOR_SPEED: '2.5',
    })
    expect(c.http.port).toBe(8080)
    expect(c.http.cookieSecure).toBe(true)
    expect(c.http.trustProxy).toBe(1)
    expect(c.session.ttlHours).toBe(8)
    expect(c.simulator.speed).toBe(2.5)
  })

  it('keeps TRUST_PROXY address lists as text for Express', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8')
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false)
  })

  it('leaves demo mode as soon as a database is configured, and then never invents calls', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://pano@db/pano' })
    expect(c.demoMode).toBe(false)
    expect(c.mode).toBe('production')
    expect(c.modeReason).toBe('DATABASE_URL ayarlı')
    expect(c.database.url).toBe('postgresql://pano@db/pano')
    expect(c.simulator.enabled).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'postgresql://pano@db/pano', SIMULATOR: 'on' }).simulator.enabled).toBe(
      true,
    )
  })

  it('goes to production on PANO_MODE=production alone, and refuses PANO_MODE=demo with a database', () => {
    const c = loadConfig({ PANO_MODE: 'production' })
    expect(c.mode).toBe('production')
    expect(c.database.url).toBeNull()
    expect(c.simulator.enabled).toBe(false)
    expect(loadConfig({}).mode).toBe('demo')
    expect(() => loadConfig({ PANO_MODE: 'demo', DATABASE_URL: 'postgresql://x/y' })).toThrow(/PANO_MODE/)
  })

  it('builds one PBX named main from the AMI_* variables and turns the simulator off', () => {
    const c = loadConfig({ AMI_HOST: 'pbx.local', AMI_USERNAME: 'pano', AMI_SECRET: 's3cret' })
    expect(c.ami.pbxs).toEqual([
      {
        id: 'main',
        host: 'pbx.local',
        port: 5038,
        username: 'pano',
        secret: 's3cret',
        tls: false,
        auth: 'md5',
      },
    ])
    expect(c.simulator.enabled).toBe(false)
    expect(c.demoMode).toBe(false)
  })

  it('lets SIMULATOR=on run next to a real PBX and SIMULATOR=off disable demo calls', () => {
    const withPbx = { AMI_HOST: 'pbx', AMI_USERNAME: 'u', AMI_SECRET: 's' }
    expect(loadConfig({ ...withPbx, SIMULATOR: 'on' }).simulator.enabled).toBe(true)
    expect(loadConfig({ SIMULATOR: 'off' }).simulator.enabled).toBe(false)
  })

  it('reads several PBXs from AMI_PBXS with defaults per entry', () => {
    const c = loadConfig({
      AMI_PBXS: JSON.stringify([
        { id: 'merkez', host: '10.0.0.5', username: 'pano', secret: 'a' },
        {
          id: 'hizmet-binasi',
          host: '10.0.1.5',
          port: 5039,
          username: 'pano',
          secret: 'b',
          tls: true,
          auth: 'plain',
        },
      ]),
    })
    expect(c.ami.pbxs.map((p) => [p.id, p.port, p.tls, p.auth])).toEqual([
      ['merkez', 5038, false, 'md5'],
      ['hizmet-binasi', 5039, true, 'plain'],
    ])
  })

  it('lists every bad field at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      COOKIE_SECURE: 'maybe',
      DATABASE_URL: 'mysql://x',
      AMI_HOST: 'pbx',
    })
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('COOKIE_SECURE:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('AMI_USERNAME:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('AMI_SECRET:'))).toBe(true)
  })

  it('names the variable in the error message', () => {
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: expected a redis:\/\//)
  })

  it('rejects mixing AMI_PBXS with AMI_HOST, broken JSON and duplicate ids', () => {
    expect(problemsOf({ AMI_PBXS: '[]', AMI_HOST: 'x' })[0]).toMatch(/either AMI_PBXS or/)
    expect(problemsOf({ AMI_PBXS: '[{' })[0]).toMatch(/AMI_PBXS: not valid JSON/)
    const dup = { id: 'a', host: 'h', username: 'u', secret: 's' }
    expect(problemsOf({ AMI_PBXS: JSON.stringify([dup, dup]) })).toEqual([
      'AMI_PBXS.1.id: duplicate PBX id "a"',
    ])
    expect(
      problemsOf({ AMI_PBXS: JSON.stringify([{ id: 'A B', host: 'h' }]) }).length,
    ).toBeGreaterThanOrEqual(3)
  })

  it('rejects out-of-range numbers and unknown AMI_AUTH', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT:/)
    expect(problemsOf({ BROADCAST_INTERVAL_MS: '0' })[0]).toMatch(/^BROADCAST_INTERVAL_MS:/)
    expect(problemsOf({ AMI_HOST: 'h', AMI_USERNAME: 'u', AMI_SECRET: 's', AMI_AUTH: 'sha1' })[0]).toMatch(
      /^AMI_AUTH:/,
    )
  })
})
