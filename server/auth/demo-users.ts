import { ROLE_LABELS } from '../contract/auth.ts'
import { roleFromDatabase } from './principal.ts'

/** Every demo account signs in with this password (prisma/seed.ts). */
export const DEMO_PASSWORD = 'demo'

export interface DemoUserRow {
  username: string
  displayName: string
  role: string
  unit: { name: string } | null
}

/** The table printed at the first demo start, so a new user knows how to sign in. */
export function formatDemoUsers(users: readonly DemoUserRow[]): string {
  const rows = users.map((u) => [
    u.username,
    ROLE_LABELS[roleFromDatabase(u.role)],
    u.displayName,
    u.unit?.name ?? '',
  ])
  const header = ['Kullanıcı adı', 'Rol', 'Ad Soyad', 'Birim']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)))
  const line = (cells: string[]) => `  │ ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ')} │`
  const rule = (l: string, m: string, r: string) =>
    `  ${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`
  return [
    '',
    `  Pano demo modunda. Demo kullanıcılarının hepsinin parolası: ${DEMO_PASSWORD}`,
    rule('┌', '┬', '┐'),
    line(header),
    rule('├', '┼', '┤'),
    ...rows.map(line),
    rule('└', '┴', '┘'),
    '',
    '',
  ].join('\n')
}
