/** The HTTP server's start and stop, and the password checks the sign-in uses. */
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PasswordVerifier } from '../auth/login.ts'
import { createRandomToken } from '../auth/tokens.ts'
import { hashPassword, needsRehash, verifyPassword } from '../db/index.ts'
import type { Realtime } from '../realtime/io.ts'

export async function passwordVerifier(): Promise<PasswordVerifier> {
  return {
    verify: (password, storedHash) => verifyPassword(password, storedHash),
    dummyHash: await hashPassword(createRandomToken()),
    needsRehash: (storedHash) => needsRehash(storedHash),
  }
}

export function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export function closeHttpServer(
  server: HttpServer,
  realtime: Pick<Realtime, 'disconnectLocal'>,
): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    // WebSocket connections left the HTTP server's hands at the upgrade, so neither call above ends
    // them and close() would wait for them forever: socket.io lets them go.
    realtime.disconnectLocal()
    // Requests still running get a moment, then their connections are cut.
    setTimeout(() => server.closeAllConnections(), 2_000).unref()
  })
}

/** `http://host:port` for the start-up message and tests: a wildcard address is reached on loopback. */
export function listeningUrl(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host
  return `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}`
}
