import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createClientAddress } from '../../../server/http/client-address.ts'

const request = (peer: string, forwardedFor?: string) =>
  ({
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
  }) as unknown as IncomingMessage

describe('the client address of a request Express does not see (TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted, so a client cannot pick its address', () => {
    expect(createClientAddress(false)(request('203.0.113.5', '198.51.100.1'))).toBe('203.0.113.5')
    expect(createClientAddress('loopback')(request('203.0.113.5', '198.51.100.1'))).toBe('203.0.113.5')
  })

  it('takes the address the trusted proxy saw, not what the client wrote before it', () => {
    const behindLoopback = createClientAddress('loopback, 10.0.0.0/8')
    expect(behindLoopback(request('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1')
    // The client wrote 192.0.2.9 itself; the proxy appended the address it saw.
    expect(behindLoopback(request('127.0.0.1', '192.0.2.9, 198.51.100.1'))).toBe('198.51.100.1')
    expect(behindLoopback(request('127.0.0.1', '192.0.2.9, 10.1.2.3'))).toBe('192.0.2.9')
  })

  it('reads a hop count and true as Express does', () => {
    expect(createClientAddress(1)(request('127.0.0.1', '192.0.2.9, 198.51.100.1'))).toBe('198.51.100.1')
    expect(createClientAddress(true)(request('127.0.0.1', '192.0.2.9, 198.51.100.1'))).toBe('192.0.2.9')
  })
})
