import { describe, expect, it } from 'vitest'
import { VIEWS, VIEWS_BY_ROLE, ROLES } from '../../server/contract/auth.ts'
import {
  LOGIN_PATH,
  PATH_BY_VIEW,
  deniedMessage,
  landingPath,
  resolveRoute,
  ticketNumberFromPath,
  ticketPath,
  viewForPath,
  visibleViews,
} from '../../client/src/lib/routes.ts'

const agent = { views: [...VIEWS_BY_ROLE.agent] } // desk, tickets
const admin = { views: [...VIEWS_BY_ROLE.admin] } // wallboard, tickets, reports, admin

describe('viewForPath', () => {
  it.each([
    ['/wallboard', 'wallboard'],
    ['/masa', 'desk'],
    ['/santral', 'switchboard'],
    ['/talepler', 'tickets'],
    ['/raporlar', 'reports'],
    ['/yonetim', 'admin'],
    ['/Talepler/', 'tickets'],
    ['/giris', null],
    ['/', null],
    ['/talepler/12', null],
    ['/talepler/2026-000123', 'tickets'],
    ['/talepler/2026-000123/', 'tickets'],
    ['/talepler/2026-12', null],
    ['/desk', null],
  ] as const)('%s → %s', (path, view) => {
    expect(viewForPath(path)).toBe(view)
  })

  it('gives every view its own address', () => {
    expect(new Set(VIEWS.map((v) => PATH_BY_VIEW[v])).size).toBe(VIEWS.length)
  })
})

describe('resolveRoute when nobody is signed in', () => {
  it.each(['/giris', '/giris/'])('shows the sign-in page at %s', (path) => {
    expect(resolveRoute(path, null)).toEqual({ kind: 'login' })
  })

  it.each(['/', '/talepler', '/yonetim', '/nereye'])('sends %s to the sign-in page', (path) => {
    expect(resolveRoute(path, null)).toEqual({ kind: 'redirect', to: LOGIN_PATH })
  })
})

describe('resolveRoute for a signed-in user', () => {
  it('shows a view the role may see', () => {
    expect(resolveRoute('/talepler', agent)).toEqual({ kind: 'view', view: 'tickets' })
    expect(resolveRoute('/yonetim', admin)).toEqual({ kind: 'view', view: 'admin' })
  })

  it('sends a forbidden view to the first view and names what was refused', () => {
    expect(resolveRoute('/yonetim', agent)).toEqual({ kind: 'redirect', to: '/masa', denied: 'admin' })
    expect(resolveRoute('/masa', admin)).toEqual({ kind: 'redirect', to: '/wallboard', denied: 'desk' })
  })

  it('sends unknown addresses and the root to the first view without a refusal', () => {
    expect(resolveRoute('/nereye', agent)).toEqual({ kind: 'redirect', to: '/masa' })
    expect(resolveRoute('/', admin)).toEqual({ kind: 'redirect', to: '/wallboard' })
  })

  it('leaves the sign-in page for the address asked for before signing in, if allowed', () => {
    expect(resolveRoute('/giris', admin, '/raporlar')).toEqual({ kind: 'redirect', to: '/raporlar' })
    expect(resolveRoute('/giris', agent, '/raporlar')).toEqual({ kind: 'redirect', to: '/masa' })
    expect(resolveRoute('/giris', agent, null)).toEqual({ kind: 'redirect', to: '/masa' })
  })

  it('tidies the spelling of an allowed address', () => {
    expect(resolveRoute('/Talepler/', agent)).toEqual({ kind: 'redirect', to: '/talepler' })
  })

  it('says so when the account has no view the client knows', () => {
    expect(resolveRoute('/talepler', { views: [] })).toEqual({ kind: 'no-views' })
    expect(resolveRoute('/talepler', { views: ['santral-eski'] as never[] })).toEqual({ kind: 'no-views' })
  })

  it('follows the server-sent view list, not a local copy of the role table', () => {
    const narrowed = { views: ['tickets' as const] }
    expect(resolveRoute('/masa', narrowed)).toEqual({ kind: 'redirect', to: '/talepler', denied: 'desk' })
  })

  it('lands every role on a view it may see, whatever the address', () => {
    for (const role of ROLES) {
      const me = { views: [...VIEWS_BY_ROLE[role]] }
      for (const view of VIEWS) {
        const decision = resolveRoute(PATH_BY_VIEW[view], me)
        const landed =
          decision.kind === 'view'
            ? decision.view
            : viewForPath(decision.kind === 'redirect' ? decision.to : '')
        expect(landed !== null && VIEWS_BY_ROLE[role].includes(landed), `${role} at ${view}`).toBe(true)
      }
    }
  })
})

describe('visibleViews', () => {
  it('keeps the server order, drops duplicates and names the client does not know', () => {
    expect(visibleViews({ views: ['tickets', 'desk', 'tickets', 'bilinmeyen' as never] })).toEqual([
      'tickets',
      'desk',
    ])
  })
})

describe('landingPath', () => {
  it('prefers the requested view, else the first one', () => {
    expect(landingPath('/talepler', agent)).toBe('/talepler')
    expect(landingPath('/yonetim', agent)).toBe('/masa')
    expect(landingPath(null, admin)).toBe('/wallboard')
  })

  it('keeps the query of the address asked for (a Yönetim section linked before signing in)', () => {
    expect(landingPath('/yonetim?bolum=tatiller', admin)).toBe('/yonetim?bolum=tatiller')
    expect(landingPath('/Yonetim/?bolum=santral', admin)).toBe('/yonetim?bolum=santral')
    expect(landingPath('/yonetim?bolum=tatiller', agent)).toBe('/masa')
    expect(resolveRoute('/giris', admin, '/yonetim?bolum=santral')).toEqual({
      kind: 'redirect',
      to: '/yonetim?bolum=santral',
    })
  })
})

describe('deniedMessage', () => {
  it('names both views in Turkish', () => {
    expect(deniedMessage('admin', 'desk')).toBe(
      '“Yönetim” ekranını açma yetkiniz yok; “Çağrı Masası” ekranına yönlendirildiniz.',
    )
  })
})

describe("a ticket's own address", () => {
  it('round-trips the number and survives signing in', () => {
    expect(ticketPath('2026-000123')).toBe('/talepler/2026-000123')
    expect(ticketNumberFromPath('/talepler/2026-000123')).toBe('2026-000123')
    expect(resolveRoute('/talepler/2026-000123', agent)).toEqual({ kind: 'view', view: 'tickets' })
    expect(landingPath('/talepler/2026-000123', agent)).toBe('/talepler/2026-000123')
    expect(resolveRoute(LOGIN_PATH, agent, '/talepler/2026-000123')).toEqual({
      kind: 'redirect',
      to: '/talepler/2026-000123',
    })
  })
})
