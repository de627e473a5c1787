/**
 * Is what the board shows current? Not when the socket to Pano is down, nor when a PBX is not live
 * (connecting, resyncing, down): then the board says "Bağlantı koptu — veriler eski" and why.
 *
 * socket.io reconnects by itself after a dropped transport; a handshake the server refused (it was
 * restarting, the database was busy) is retried here with capped backoff, forever, because a TV on the
 * wall has nobody to press reload. Only a refused identity (expired session, revoked kiosk token)
 * stops the retries.
 */
import type { PbxStatusView } from '../../../../server/contract/views.ts'
import type { PanoSocket } from '../socket.ts'

export interface StatusSocket {
  readonly connected: boolean
  readonly active: boolean
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
  connect(): unknown
}

export const STALE_TITLE = 'Bağlantı koptu — veriler eski'
const RETRY_MIN_MS = 1_000
const RETRY_MAX_MS = 15_000

export class ConnectionStatus {
  connected = $state(false)
  /** The server refused who we are: sign in again / the kiosk token is not valid. */
  refused = $state<string | null>(null)
  /** Since when the socket is down (ms epoch); null while connected. */
  downSince = $state<number | null>(null)
  #socket: StatusSocket
  #now: () => number
  #retries = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(socket: StatusSocket | PanoSocket, now: () => number = Date.now) {
    this.#socket = socket as StatusSocket
    this.#now = now
    this.downSince = now()
  }

  start(): () => void {
    this.#socket.on('connect', this.#onConnect)
    this.#socket.on('disconnect', this.#onDisconnect)
    this.#socket.on('connect_error', this.#onConnectError)
    this.connected = this.#socket.connected
    return () => {
      if (this.#timer !== undefined) clearTimeout(this.#timer)
      this.#socket.off('connect', this.#onConnect)
      this.#socket.off('disconnect', this.#onDisconnect)
      this.#socket.off('connect_error', this.#onConnectError)
    }
  }

  /** Why the data is stale, or null when it is current. */
  staleReason(pbxs: readonly PbxStatusView[]): string | null {
    if (this.refused !== null) return this.refused
    if (!this.connected) return 'Pano sunucusuna ulaşılamıyor; yeniden bağlanılıyor…'
    const down = pbxs.filter((p) => p.state !== 'live')
    if (down.length > 0) {
      return `Santral bağlantısı yok (${down.map((p) => `${p.id}: ${PBX_STATE_LABELS[p.state]}`).join(', ')}); yeniden bağlanılıyor…`
    }
    return null
  }

  #onConnect = (): void => {
    this.connected = true
    this.refused = null
    this.downSince = null
    this.#retries = 0
  }

  #onDisconnect = (reason?: string): void => {
    this.connected = false
    this.downSince ??= this.#now()
    // socket.io does not reconnect after the server closed the socket itself (a revoked TV token, a
    // server shutting down); the next handshake says whether we are still welcome.
    if (reason === 'io server disconnect') this.#retryLater()
  }

  #onConnectError = (error: Error & { data?: { code?: string } }): void => {
    this.connected = false
    this.downSince ??= this.#now()
    if (error.data?.code === 'unauthorized') {
      this.refused = 'Bu ekranın erişim izni geçersiz: oturum sona ermiş ya da TV anahtarı iptal edilmiş.'
      return
    }
    // A refused handshake is not retried by socket.io itself (`active` is false then).
    if (this.#socket.active) return
    this.#retryLater()
  }

  #retryLater(): void {
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.#retries++)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined
        this.#socket.connect()
      },
      delay * (0.75 + Math.random() * 0.5),
    )
  }
}

export const PBX_STATE_LABELS: Record<PbxStatusView['state'], string> = {
  connecting: 'bağlanıyor',
  connected: 'bağlandı',
  resyncing: 'eşitleniyor',
  live: 'canlı',
  down: 'kapalı',
}
