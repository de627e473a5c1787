/**
 * What `npm start` prints for the person who started it: where Pano answers, in which mode and why,
 * what it runs on, and what to do next (the first admin). Plain text, not a log line: the logs follow
 * as JSON (or coloured on a terminal).
 */
export interface StartupFacts {
  version: string
  url: string
  mode: 'demo' | 'production'
  modeReason: string
  database: { kind: 'postgres' | 'pglite'; where: string }
  pbxs: ReadonlyArray<{ id: string; simulated: boolean; target: string }>
  redis: boolean
  warnings: readonly string[]
  /** What became of the first admin (production), or null. */
  firstAdmin: string | null
}

export function formatStartupMessage(f: StartupFacts): string {
  const rows: Array<[string, string]> = [
    ['Kip', `${f.mode === 'demo' ? 'tanıtım (demo)' : 'üretim'}: ${f.modeReason}`],
    [
      'Veritabanı',
      f.database.kind === 'postgres'
        ? `PostgreSQL (${f.database.where})`
        : `gömülü PGlite (${f.database.where})`,
    ],
    [
      'Santral',
      f.pbxs.length === 0
        ? 'yapılandırılmamış (AMI_HOST veya AMI_PBXS)'
        : f.pbxs
            .map((p) =>
              p.simulated ? `${p.id}: yerleşik simülatör, çağrılar gerçek değil` : `${p.id}: ${p.target}`,
            )
            .join('; '),
    ],
    ['Redis', f.redis ? 'bağlı (birden çok düğüm olabilir)' : 'yok (tek düğüm)'],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  const lines = [
    '',
    `Pano ${f.version} çalışıyor: ${f.url}`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ]
  if (f.warnings.length > 0) lines.push('', ...f.warnings.map((w) => `  UYARI: ${w}`))
  if (f.firstAdmin !== null) lines.push('', `  ${f.firstAdmin}`)
  lines.push('', 'Durdurmak için Ctrl+C (veya SIGTERM).', '')
  return lines.join('\n') + '\n'
}
