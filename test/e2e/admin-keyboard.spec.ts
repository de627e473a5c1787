/**
 * Yönetim's forms from the keyboard alone, in Chromium: a refused attempt puts focus on the first field
 * to fix (marked invalid and tied to its message), a created user leaves focus on the announced result,
 * one Tab before "Yeni kullanıcı", and a saved form that stays on the screen on its message, instead of
 * on the page body (lib/form-state.svelte.ts, lib/form-errors.svelte.ts, lib/form-focus.ts). Only keys
 * are pressed once the screen is open.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function openAdmin(page: Page, section: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill('admin')
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname !== '/giris')
  await page.goto(`${app.url}/yonetim?bolum=${section}`)
}

/** What has focus, as a person would point at it: `#id`, else its text; `the page body` when lost. */
const focused = (page: Page) =>
  page.evaluate<string>(`(() => {
    const active = document.activeElement
    if (active === null || active === document.body) return 'the page body'
    return active.id !== '' ? '#' + active.id : (active.textContent ?? '').trim()
  })()`)

/** Presses Tab until what has focus is `target` (`#id` or a button's text). */
async function tabTo(page: Page, target: string): Promise<void> {
  for (let presses = 0; presses < 200; presses++) {
    if ((await focused(page)) === target) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}`)
}

describe('Yönetim forms from the keyboard', () => {
  it('a new user: a refusal focuses the first field to fix, the created user focuses the result', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openAdmin(page, 'kullanicilar')
    await page.locator('tr[data-username="admin"]').waitFor()

    await tabTo(page, 'Yeni kullanıcı')
    await page.keyboard.press('Enter')
    const form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await expect.poll(() => focused(page)).toBe('#user-username')

    // Enter in the first field sends the form with the name, role and password still empty.
    await page.keyboard.type('ece.kaya')
    await page.keyboard.press('Enter')
    await form.locator('#user-fullName-error').waitFor()
    await expect.poll(() => focused(page)).toBe('#user-fullName')
    const fullName = form.getByLabel('Ad soyad')
    expect(await fullName.getAttribute('aria-invalid')).toBe('true')
    expect((await fullName.getAttribute('aria-describedby'))?.split(' ')).toContain('user-fullName-error')
    expect(await form.locator('#user-fullName-error').textContent()).not.toBe('')
    expect(await form.getByLabel('Kullanıcı adı').getAttribute('aria-invalid')).toBeNull()

    await page.keyboard.type('Ece Kaya')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('#user-role')
    await page.keyboard.type('Müdür')
    expect(await form.getByLabel('Rol', { exact: true }).inputValue()).toBe('supervisor')
    await tabTo(page, 'Güçlü parola öner')
    await page.keyboard.press('Enter')
    await tabTo(page, 'Kullanıcıyı oluştur')
    await page.keyboard.press('Enter')

    // The form closes; focus is on the result (read out by its live region), one Tab before the button.
    await page.getByRole('status').filter({ hasText: '“ece.kaya” oluşturuldu' }).waitFor()
    await expect.poll(() => focused(page)).toContain('“ece.kaya” oluşturuldu')
    expect(await page.locator('tr[data-username="ece.kaya"]').count()).toBe(1)
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Yeni kullanıcı')

    // Vazgeç returns focus to the button that opened the form.
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('#user-username')
    await tabTo(page, 'Vazgeç')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('Yeni kullanıcı')
    expect(problems).toEqual([])
  })

  it('a new agent from the keyboard alone: no unit is asked and the form says why', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openAdmin(page, 'kullanicilar')
    await page.locator('tr[data-username="admin"]').waitFor()
    await tabTo(page, 'Yeni kullanıcı')
    await page.keyboard.press('Enter')
    const form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await expect.poll(() => focused(page)).toBe('#user-username')
    await page.keyboard.type('cem.tan')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Cem Tan')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('#user-role')
    // The first role down the list is the call centre's agent.
    await page.keyboard.press('ArrowDown')
    expect(await form.getByLabel('Rol', { exact: true }).inputValue()).toBe('agent')
    // No unit field, and the role's hint (read with the field) says why instead of leaving it missing.
    expect(await form.getByLabel('Birim', { exact: true }).count()).toBe(0)
    const hint = await form.locator('#user-role-hint').textContent()
    expect(hint).toContain('Birim sorulmaz')
    expect(
      (await form.getByLabel('Rol', { exact: true }).getAttribute('aria-describedby'))?.split(' '),
    ).toContain('user-role-hint')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('#user-extension')
    // The interface the agent takes calls on, typed (no PBX reports one here).
    await tabTo(page, '#user-interfaces-typed')
    await page.keyboard.type('PJSIP/1099')
    await page.keyboard.press('Enter')
    await tabTo(page, 'Güçlü parola öner')
    await page.keyboard.press('Enter')
    await tabTo(page, 'Kullanıcıyı oluştur')
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: '“cem.tan” oluşturuldu' }).waitFor()
    const row = page.locator('tr[data-username="cem.tan"]')
    expect(await row.textContent()).toContain('PJSIP/1099')
    expect(problems).toEqual([])
  })

  it('a form that stays: its saved message takes focus, and Tab goes on to its first field', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openAdmin(page, 'tatiller')
    await page.getByRole('form', { name: 'Mesai saatleri' }).waitFor()

    await tabTo(page, 'Mesai saatlerini kaydet')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toContain('Mesai saatleri kaydedildi')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('#hours-start')
    expect(problems).toEqual([])
  })

  it('Birimler ve rehber: a refused new unit focuses its first field, tied to the reason', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openAdmin(page, 'rehber')
    await page.getByRole('textbox', { name: '2001 etiketi' }).waitFor()

    await tabTo(page, 'Birim ekle')
    await page.keyboard.press('Enter')
    await page.locator('#du-code-error').waitFor()
    await expect.poll(() => focused(page)).toBe('#du-code')
    const code = page.locator('#du-code')
    expect(await code.getAttribute('aria-invalid')).toBe('true')
    expect(await code.getAttribute('aria-describedby')).toBe('du-code-error')
    expect(problems).toEqual([])
  })

  it('Birimler ve rehber: a unit is renamed in place, and taking one out of use asks first', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openAdmin(page, 'rehber')
    const unit = page.locator('ul.units li').last()
    await unit.waitFor()
    const code = await unit.getAttribute('data-unit')
    const line = page.locator(`ul.units li[data-unit="${code}"]`)
    const before = ((await line.textContent()) ?? '').replace(/Adını değiştir.*$/s, '').trim()

    await line.getByRole('button', { name: 'Adını değiştir' }).click()
    // The name is ready to be typed over.
    await expect.poll(() => focused(page)).toMatch(/^#du-rename-/)
    await page.keyboard.type('Deneme Müdürlüğü')
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: 'yeni adı “Deneme Müdürlüğü”' }).waitFor()
    await expect.poll(() => line.textContent()).toContain('Deneme Müdürlüğü')

    // Pasifleştir asks; Enter alone keeps the unit in use.
    await line.getByRole('button', { name: 'Pasifleştir' }).click()
    const dialog = page.getByRole('dialog', { name: '“Deneme Müdürlüğü” pasifleştirilsin mi?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(
      'açık talepleri, kullanıcıları ve dahilileri olduğu gibi kalır',
    )
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    expect(await line.textContent()).not.toContain('— pasif')
    await line.getByRole('button', { name: 'Pasifleştir' }).click()
    await dialog.getByRole('button', { name: 'Pasifleştir' }).click()
    await expect.poll(() => line.textContent()).toContain('— pasif')

    // Back as it was, for the other tests.
    await line.getByRole('button', { name: 'Etkinleştir' }).click()
    await expect.poll(() => line.textContent()).not.toContain('— pasif')
    await line.getByRole('button', { name: 'Adını değiştir' }).click()
    await page.locator(`#${(await focused(page)).slice(1)}`).fill(before)
    await page.keyboard.press('Enter')
    await expect.poll(() => line.textContent()).toContain(before)
    expect(problems).toEqual([])
  })
})
