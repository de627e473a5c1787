/**
 * The Hızlı Çözüm Masaları of the Halkla İlişkiler Müdürlüğü regulation (Görev ve Çalışma Yönetmeliği,
 * md. 6), with the regulation's own names. The desks are staffed by the directorate; `unitCode` is
 * the unit whose matters a desk resolves on the spot (its default routing), null when it serves all.
 */
export interface DeskSeed {
  readonly code: string
  readonly name: string
  readonly unitCode: string | null
}

export const DESKS: readonly DeskSeed[] = [
  { code: 'karsilama', name: 'Karşılama', unitCode: null },
  { code: 'santral', name: 'Santral', unitCode: null },
  { code: 'tahakkuk', name: 'Tahakkuk Masası', unitCode: 'mali-hizmetler' },
  { code: 'zabita', name: 'Zabıta Masası', unitCode: 'zabita' },
  { code: 'engelsiz', name: 'Engelsiz Masa', unitCode: 'sosyal-destek' },
  { code: 'resmi-dilekce', name: 'Resmi Dilekçe Masası', unitCode: null },
  { code: 'can-dostlar', name: 'Can Dostlar Masası', unitCode: 'veteriner-isleri' },
  { code: 'esnaf', name: 'Esnaf Masası', unitCode: 'ruhsat-denetim' },
  { code: 'kaydem', name: 'KAYDEM Masası', unitCode: null },
]
