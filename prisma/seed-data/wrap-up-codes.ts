/** What became of a call, chosen by the agent after it (Call.wrapUpCode). */
export interface WrapUpCodeSeed {
  readonly code: string
  readonly label: string
}

export const WRAP_UP_CODES: readonly WrapUpCodeSeed[] = [
  { code: 'bilgi-verildi', label: 'Bilgi verildi' },
  { code: 'talep-olusturuldu', label: 'Talep oluşturuldu' },
  { code: 'sikayet-kaydedildi', label: 'Şikâyet kaydedildi' },
  { code: 'oneri-tesekkur', label: 'Öneri / teşekkür kaydedildi' },
  { code: 'mevcut-talep-takibi', label: 'Mevcut başvurunun durumu soruldu' },
  { code: 'birime-aktarildi', label: 'Birime aktarıldı' },
  { code: 'kurum-disi', label: 'Kurum dışı konu, ilgili kuruma yönlendirildi' },
  { code: 'bilgi-edinme', label: 'Bilgi edinme başvurusu yönlendirildi' },
  { code: 'tekrar-arayacak', label: 'Vatandaş tekrar arayacak' },
  { code: 'geri-aranacak', label: 'Geri aranacak' },
  { code: 'yanlis-arama', label: 'Yanlış arama' },
  { code: 'sessiz-arama', label: 'Sessiz arama / hat düştü' },
  { code: 'kotu-niyetli', label: 'Kötü niyetli / taciz arama' },
]
