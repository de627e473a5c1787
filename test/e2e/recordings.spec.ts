/**
 * A recorded call in Chromium (docs/recordings.md): the müdür opens the ticket the call is linked to,
 * presses "Kaydı dinle", and the audio element loads the recording through range requests and reports
 * its duration; the player offers no download and the listen is in the access log. The call row is what
 * the call recorder writes for a call MixMonitor recorded; the WAV is the simulator's (made in code).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'
import { toneWav } from '../../telephony/simulator/recording-files.ts'

let app: E2eApp
let browser: TestBrowser
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pano-e2e-recordings-'))
  ;[app, browser] = await Promise.all([startE2eApp({ env: { RECORDINGS_DIR: dir } }), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await rm(dir, { recursive: true, force: true })
})

async function apiSession(username: string): Promise<{ cookie: string; csrf: string }> {
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  expect(login.status).toBe(204)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const me = (await (await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
  }
  return { cookie, csrf: me.csrfToken }
}

/** A recorded call linked to a new ticket by the agent who took it; returns the ticket number. */
async function recordedCallOnTicket(): Promise<{ number: string; callId: number }> {
  await writeFile(join(dir, '1733400000.42.wav'), toneWav(3))
  const at = new Date(Date.now() - 5 * 60_000)
  const call = await app.prisma.call.create({
    data: {
      pbxId: 'main',
      callKey: '1733400000.42',
      linkedId: '1733400000.42',
      direction: 'INBOUND',
      queue: 'cagri-merkezi',
      callerNumber: '+905321234567',
      enteredAt: at,
      answeredAt: new Date(at.getTime() + 10_000),
      endedAt: new Date(at.getTime() + 70_000),
      waitSec: 10,
      talkSec: 60,
      outcome: 'ANSWERED',
      recordingFile: '1733400000.42.wav',
    },
  })
  const agent = await apiSession('agent1')
  const headers = { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': 'application/json' }
  const created = await fetch(`${app.url}/api/v1/tickets`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      type: 'SIKAYET',
      channel: 'CAGRI_MERKEZI',
      subject: 'Çöp toplanmadı',
      description: 'Mahallede üç gündür çöp alınmadı.',
    }),
  })
  expect(created.status).toBe(201)
  const { ticket } = (await created.json()) as { ticket: { id: number; number: string } }
  const linked = await fetch(`${app.url}/api/v1/tickets/${ticket.id}/calls`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ callId: call.id }),
  })
  expect(linked.status).toBe(200)
  return { number: ticket.number, callId: call.id }
}

describe('a recorded call', () => {
  it('plays from its ticket for the müdür: the audio reports a duration and has no download', async () => {
    const { number, callId } = await recordedCallOnTicket()
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('mudur')
    await page.getByLabel('Parola', { exact: true }).fill('demo')
    await page.getByLabel('Parola', { exact: true }).press('Enter')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
    await page.goto(`${app.url}/talepler/${number}`)
    await page.locator('#ticket-title').waitFor()
    await page.getByRole('button', { name: `Çağrı ${callId} ses kaydını dinle` }).click()
    const audio = page.getByTestId('recording-audio')
    await audio.waitFor()
    // The element's own report once its metadata came through the range requests (strings: no DOM types
    // here). Polled with page.evaluate, which runs through the DevTools protocol: waitForFunction polls
    // with the page's own eval, which the app's Content-Security-Policy (script-src 'self') refuses.
    const AUDIO = `document.querySelector('[data-testid="recording-audio"]')`
    await expect
      .poll(() => page.evaluate<boolean>(`${AUDIO}.readyState >= 1 && Number.isFinite(${AUDIO}.duration)`))
      .toBe(true)
    const duration = await page.evaluate<number>(`${AUDIO}.duration`)
    expect(duration).toBeGreaterThan(2.5)
    expect(duration).toBeLessThan(3.5)
    expect(await audio.getAttribute('controlslist')).toContain('nodownload')
    expect(await page.getByTestId('recording-problem').count()).toBe(0)
    const listens = await app.prisma.auditLog.count({
      where: { action: 'call.recording-listen', entity: 'Call', entityId: String(callId) },
    })
    expect(listens).toBeGreaterThanOrEqual(1)
    expect(problems).toEqual([])
  })
})
