/** `server/main.ts` run as a process, the way `npm start` runs it: fail fast, serve, stop cleanly on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../support/test-database.ts'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

function runMain(env: Record<string, string>): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => text, exited }
}

function listeningUrl(output: () => string, exited: Promise<unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"msg":"Pano is listening"/.test(output()) ? /"url":"(http:[^"]+)"/.exec(output()) : null
      if (match?.[1]) {
        clearInterval(timer)
        resolve(match[1])
      }
    }, 50)
    void exited.then(() => {
      clearInterval(timer)
      reject(new Error(`main exited before listening:\n${output()}`))
    })
  })
}

describe('server/main.ts as a process', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  beforeAll(async () => {
    db = await createTestDatabase()
  })
  afterAll(async () => {
    await db.drop()
  })

  it('refuses to start on bad configuration, naming every bad variable, with exit code 1', async () => {
    const { exited, output } = runMain({ PORT: 'eighty', AMI_HOST: 'pbx' })
    expect(await exited).toBe(1)
    expect(output()).toContain('PORT:')
    expect(output()).toContain('AMI_USERNAME:')
    expect(output()).toContain('docs/configuration.md')
  })

  it('serves /health and exits 0 after SIGTERM', async () => {
    const { child, exited, output } = runMain({ DATABASE_URL: db.url, PORT: '0', SIMULATOR: 'off' })
    const url = await listeningUrl(output, exited)
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(output()).toContain('shutting down')
  })
})
