/**
 * The layers' import boundaries hold because ESLint fails on a violation (tools/eslint/import-boundaries.js):
 * the project's own configuration lints fixture code as if it stood in real server files, and must
 * refuse a deep telephony import and a service importing from a route, while allowing the public face
 * and the server's own telephony service.
 */
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const eslint = new ESLint({ cwd: ROOT })

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('pano/') === true)
    .map((m) => `${m.ruleId ?? ''}: ${m.message}`)
}

const SERVICE = 'server/services/reports/report-service.ts'

describe('import boundaries', () => {
  it('refuses a server file reaching past telephony/index.ts', async () => {
    const errors = await boundaryErrors(
      SERVICE,
      "import { statsOver } from '../../../telephony/stats/report.ts'\nexport const f = statsOver\n",
    )
    expect(errors).toEqual([
      'pano/telephony-through-index: Import the telephony layer through telephony/index.ts, not telephony/stats/report.ts.',
    ])
  })

  it('refuses a re-export past the index too', async () => {
    const errors = await boundaryErrors(
      SERVICE,
      "export { reduce } from '../../../telephony/state/reducer.ts'\n",
    )
    expect(errors).toHaveLength(1)
  })

  it('refuses a service importing from an HTTP route', async () => {
    const errors = await boundaryErrors(
      'server/services/telephony/telephony-service.ts',
      "import type { HealthView } from '../../http/routes/health.ts'\nexport type H = HealthView\n",
    )
    expect(errors).toEqual([
      'pano/no-route-imports: Services do not import from HTTP routes (server/http/routes/health.ts): put what both need in server/contract/.',
    ])
  })

  it('allows the public face, the server’s own telephony service and the contract', async () => {
    const errors = await boundaryErrors(
      SERVICE,
      [
        "import { statsOver } from '../../../telephony/index.ts'",
        "import { pbxError } from '../telephony/control-errors.ts'",
        "import type { PbxStatus } from '../../contract/health.ts'",
        'export const f = [statsOver, pbxError]',
        'export type P = PbxStatus',
        '',
      ].join('\n'),
    )
    expect(errors).toEqual([])
  })

  it('lets the app’s composition import routes (only services are kept from them)', async () => {
    const errors = await boundaryErrors(
      'server/app.ts',
      "import { healthRoutes } from './http/routes/health.ts'\nexport const h = healthRoutes\n",
    )
    expect(errors).toEqual([])
  })
})
