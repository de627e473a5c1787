import { describe, expect, it } from 'vitest'
import { Router, type HistoryHost } from '../../client/src/lib/router.svelte.ts'

function fakeHistory(start: string) {
  const calls: string[] = []
  let listener: (() => void) | null = null
  const host = {
    location: { pathname: start },
    history: {
      pushState: (_data: unknown, _unused: string, url?: string | URL | null) => {
        calls.push(`push ${String(url)}`)
        host.location.pathname = String(url)
      },
      replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => {
        calls.push(`replace ${String(url)}`)
        host.location.pathname = String(url)
      },
    },
    addEventListener: (_type: 'popstate', l: () => void) => {
      listener = l
    },
    removeEventListener: (_type: 'popstate', l: () => void) => {
      if (listener === l) listener = null
    },
  } satisfies HistoryHost
  const back = (to: string) => {
    host.location.pathname = to
    listener?.()
  }
  return { host, calls, back, listening: () => listener !== null }
}

describe('Router', () => {
  it('starts at the current address', () => {
    expect(new Router(fakeHistory('/talepler').host).path).toBe('/talepler')
  })

  it('pushes a new history entry for a navigation and replaces it for a redirect', () => {
    const { host, calls } = fakeHistory('/giris')
    const router = new Router(host)
    router.navigate('/masa', { replace: true })
    router.navigate('/talepler')
    expect(calls).toEqual(['replace /masa', 'push /talepler'])
    expect(router.path).toBe('/talepler')
  })

  it('does not add a history entry for the address already shown', () => {
    const { host, calls } = fakeHistory('/masa')
    new Router(host).navigate('/masa')
    expect(calls).toEqual([])
  })

  it('follows the back button until stopped', () => {
    const history = fakeHistory('/masa')
    const router = new Router(history.host)
    const stop = router.start()
    router.navigate('/talepler')
    history.back('/masa')
    expect(router.path).toBe('/masa')
    stop()
    expect(history.listening()).toBe(false)
  })
})

describe('Router with a query', () => {
  it('keeps only the path as the route, and leaves a section address alone for a plain link', () => {
    const { host, calls } = fakeHistory('/giris')
    const router = new Router(host)
    router.navigate('/yonetim?bolum=tatiller', { replace: true })
    expect(router.path).toBe('/yonetim')
    expect(calls).toEqual(['replace /yonetim?bolum=tatiller'])
    // The browser now shows /yonetim?bolum=tatiller; the header's plain "Yönetim" link changes nothing.
    const shown = { ...host, location: { pathname: '/yonetim', search: '?bolum=tatiller' } }
    const onSection = new Router(shown)
    onSection.navigate('/yonetim')
    onSection.navigate('/yonetim?bolum=tatiller')
    expect(calls).toEqual(['replace /yonetim?bolum=tatiller'])
    onSection.navigate('/yonetim?bolum=santral')
    expect(calls.at(-1)).toBe('push /yonetim?bolum=santral')
  })
})
