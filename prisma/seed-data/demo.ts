import { DEMO_QUEUES } from '../../telephony/demo-pbx-plan.ts'

/**
 * Demo data for the embedded first start (docs/design.md §2.7): only seeded when nothing is configured.
 * Every demo user's password is `demo`.
 */
export const DEMO_PASSWORD = 'demo'

export interface DemoUserSeed {
  readonly username: string
  readonly displayName: string
  readonly role: 'AGENT' | 'OPERATOR' | 'UNIT' | 'SUPERVISOR' | 'ADMIN' | 'KVKK'
  readonly unitCode: string | null
  readonly memberInterface: string | null
  readonly extension: string | null
  /** Unit reminders and escalations go here (the demo's mails stay in the built-in sink). */
  readonly email?: string
  readonly unitDigest?: boolean
}

function queueMembers(queueName: string, role: 'AGENT' | 'OPERATOR'): DemoUserSeed[] {
  const queue = DEMO_QUEUES.find((q) => q.name === queueName)
  if (!queue) throw new Error(`demo PBX plan has no queue ${queueName}`)
  return queue.members.map((m) => ({
    username: m.username,
    displayName: m.memberName,
    role,
    unitCode: 'halkla-iliskiler',
    memberInterface: m.interface,
    extension: m.extension,
  }))
}

export const DEMO_USERS: readonly DemoUserSeed[] = [
  {
    username: 'admin',
    displayName: 'Sistem Yöneticisi',
    role: 'ADMIN',
    unitCode: 'bilgi-islem',
    memberInterface: null,
    extension: null,
  },
  {
    username: 'mudur',
    displayName: 'Halkla İlişkiler Müdürü',
    role: 'SUPERVISOR',
    unitCode: 'halkla-iliskiler',
    email: 'mudur@ornek.karsiyaka.test',
    memberInterface: null,
    // The müdür's own phone: listen / whisper / barge ring it first (docs/decisions/018-*).
    extension: '1009',
  },
  {
    username: 'kvkk',
    displayName: 'KVKK Sorumlusu',
    role: 'KVKK',
    unitCode: 'halkla-iliskiler',
    memberInterface: null,
    extension: null,
  },
  ...queueMembers('cagri-merkezi', 'AGENT'),
  ...queueMembers('santral', 'OPERATOR'),
  {
    username: 'fen',
    displayName: 'Fen İşleri Birim Sorumlusu',
    role: 'UNIT',
    unitCode: 'fen-isleri',
    email: 'fen@ornek.karsiyaka.test',
    unitDigest: true,
    memberInterface: null,
    extension: '2101',
  },
  {
    username: 'zabita',
    displayName: 'Zabıta Birim Sorumlusu',
    role: 'UNIT',
    unitCode: 'zabita',
    email: 'zabita@ornek.karsiyaka.test',
    memberInterface: null,
    extension: '2102',
  },
]

export interface DemoTicketSeed {
  readonly type: 'ISTEK' | 'SIKAYET' | 'ONERI' | 'BILGI_EDINME' | 'TESEKKUR'
  readonly channel: 'CAGRI_MERKEZI' | 'SANTRAL' | 'WHATSAPP' | 'WEB' | 'MASA'
  readonly unitCode: string
  readonly subject: string
  readonly description: string
  readonly status: 'YENI' | 'BIRIME_HAVALE' | 'ISLEMDE'
  /** Working days before the seed's `now` the ticket came in (0: today). */
  readonly ageDays: number
  /** Working days after receipt it is due: the close of office hours on that day. */
  readonly dueInDays: number
}

export interface DemoCitizenSeed {
  readonly fullName: string
  readonly mahalle: string
  readonly phones: readonly string[]
  readonly email?: string
  readonly tickets: readonly DemoTicketSeed[]
}

/** Callers the simulator can dial in with (phones[0]) so the screen pop finds a record. */
export const DEMO_CITIZENS: readonly DemoCitizenSeed[] = [
  {
    fullName: 'Hatice Arslan',
    mahalle: 'Bostanlı',
    phones: ['+905321112233'],
    tickets: [
      {
        type: 'SIKAYET',
        channel: 'CAGRI_MERKEZI',
        unitCode: 'temizlik-isleri',
        subject: 'Çöp konteyneri boşaltılmadı',
        description: 'Cemal Gürsel Caddesi 512. sokak girişindeki konteyner üç gündür boşaltılmadı.',
        status: 'BIRIME_HAVALE',
        ageDays: 2,
        dueInDays: 3,
      },
    ],
  },
  {
    fullName: 'Mustafa Kılıç',
    mahalle: 'Mavişehir',
    phones: ['+905334445566', '+902323681234'],
    email: 'mustafa.kilic@example.com',
    tickets: [
      {
        type: 'ISTEK',
        channel: 'CAGRI_MERKEZI',
        unitCode: 'fen-isleri',
        subject: 'Kaldırım taşları kırık',
        description: 'Mavişehir 2. etap önündeki kaldırımda kırık taşlar yaşlılar için tehlike oluşturuyor.',
        status: 'ISLEMDE',
        ageDays: 6,
        dueInDays: 5,
      },
      {
        type: 'ISTEK',
        channel: 'WHATSAPP',
        unitCode: 'park-bahceler',
        subject: 'Parktaki salıncak onarımı',
        description: 'Sahil parkındaki çocuk salıncağının zinciri kopmuş.',
        status: 'YENI',
        ageDays: 0,
        dueInDays: 5,
      },
    ],
  },
  {
    fullName: 'Elif Yıldız',
    mahalle: 'Alaybey',
    phones: ['+905427778899'],
    tickets: [
      {
        type: 'SIKAYET',
        channel: 'SANTRAL',
        unitCode: 'zabita',
        subject: 'Kaldırım işgali',
        description: 'Alaybey çarşısında bir işletme kaldırımı masa ve sandalyelerle kapatıyor.',
        status: 'BIRIME_HAVALE',
        ageDays: 1,
        dueInDays: 3,
      },
    ],
  },
  {
    fullName: 'Osman Demirtaş',
    mahalle: 'Örnekköy',
    phones: ['+905051234567'],
    tickets: [
      {
        type: 'ISTEK',
        channel: 'MASA',
        unitCode: 'veteriner-isleri',
        subject: 'Yaralı sokak köpeği',
        description: 'Örnekköy camii yanında arka ayağı yaralı bir köpek var.',
        status: 'ISLEMDE',
        ageDays: 0,
        dueInDays: 2,
      },
    ],
  },
  {
    fullName: 'Selin Aktaş',
    mahalle: 'Nergiz',
    phones: ['+905069876543'],
    tickets: [],
  },
]
