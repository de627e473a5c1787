/** The whole app through `startPano` on port 0: database, demo seed, HTTP, SPA, socket.io, shutdown. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { io as connectSocket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.ts'
import { startPano, type RunningPano } from '../../../server/main.ts'
import { createTestDatabase } from '../../support/test-database.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'

let db: Awaited<ReturnType<typeof createTestDatabase>>
let clientDir: string
let pano: RunningPano
let printed = ''

beforeAll(async () => {
  db = await createTestDatabase()
  clientDir = await mkdtemp(path.join(tmpdir(), 'pano-client-'))
  await mkdir(path.join(clientDir, 'assets'))
  await writeFile(
    path.join(clientDir, 'index.html'),
    '<!doctype html><title>Pano</title><div id="app"></div>',
  )
  await writeFile(path.join(clientDir, 'assets', 'app-1234.js'), 'console.log("pano")')
  pano = await startPano(loadConfig({ DATABASE_URL: db.url, PORT: '0', SIMULATOR: 'off' }), {
    logger: captureLogger().logger,
    seedDemo: true,
    clientDir,
    print: (text) => {
      printed += text
    },
  })
})
afterAll(async () => {
  await pano.close()
  await db.drop()
  await rm(clientDir, { recursive: true, force: true })
})

describe('startPano', () => {
  it('listens on a port chosen by the OS and answers /health', async () => {
    expect(pano.port).toBeGreaterThan(0)
    expect(pano.url).toBe(`http://127.0.0.1:${pano.port}`)
    const res = await fetch(`${pano.url}/api/v1/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'up' })
  })

  it('prints the demo users and their password at the first start, and they can sign in', async () => {
    expect(printed).toContain('parolası: demo')
    for (const username of ['admin', 'mudur', 'agent1', 'agent5', 'santral1', 'santral2', 'fen', 'zabita']) {
      expect(printed).toMatch(new RegExp(`│ ${username} +│`))
    }
    const res = await fetch(`${pano.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mudur', password: 'demo' }),
    })
    expect(res.status).toBe(204)
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const me = await fetch(`${pano.url}/api/v1/auth/me`, { headers: { cookie } })
    expect(await me.json()).toMatchObject({ username: 'mudur', role: 'supervisor' })
    const socket = connectSocket(pano.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie },
    })
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve)
      socket.on('connect_error', reject)
    })
    socket.disconnect()
  })

  it('closes the open sockets of a session when it signs out, and only those', async () => {
    const signIn = async () => {
      const res = await fetch(`${pano.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'mudur', password: 'demo' }),
      })
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const me = (await (await fetch(`${pano.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
        csrfToken: string
      }
      const socket = connectSocket(pano.url, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { cookie },
      })
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve)
        socket.on('connect_error', reject)
      })
      return { cookie, csrfToken: me.csrfToken, socket }
    }
    const leaving = await signIn()
    const staying = await signIn()
    const closed = new Promise<string>((resolve) => leaving.socket.on('disconnect', resolve))
    const res = await fetch(`${pano.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: leaving.cookie, 'x-csrf-token': leaving.csrfToken },
    })
    expect(res.status).toBe(204)
    expect(await closed).toBe('io server disconnect')
    expect(staying.socket.connected).toBe(true)
    staying.socket.disconnect()
  })

  it('serves the built client with a fallback to index.html for client routes, but not for /api', async () => {
    const page = await fetch(`${pano.url}/talepler/12`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')
    const asset = await fetch(`${pano.url}/assets/app-1234.js`)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    const api = await fetch(`${pano.url}/api/v1/yok`)
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ error: { code: 'route_not_found' } })
    expect((await fetch(`${pano.url}/assets/yok.js`)).status).toBe(404)
  })

  it('answers an address too long for the HTTP parser with 431 and a reason, as every refusal', async () => {
    const res = await fetch(`${pano.url}/api/v1/citizens?q=${'5'.repeat(20_000)}`)
    expect(res.status).toBe(431)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({
      error: {
        code: 'request_too_large',
        kind: 'invalid_input',
        message: 'İsteğin adresi veya başlıkları çok uzun; daha kısa bir adresle yeniden deneyin.',
      },
    })
    // The server goes on answering.
    expect((await fetch(`${pano.url}/api/v1/health`)).status).toBe(200)
  })

  it('answers bytes that are not HTTP with 400 and a reason instead of a bare status line', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(pano.port, '127.0.0.1', () => socket.write('HELLO PANO\r\n\r\n'))
      let text = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => (text += chunk))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }
    expect(body.error.code).toBe('bad_request')
  })

  it('stops accepting connections on close', async () => {
    const second = await startPano(loadConfig({ DATABASE_URL: db.url, PORT: '0', SIMULATOR: 'off' }), {
      logger: captureLogger().logger,
      clientDir: null,
    })
    expect((await fetch(`${second.url}/api/v1/health`)).status).toBe(200)
    await second.close()
    await expect(fetch(`${second.url}/api/v1/health`)).rejects.toThrow()
    expect((await fetch(`${pano.url}/api/v1/health`)).status).toBe(200)
  })
})
