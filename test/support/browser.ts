/**
 * The project's browser setup for e2e tests (what a Playwright config would hold): Debian's Chromium
 * driven by playwright-core. Nothing downloads a browser.
 */
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** How long to wait for a Chromium that another process is still installing. */
const INSTALL_WAIT_MS = 90_000

export interface TestBrowser {
  readonly browser: Browser
  /** A fresh context (own cookies and storage) and page; `problems` collects page errors. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<TestPage>
  close(): Promise<void>
}

export interface TestPage {
  readonly context: BrowserContext
  readonly page: Page
  /** Uncaught exceptions and console errors, apart from the browser's own log of non-2xx responses. */
  readonly problems: string[]
}

/**
 * Launches Chromium headless. Playwright gives each launch a fresh temporary profile directory and
 * removes it on close; every `newPage` opens its own context on top, so tests never share a session.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: await findChromium(),
    // The headless flag is in CHROMIUM_ARGS: `--headless=new` as Debian's Chromium expects.
    headless: false,
    args: CHROMIUM_ARGS,
  })
  return {
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        locale: 'tr-TR',
        timezoneId: 'Europe/Istanbul',
      })
      await delayApiAnswers(context)
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        // Chromium logs every 4xx/5xx response (an expected 401, a wrong password) as a console error.
        if (message.text().startsWith('Failed to load resource:')) return
        problems.push(`console.error: ${message.text()}`)
      })
      return { context, page, problems }
    },
    close: () => browser.close(),
  }
}

/** CHROMIUM_PATH, else the first chromium on PATH; waits while a package install is still running. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const explicit = env.CHROMIUM_PATH
  if (explicit !== undefined && explicit !== '') {
    if (await isExecutable(explicit)) return explicit
    throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`)
  }
  const candidates = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => [join(dir, 'chromium'), join(dir, 'chromium-browser')])
  candidates.push('/usr/bin/chromium')
  const deadline = Date.now() + INSTALL_WAIT_MS
  for (;;) {
    for (const candidate of candidates) {
      if (await isExecutable(candidate)) return candidate
    }
    if (Date.now() > deadline) {
      throw new Error(
        "Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH",
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * E2E_API_DELAY_MS=400 holds every answer of /api/ that long in the browser: a run with it finds the
 * tests that read a screen before its data arrived (they pass on a fast machine and fail on a busy one).
 */
async function delayApiAnswers(context: BrowserContext): Promise<void> {
  const delayMs = Number(process.env.E2E_API_DELAY_MS ?? 0)
  if (!(delayMs > 0)) return
  await context.route('**/api/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    await route.continue()
  })
}

/**
 * Holds the answers of the requests whose address matches `url` until the returned `release` is called:
 * a slow network for one test, while the socket's live state still comes at once.
 */
export async function holdAnswers(context: BrowserContext, url: RegExp): Promise<() => void> {
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await context.route(url, async (route) => {
    await held
    await route.continue()
  })
  return release
}
