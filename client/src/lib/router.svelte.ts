/** The address bar as reactive state, driven by the History API. */
import { getContext, setContext } from 'svelte'
import { splitAddress } from './routes.ts'

const ROUTER_KEY = Symbol('router')

export interface HistoryHost {
  readonly location: { pathname: string; search?: string }
  readonly history: Pick<History, 'pushState' | 'replaceState'>
  addEventListener(type: 'popstate', listener: () => void): void
  removeEventListener(type: 'popstate', listener: () => void): void
}

export class Router {
  path = $state('/')
  readonly #host: HistoryHost

  constructor(host: HistoryHost) {
    this.#host = host
    this.path = host.location.pathname
  }

  /** Follows the back and forward buttons; returns the function that stops following them. */
  start(): () => void {
    const onPopState = (): void => {
      this.path = this.#host.location.pathname
    }
    this.#host.addEventListener('popstate', onPopState)
    return () => this.#host.removeEventListener('popstate', onPopState)
  }

  /** `to` may carry a query (`/yonetim?bolum=tatiller`); `path` keeps only the path. */
  navigate(to: string, options: { replace?: boolean } = {}): void {
    const { path, query } = splitAddress(to)
    const samePath = path === this.#host.location.pathname && path === this.path
    if (samePath && (query === '' || query === (this.#host.location.search ?? ''))) return
    if (options.replace === true) this.#host.history.replaceState(null, '', to)
    else this.#host.history.pushState(null, '', to)
    this.path = path
  }
}

/** A plain left click without modifier keys: handle it in the page instead of loading a new one. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}

/** The app's router, for views with addresses of their own inside them (a ticket's `/talepler/<no>`). */
export function provideRouter(router: Router): void {
  setContext(ROUTER_KEY, router)
}

/** The app's router, or null outside the app (a component rendered alone in a test). */
export function useRouter(): Router | null {
  return getContext<Router | undefined>(ROUTER_KEY) ?? null
}
