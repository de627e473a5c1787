/**
 * The dial plan of the built-in PBX simulator, matching the Asterisk 22 lab captures
 * (test/transcripts/asterisk-22-lab/README.md). The seed maps demo users and units onto it, so the
 * simulator's queue members are Pano's demo agents and operators.
 */
export interface PlanMember {
  /** Queue member interface as Asterisk reports it. */
  readonly interface: string
  readonly memberName: string
  /** Demo username mapped to this member. */
  readonly username: string
  readonly extension: string
}

export interface PlanQueue {
  readonly name: string
  readonly label: string
  readonly kind: 'CALL_CENTRE' | 'SWITCHBOARD'
  readonly strategy: 'rrmemory' | 'ringall'
  readonly serviceLevelSec: number
  readonly ringTimeoutSec: number
  readonly wrapUpSec: number
  readonly members: readonly PlanMember[]
}

export interface PlanExtension {
  readonly number: string
  /** Unit code (see prisma/seed-data) this extension belongs to. */
  readonly unitCode: string
  readonly label: string
  readonly personName?: string
  /** Device whose state drives the directory light. */
  readonly device: string
}

/** The simulator's own PBX id: never `main`, the id a real single PBX gets. */
export const DEMO_PBX_ID = 'demo'
export const DEPARTMENTS_CONTEXT = 'departments'

export const DEMO_QUEUES: readonly PlanQueue[] = [
  {
    name: 'cagri-merkezi',
    label: '444 1 575 Çağrı Merkezi',
    kind: 'CALL_CENTRE',
    strategy: 'rrmemory',
    serviceLevelSec: 20,
    ringTimeoutSec: 10,
    wrapUpSec: 5,
    members: [
      { interface: 'Local/1001@agents/n', memberName: 'Ayşe Yılmaz', username: 'agent1', extension: '1001' },
      {
        interface: 'Local/1002@agents/n',
        memberName: 'Mehmet Öztürk',
        username: 'agent2',
        extension: '1002',
      },
      { interface: 'Local/1003@agents/n', memberName: 'Zeynep Çelik', username: 'agent3', extension: '1003' },
      { interface: 'Local/1004@agents/n', memberName: 'Emre Şahin', username: 'agent4', extension: '1004' },
      { interface: 'Local/1005@agents/n', memberName: 'Gülşen Doğan', username: 'agent5', extension: '1005' },
    ],
  },
  {
    name: 'santral',
    label: 'Santral',
    kind: 'SWITCHBOARD',
    strategy: 'ringall',
    serviceLevelSec: 30,
    ringTimeoutSec: 15,
    wrapUpSec: 0,
    members: [
      {
        interface: 'Local/3001@operators/n',
        memberName: 'Operatör Fatma Kaya',
        username: 'santral1',
        extension: '3001',
      },
      {
        interface: 'Local/3002@operators/n',
        memberName: 'Operatör Ali Demir',
        username: 'santral2',
        extension: '3002',
      },
    ],
  },
]

/** Unit extensions in context `departments` (transfer targets with live lights). */
export const DEMO_EXTENSIONS: readonly PlanExtension[] = [
  { number: '2001', unitCode: 'fen-isleri', label: 'Fen İşleri Müdürlüğü', device: 'PJSIP/2001' },
  { number: '2002', unitCode: 'zabita', label: 'Zabıta Müdürlüğü', device: 'PJSIP/2002' },
  { number: '2003', unitCode: 'temizlik-isleri', label: 'Temizlik İşleri Müdürlüğü', device: 'PJSIP/2003' },
  { number: '2004', unitCode: 'park-bahceler', label: 'Park ve Bahçeler Müdürlüğü', device: 'PJSIP/2004' },
  {
    number: '2005',
    unitCode: 'imar-sehircilik',
    label: 'İmar ve Şehircilik Müdürlüğü',
    device: 'PJSIP/2005',
  },
  { number: '2006', unitCode: 'veteriner-isleri', label: 'Veteriner İşleri Müdürlüğü', device: 'PJSIP/2006' },
  { number: '2007', unitCode: 'mali-hizmetler', label: 'Mali Hizmetler Müdürlüğü', device: 'PJSIP/2007' },
  {
    number: '2008',
    unitCode: 'sosyal-destek',
    label: 'Sosyal Destek Hizmetleri Müdürlüğü',
    device: 'PJSIP/2008',
  },
  {
    number: '2009',
    unitCode: 'kultur-sosyal',
    label: 'Kültür ve Sosyal İşler Müdürlüğü',
    device: 'PJSIP/2009',
  },
  {
    number: '2010',
    unitCode: 'destek-hizmetleri',
    label: 'Destek Hizmetleri Müdürlüğü',
    device: 'PJSIP/2010',
  },
  { number: '2011', unitCode: 'halkla-iliskiler', label: 'Halkla İlişkiler Müdürlüğü', device: 'PJSIP/2011' },
  {
    number: '2012',
    unitCode: 'ulasim-hizmetleri',
    label: 'Ulaşım Hizmetleri Müdürlüğü',
    device: 'PJSIP/2012',
  },
  {
    number: '2013',
    unitCode: 'iklim-cevre',
    label: 'İklim Değişikliği ve Sıfır Atık Müdürlüğü',
    device: 'PJSIP/2013',
  },
  { number: '2014', unitCode: 'emlak-istimlak', label: 'Emlak ve İstimlak Müdürlüğü', device: 'PJSIP/2014' },
  { number: '2015', unitCode: 'ruhsat-denetim', label: 'Ruhsat ve Denetim Müdürlüğü', device: 'PJSIP/2015' },
  {
    number: '2101',
    unitCode: 'fen-isleri',
    label: 'Fen İşleri – Yol Bakım Şefliği',
    personName: 'Hasan Aydın',
    device: 'PJSIP/2101',
  },
  {
    number: '2102',
    unitCode: 'zabita',
    label: 'Zabıta – Nöbetçi Amir',
    personName: 'Murat Koç',
    device: 'PJSIP/2102',
  },
]
