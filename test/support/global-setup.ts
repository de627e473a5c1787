import { execSync } from 'node:child_process'
import net from 'node:net'

/** Makes sure PostgreSQL and Redis answer on loopback before integration and e2e tests run. */
export default async function setup(): Promise<void> {
  await ensureListening(
    5432,
    'PostgreSQL',
    'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  )
  await ensureListening(
    6379,
    'Redis',
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp',
  )
}

async function ensureListening(port: number, name: string, startCommand: string): Promise<void> {
  if (await canConnect(port)) return
  try {
    execSync(startCommand, { stdio: 'ignore', shell: '/bin/bash' })
  } catch {
    // Reported below if the port still does not answer.
  }
  for (let i = 0; i < 50; i++) {
    if (await canConnect(port)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${name} does not answer on 127.0.0.1:${port} and could not be started (${startCommand})`)
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}
