/** Signing a demo operator in to the santral console in a browser test (password `demo`). */
import type { Page } from 'playwright-core'
import type { TestBrowser } from './browser.ts'

export async function openSantralConsole(
  browser: TestBrowser,
  url: string,
  username: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await browser.newPage({ viewport })
  await page.goto(`${url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL(/\/santral$/)
  await page.getByRole('heading', { name: 'Rehber' }).waitFor()
  return { page, problems }
}
