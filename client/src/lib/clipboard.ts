/**
 * Copies text for the "shown once" secrets (an API key, a temporary password). The async Clipboard API
 * needs a secure context (HTTPS or localhost); an intranet address over plain HTTP has none, so the old
 * selection copy is the fallback. Resolves to whether the text reached the clipboard.
 */
export async function copyText(text: string): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.clipboard !== undefined && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Denied (no user gesture, a policy): try the selection below.
    }
  }
  return copyBySelection(text)
}

function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  const focused = document.activeElement
  document.body.append(area)
  area.select()
  let copied: boolean
  try {
    // Deprecated but still the only way without a secure context.
    copied = document.execCommand('copy')
  } catch {
    copied = false
  }
  area.remove()
  if (focused instanceof HTMLElement) focused.focus()
  return copied
}

export const COPIED_TEXT = 'Panoya kopyalandı.'
export const COPY_FAILED_TEXT = 'Kopyalanamadı: metni seçip Ctrl+C ile kopyalayın.'
