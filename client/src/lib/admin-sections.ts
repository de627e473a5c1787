/**
 * Yönetim's sections and their addresses: `/yonetim?bolum=<id>`, so a section can be linked and survives
 * a reload. Which role sees which section: admins all of them, the data officer (`kvkk`) KVKK only. Pure.
 */
import type { Role } from '../../../server/contract/auth.ts'

export const ADMIN_SECTIONS = [
  { id: 'kullanicilar', label: 'Kullanıcılar' },
  { id: 'santral', label: 'Santral' },
  { id: 'api-anahtarlari', label: 'API anahtarları' },
  { id: 'tv-anahtarlari', label: 'TV bağlantıları' },
  { id: 'esikler', label: 'Eşikler' },
  { id: 'rehber', label: 'Birimler ve rehber' },
  { id: 'tatiller', label: 'Tatiller ve mesai' },
  { id: 'mesajlar', label: 'Gönderilen mesajlar' },
  { id: 'sablonlar', label: 'Mesaj şablonları' },
  { id: 'kvkk', label: 'KVKK' },
  { id: 'basvurular', label: 'Başvuru kanalları' },
] as const

export type AdminSection = (typeof ADMIN_SECTIONS)[number]
export type AdminSectionId = AdminSection['id']

export const ADMIN_PATH = '/yonetim'
export const SECTION_PARAM = 'bolum'

/** The sections a role may open, in menu order (the first is where Yönetim opens). */
export function sectionsFor(role: Role | null): readonly AdminSection[] {
  if (role === 'kvkk') return ADMIN_SECTIONS.filter((s) => s.id === 'kvkk')
  return ADMIN_SECTIONS
}

/** The section a query string names; the first allowed section when it names none or another one. */
export function sectionFromSearch(
  search: string,
  allowed: readonly AdminSection[] = ADMIN_SECTIONS,
): AdminSectionId {
  const asked = new URLSearchParams(search).get(SECTION_PARAM)?.trim().toLowerCase() ?? ''
  return allowed.find((s) => s.id === asked)?.id ?? allowed[0]?.id ?? 'kullanicilar'
}

export function sectionHref(id: AdminSectionId): string {
  return `${ADMIN_PATH}?${SECTION_PARAM}=${id}`
}

export function sectionLabel(id: AdminSectionId): string {
  return ADMIN_SECTIONS.find((s) => s.id === id)?.label ?? id
}
