/**
 * A PBX in a process of its own, as a real Asterisk is another machine: the simulator, reached by Pano
 * only over AMI (AMI_HOST/AMI_PORT). The test drives it through IPC: place a call, stop.
 *
 *   const pbx = await startPbxProcess({ username: 'pano', secret: '…' })
 *   … AMI_PORT: String(pbx.port) …
 *   await pbx.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905321112233', ringMember: 'PJSIP/1001' })
 *   await pbx.close()
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { PlaceCallOptions } from '../../telephony/simulator/index.ts'

const CHILD = fileURLToPath(new URL('./pbx-process-child.ts', import.meta.url))

export interface PbxProcessOptions {
  username: string
  secret: string
  seed?: number
}

export interface PbxProcess {
  readonly port: number
  placeCall(call: PlaceCallOptions): Promise<void>
  close(): Promise<void>
}

function waitFor(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m)
    }
    const onExit = (code: number | null) => reject(new Error(`PBX process exited (${code}) before "${type}"`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

export async function startPbxProcess(options: PbxProcessOptions): Promise<PbxProcess> {
  const child = fork(CHILD, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  const { port } = await waitFor(child, 'listening')
  return {
    port: Number(port),
    async placeCall(call) {
      const done = waitFor(child, 'placed')
      child.send({ type: 'call', call })
      await done
    },
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await exited
    },
  }
}
