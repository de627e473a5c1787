import { DEMO_EXTENSIONS } from '../../telephony/demo-pbx-plan.ts'

/**
 * Karşıyaka Belediyesi's müdürlükler a citizen's request can be routed to. Codes are stable ids: the
 * demo PBX plan (telephony/demo-pbx-plan.ts) refers to them, so those keep exactly its codes and labels.
 *
 * Not here on purpose: water and sewerage (İZSU), city buses and ferries (ESHOT, İzdeniz), electricity
 * (Gediz) and natural gas (İzmirgaz) are İzmir Büyükşehir or private concerns, not the district
 * municipality's; agents refer those callers on (see EXTERNAL_INSTITUTIONS and the wrap-up code
 * `kurum-disi`).
 */
export interface UnitSeed {
  readonly code: string
  readonly name: string
}

const OTHER_UNITS: readonly UnitSeed[] = [
  { code: 'yazi-isleri', name: 'Yazı İşleri Müdürlüğü' },
  { code: 'insan-kaynaklari', name: 'İnsan Kaynakları ve Eğitim Müdürlüğü' },
  { code: 'bilgi-islem', name: 'Bilgi İşlem Müdürlüğü' },
  { code: 'hukuk-isleri', name: 'Hukuk İşleri Müdürlüğü' },
  { code: 'afet-isleri', name: 'Afet İşleri Müdürlüğü' },
  { code: 'kentsel-donusum', name: 'Kentsel Dönüşüm Müdürlüğü' },
  { code: 'strateji-gelistirme', name: 'Strateji Geliştirme Müdürlüğü' },
  { code: 'kadin-aile', name: 'Kadın ve Aile Hizmetleri Müdürlüğü' },
  { code: 'genclik-spor', name: 'Gençlik ve Spor Hizmetleri Müdürlüğü' },
  { code: 'saglik-isleri', name: 'Sağlık İşleri Müdürlüğü' },
  { code: 'muhtarlik-isleri', name: 'Muhtarlık İşleri Müdürlüğü' },
  { code: 'plan-proje', name: 'Plan ve Proje Müdürlüğü' },
  { code: 'ozel-kalem', name: 'Özel Kalem Müdürlüğü' },
  { code: 'basin-yayin', name: 'Basın Yayın Müdürlüğü' },
  { code: 'dis-iliskiler', name: 'Dış İlişkiler ve Avrupa Birliği Müdürlüğü' },
  { code: 'teftis-kurulu', name: 'Teftiş Kurulu Müdürlüğü' },
  { code: 'makine-ikmal', name: 'Makine İkmal Bakım ve Onarım Müdürlüğü' },
  { code: 'etud-proje', name: 'Etüd ve Projeler Müdürlüğü' },
]

function unitsFromPlan(): UnitSeed[] {
  const seen = new Map<string, UnitSeed>()
  // The first extension of a unit is its switchboard line, labelled with the unit's name.
  for (const e of DEMO_EXTENSIONS)
    if (!seen.has(e.unitCode)) seen.set(e.unitCode, { code: e.unitCode, name: e.label })
  return [...seen.values()]
}

export const UNITS: readonly UnitSeed[] = [...unitsFromPlan(), ...OTHER_UNITS]

/** Where agents send callers whose matter is not the district municipality's. */
export const EXTERNAL_INSTITUTIONS: ReadonlyArray<{ name: string; topic: string; phone: string }> = [
  { name: 'İZSU Genel Müdürlüğü', topic: 'Su, kanalizasyon, su arızası', phone: '185' },
  { name: 'ESHOT Genel Müdürlüğü', topic: 'Otobüs seferleri, duraklar', phone: '0232 320 0 320' },
  { name: 'İzmir Büyükşehir Belediyesi', topic: 'Ana arterler, metro, vapur, itfaiye', phone: '153' },
  { name: 'Gediz Elektrik', topic: 'Elektrik kesintisi ve arızası', phone: '186' },
  { name: 'İzmirgaz', topic: 'Doğalgaz kaçağı ve arızası', phone: '187' },
]
