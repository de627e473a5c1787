/**
 * Yönetim's sections and their addresses: `/yonetim?bolum=<id>`, so a section can be linked and survives
 * a reload. Pure.
 */
export const ADMIN_SECTIONS = [
  { id: 'kullanicilar', label: 'Kullanıcılar' },
  { id: 'santral', label: 'Santral' },
  { id: 'api-anahtarlari', label: 'API anahtarları' },
  { id: 'tv-anahtarlari', label: 'TV anahtarları' },
  { id: 'esikler', label: 'Eşikler' },
  { id: 'rehber', label: 'Birimler ve rehber' },
  { id: 'tatiller', label: 'Tatiller ve mesai' },
  { id: 'basvurular', label: 'Başvuru kanalları' },
] as const

export type AdminSectionId = (typeof ADMIN_SECTIONS)[number]['id']

export const ADMIN_PATH = '/yonetim'
export const SECTION_PARAM = 'bolum'
const DEFAULT_SECTION: AdminSectionId = 'kullanicilar'

/** The section a query string names; the first section when it names none or an unknown one. */
export function sectionFromSearch(search: string): AdminSectionId {
  const asked = new URLSearchParams(search).get(SECTION_PARAM)?.trim().toLowerCase() ?? ''
  return ADMIN_SECTIONS.find((s) => s.id === asked)?.id ?? DEFAULT_SECTION
}

export function sectionHref(id: AdminSectionId): string {
  return `${ADMIN_PATH}?${SECTION_PARAM}=${id}`
}

export function sectionLabel(id: AdminSectionId): string {
  return ADMIN_SECTIONS.find((s) => s.id === id)?.label ?? id
}
