import { describe, expect, it } from 'vitest'
import { prettyDestinationForTty } from '../../../server/logger.ts'
import { captureLogger } from './log-capture.ts'

describe('createLogger', () => {
  it('redacts AMI secrets, cookies, authorization headers, passwords and tokens', () => {
    const { logger, lines } = captureLogger()
    logger.info(
      {
        req: { headers: { cookie: 'pano_session=abc', authorization: 'Bearer xyz', 'x-csrf-token': 'c' } },
        body: { username: 'agent1', password: 'demo' },
        config: { ami: { pbxs: [{ id: 'main', host: 'pbx', secret: 'amipass' }] } },
        token: 'raw-token',
      },
      'hello',
    )
    const text = JSON.stringify(lines())
    for (const secret of ['pano_session=abc', 'Bearer xyz', 'demo', 'amipass', 'raw-token', '"c"']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('agent1')
    expect(text).toContain('"host":"pbx"')
    expect(text).toContain('[redacted]')
  })

  it('carries the module name on child loggers and honours the level', () => {
    const { logger, lines } = captureLogger('info')
    const child = logger.child({ module: 'auth' })
    child.debug('hidden')
    child.info('shown')
    expect(lines()).toHaveLength(1)
    expect(lines()[0]).toMatchObject({ module: 'auth', msg: 'shown', app: 'pano' })
  })

  it('is plain JSON unless stdout is a terminal', async () => {
    expect(await prettyDestinationForTty({ isTTY: false })).toBeUndefined()
    expect(await prettyDestinationForTty({})).toBeUndefined()
    expect(await prettyDestinationForTty({ isTTY: true })).toBeDefined()
  })
})
