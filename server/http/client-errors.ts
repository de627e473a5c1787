/**
 * Requests Node's HTTP parser refuses before Express ever sees them: a request line or headers larger
 * than the limit (a 20 kB address), a request that is not HTTP, a request that took too long to arrive.
 * Node answers those with a bare status line and no body; here they get the error model's body
 * (docs/errors.md) in Turkish like every other refusal, so a client, a proxy's log or a person reading
 * the answer learns what went wrong. Written to the socket itself: there is no request or response yet.
 */
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ApiErrorBody } from '../contract/errors.ts'
import type { Logger } from '../logger.ts'

interface ClientErrorAnswer {
  readonly status: number
  readonly reason: string
  readonly code: string
  readonly message: string
}

/** What Node's parser says (`err.code`) → what the client is told. */
function answerFor(code: string | undefined): ClientErrorAnswer {
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      code: 'request_too_large',
      message: 'İsteğin adresi veya başlıkları çok uzun; daha kısa bir adresle yeniden deneyin.',
    }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      reason: 'Request Timeout',
      code: 'request_timeout',
      message: 'İstek zamanında tamamlanmadı; yeniden deneyin.',
    }
  return {
    status: 400,
    reason: 'Bad Request',
    code: 'bad_request',
    message: 'İstek okunamadı: geçerli bir HTTP isteği değil.',
  }
}

export function answerClientErrors(server: Server, logger: Logger): void {
  const log = logger.child({ module: 'http-client-errors' })
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
    // The client went away (or the socket is already answered): nothing can be written.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const answer = answerFor(err.code)
    const body: ApiErrorBody = {
      error: { code: answer.code, kind: 'invalid_input', message: answer.message },
    }
    const json = JSON.stringify(body)
    log.debug({ code: err.code, status: answer.status }, 'request refused by the HTTP parser')
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        json,
    )
  })
}
