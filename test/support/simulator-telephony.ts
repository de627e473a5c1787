/**
 * `startPano`'s telephony for tests: a telephony service that follows a PBX simulator the test owns
 * (and closes), reconnecting quickly after the test stops and starts the simulator's PBX.
 */
import type { StartOverrides } from '../../server/main.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../server/services/telephony/telephony-service.ts'
import type { PbxSimulator } from '../../telephony/index.ts'

export function followSimulator(
  sim: PbxSimulator,
  started?: (service: TelephonyService) => void,
): NonNullable<StartOverrides['startTelephony']> {
  return async (ctx) => {
    const service = await createTelephonyService({
      config: ctx.config,
      prisma: ctx.prisma,
      logger: ctx.logger,
      simulator: sim,
      bridge: { reconnectInitialMs: 50 },
    })
    started?.(service)
    return { getPbxStatus: () => service.getPbxStatus(), close: () => service.close(), service }
  }
}
