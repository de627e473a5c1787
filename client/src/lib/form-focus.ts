/**
 * Where keyboard focus goes after a form's attempt (lib/form-state.svelte.ts, lib/form-errors.svelte.ts).
 * A submit button disabled while the request runs, or a form that closes, leaves focus on the page body,
 * and a keyboard or screen-reader user is lost; a refusal should put them on the first field to fix.
 * Focus is only moved when it was lost or is still in the form concerned, never taken from elsewhere.
 * Every function does nothing outside a browser (the client tests run the form helpers in Node).
 */

const inBrowser = (): boolean => typeof document !== 'undefined'

/** The focused element, or null outside a browser and when focus is on the body. */
export function focusedElement(): HTMLElement | null {
  if (!inBrowser()) return null
  const active = document.activeElement
  return active instanceof HTMLElement && active !== document.body ? active : null
}

/** Focus is lost (on the body) or inside `scope`, so moving it takes nothing from the user. */
export function mayMoveFocus(scope: Element | null): boolean {
  if (!inBrowser()) return false
  const active = document.activeElement
  return active === null || active === document.body || (scope?.contains(active) ?? false)
}

/**
 * Focuses `element`; one that is not focusable by itself (a message) becomes focusable by script only
 * (`tabindex="-1"`), so the Tab order stays as it was.
 */
export function focusOn(element: HTMLElement): void {
  if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.tabIndex = -1
  element.focus()
}

/** Can take focus now: still in the page and not disabled. */
export function canFocus(element: HTMLElement | null): element is HTMLElement {
  return element !== null && element.isConnected && !element.matches(':disabled')
}

/** The first control marked invalid (`aria-invalid="true"`) inside `scope`, in the page's order. */
export function firstInvalidControl(scope: ParentNode | null): HTMLElement | null {
  return scope?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? null
}

/** The first of `elements` in the page's order (the field a reader meets first). */
export function firstInPage(elements: readonly HTMLElement[]): HTMLElement | null {
  let first: HTMLElement | null = null
  for (const element of elements) {
    if (first === null || first.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING)
      first = element
  }
  return first
}
