import express from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UpstreamError,
} from '../../../server/errors.ts'
import { apiNotFound, errorHandler } from '../../../server/http/error-handler.ts'
import { requestLogger } from '../../../server/http/request-logger.ts'
import { errorOf } from './api-body.ts'
import { captureLogger } from './log-capture.ts'

function appThrowing(error: unknown) {
  const { logger, lines } = captureLogger('debug')
  const app = express()
  app.use(requestLogger(logger))
  app.use(express.json({ limit: '1kb' }))
  app.post('/boom', () => {
    throw error
  })
  app.post('/echo', (req, res) => {
    res.json(z.object({ name: z.string().min(2) }).parse(req.body))
  })
  app.use('/api', apiNotFound())
  app.use(errorHandler(logger))
  return { app, lines }
}

describe('errorHandler', () => {
  it.each([
    [new NotFoundError(), 404, 'not_found'],
    [new ForbiddenError(), 403, 'forbidden'],
    [new ConflictError('Çakışma', 'duplicate_number'), 409, 'duplicate_number'],
  ])('keeps status, code and message of %s', async (error, status, code) => {
    const res = await request(appThrowing(error).app).post('/boom')
    expect(res.status).toBe(status)
    expect(res.body).toEqual({ error: { code, kind: error.kind, message: error.message } })
  })

  it('answers 429 with Retry-After', async () => {
    const res = await request(appThrowing(new TooManyRequestsError(61.2)).app).post('/boom')
    expect(res.status).toBe(429)
    expect(res.headers['retry-after']).toBe('62')
    expect(errorOf(res).details).toEqual({ retryAfterSec: 62 })
  })

  it('hides the text of unexpected errors from the client but logs it with the request', async () => {
    const { app, lines } = appThrowing(new Error('connection string postgres://secret@db leaked'))
    const res = await request(app).post('/boom')
    expect(res.status).toBe(500)
    expect(errorOf(res).code).toBe('internal_error')
    expect(JSON.stringify(res.body)).not.toContain('postgres://')
    const logged = lines().find((l) => l['msg'] === 'request failed with a server error')
    expect(logged).toMatchObject({ method: 'POST', path: '/boom' })
    expect(JSON.stringify(logged)).toContain('leaked')
  })

  it('shows what a deliberate 5xx says (a service Pano sends through) and logs it without a stack', async () => {
    const { app, lines } = appThrowing(new UpstreamError('Yanıt gönderilemedi: WhatsApp HTTP 500'))
    const res = await request(app).post('/boom')
    expect(res.status).toBe(502)
    expect(errorOf(res)).toEqual({
      code: 'upstream_failed',
      kind: 'unavailable',
      message: 'Yanıt gönderilemedi: WhatsApp HTTP 500',
    })
    const logged = lines().find((l) => l['msg'] === 'request failed upstream')
    expect(logged).toMatchObject({ level: 40, code: 'upstream_failed', status: 502 })
    expect(logged).not.toHaveProperty('err')
  })

  it('turns zod errors into 400 with the field issues', async () => {
    const res = await request(appThrowing(null).app).post('/echo').send({ name: 'x' })
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('validation_failed')
    expect(errorOf(res).details?.['issues']).toEqual([
      expect.objectContaining({ path: 'name', code: 'too_small' }),
    ])
  })

  it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
    const { app } = appThrowing(null)
    const bad = await request(app).post('/echo').set('content-type', 'application/json').send('{"name":')
    expect(bad.status).toBe(400)
    expect(errorOf(bad).code).toBe('invalid_json')
    const big = await request(app)
      .post('/echo')
      .send({ name: 'x'.repeat(5000) })
    expect(big.status).toBe(413)
    expect(errorOf(big).code).toBe('payload_too_large')
  })

  it('answers unknown API routes with 404 JSON', async () => {
    const res = await request(appThrowing(null).app).get('/api/v1/nope')
    expect(res.status).toBe(404)
    expect(errorOf(res).code).toBe('route_not_found')
  })

  it('keeps a working day quiet: reads that succeed at debug, changes and refusals at info, failures at error', async () => {
    const { logger, lines } = captureLogger('debug')
    const app = express()
    app.use(requestLogger(logger))
    app.get('/ok', (_req, res) => res.json({ ok: true }))
    app.get('/missing', (_req, res) => res.status(404).json({}))
    app.post('/save', (_req, res) => res.status(204).end())
    app.get('/broken', () => {
      throw new Error('kırık')
    })
    app.use(errorHandler(logger))
    for (const [method, path] of [
      ['get', '/ok'],
      ['get', '/missing'],
      ['post', '/save'],
      ['get', '/broken'],
    ] as const)
      await request(app)[method](path)
    const levels: Record<string, unknown> = {}
    for (const l of lines())
      if (l['msg'] === 'request' || l['msg'] === 'request failed') levels[String(l['path'])] = l['level']
    // pino's numeric levels: 20 debug, 30 info, 50 error.
    expect(levels).toEqual({ '/ok': 20, '/missing': 30, '/save': 30, '/broken': 50 })
  })

  it('logs each request without headers', async () => {
    const { app, lines } = appThrowing(null)
    await request(app).post('/echo').set('cookie', 'pano_session=abcdefabcdefabcdef').send({ name: 'Ayşe' })
    const entry = lines().find((l) => l['msg'] === 'request')
    expect(entry).toMatchObject({ method: 'POST', path: '/echo', status: 200 })
    expect(JSON.stringify(lines())).not.toContain('abcdefabcdefabcdef')
  })
})

describe('errors from static file serving', () => {
  it('answers a missing file with 404 without naming the path on disk', async () => {
    const { logger } = captureLogger()
    const app = express()
    app.use('/assets', express.static('/nonexistent-pano-dir', { fallthrough: false }))
    app.use(errorHandler(logger))
    const res = await request(app).get('/assets/app.js')
    expect(res.status).toBe(404)
    expect(errorOf(res).code).toBe('not_found')
    expect(JSON.stringify(res.body)).not.toContain('nonexistent-pano-dir')
  })
})
