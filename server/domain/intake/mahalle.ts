/**
 * Karşıyaka's mahalleler, for the public form's optional neighbourhood list (docs/intake.md §2).
 *
 * Source: the mahalle names of Karşıyaka ilçesi as the municipality and the district's entries list them
 * after Bayraklı was split off (Law 5747, 2008) and the villages Sancaklı and Yamanlar became mahalleler
 * (Law 6360, 2012). Not checked against the Adrese Dayalı Nüfus Kayıt Sistemi's current list: the
 * directorate should confirm it there, and a change is a one-line edit here. The form also accepts no
 * mahalle at all, so a missing name never stops an application.
 */
export const KARSIYAKA_MAHALLELERI = [
  'Aksoy',
  'Alaybey',
  'Anadolu',
  'Atakent',
  'Bahariye',
  'Bahçelievler',
  'Bahriye Üçok',
  'Bostanlı',
  'Cumhuriyet',
  'Dedebaşı',
  'Demirköprü',
  'Donanmacı',
  'Fikri Altay',
  'Goncalar',
  'Gümüşpala',
  'Imbatlı',
  'İnönü',
  'Latife Hanım',
  'Mavişehir',
  'Mustafa Kemal',
  'Nergiz',
  'Örnekköy',
  'Sahilevleri',
  'Sancaklı',
  'Şemikler',
  'Tersane',
  'Tuna',
  'Yalı',
  'Yamanlar',
  'Zübeyde Hanım',
] as const

export type Mahalle = (typeof KARSIYAKA_MAHALLELERI)[number]

const KNOWN = new Set<string>(KARSIYAKA_MAHALLELERI)

export function isKarsiyakaMahalle(name: string): name is Mahalle {
  return KNOWN.has(name)
}
