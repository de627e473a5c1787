/**
 * TV mode: a larger type scale for a screen read from across the room. Chosen with `?tv=1` / `?tv=0`
 * in the address or the toggle in the header, and remembered on this device.
 */
const STORAGE_KEY = 'pano.tv'

export interface DisplayHost {
  readonly location: { search: string }
  readonly localStorage: Pick<Storage, 'getItem' | 'setItem'>
  readonly document: { documentElement: { classList: Pick<DOMTokenList, 'toggle'> } }
}

export class DisplayMode {
  tv = $state(false)
  readonly #host: DisplayHost

  constructor(host: DisplayHost) {
    this.#host = host
    this.tv = initialTvMode(host.location.search, readStored(host))
    this.#apply()
  }

  toggle(): void {
    this.tv = !this.tv
    this.#apply()
    try {
      this.#host.localStorage.setItem(STORAGE_KEY, this.tv ? '1' : '0')
    } catch {
      // Private mode or a full quota: the choice lasts until the page is reloaded.
    }
  }

  #apply(): void {
    this.#host.document.documentElement.classList.toggle('tv', this.tv)
  }
}

/** The address wins over what this device remembered. */
export function initialTvMode(search: string, stored: string | null): boolean {
  const fromUrl = /(?:^|[?&])tv=([01])(?:&|$)/.exec(search)?.[1]
  if (fromUrl !== undefined) return fromUrl === '1'
  return stored === '1'
}

function readStored(host: DisplayHost): string | null {
  try {
    return host.localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}
