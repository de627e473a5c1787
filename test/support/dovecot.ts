/**
 * A throwaway Dovecot (Debian's dovecot-imapd, installed by .ci/run) for the mailbox tests: its own
 * config, state and Maildir under a temporary directory, one passwd-file user, IMAP without TLS on a
 * loopback port. As root, Dovecot's own unprivileged users run the login and mail processes (it refuses
 * root for those); as any other user, everything runs as that user. Mails are put straight into the
 * Maildir (tmp/, then new/), as a delivery agent would, so a thousand of them take a moment.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p))
export const USER = 'pano'
export const PASSWORD = 'gizli-parola'

export interface TestDovecot {
  /** `imap://pano:…@127.0.0.1:<port>` */
  url: string
  /** Puts raw mails into the INBOX (new/), in this order. */
  deliver(mails: readonly (string | Buffer)[]): Promise<void>
  close(): Promise<void>
}

function idOf(name: string, flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, name]).toString().trim())
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('data', (d) => {
      socket.destroy()
      resolve(d.toString().startsWith('* OK'))
    })
    socket.once('error', () => resolve(false))
  })
}

export async function startDovecot(): Promise<TestDovecot> {
  if (DOVECOT === undefined)
    throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does this)')
  const root = await mkdtemp(path.join(tmpdir(), 'pano-dovecot-'))
  await chmod(root, 0o755)
  const asRoot = process.getuid?.() === 0
  const me = userInfo()
  const internal = asRoot ? 'dovecot' : me.username
  const login = asRoot ? 'dovenull' : me.username
  const mailUid = asRoot ? idOf('dovecot', '-u') : me.uid
  const mailGid = asRoot ? idOf('dovecot', '-g') : me.gid
  const home = path.join(root, 'mail', USER)
  const inbox = path.join(home, 'Maildir')
  for (const dir of ['new', 'cur', 'tmp']) await mkdir(path.join(inbox, dir), { recursive: true })
  await mkdir(path.join(root, 'run'))
  await mkdir(path.join(root, 'state'))
  const own = async (p: string) => {
    if (asRoot) await chown(p, mailUid, mailGid)
  }
  for (const p of [
    path.join(root, 'mail'),
    home,
    inbox,
    ...['new', 'cur', 'tmp'].map((d) => path.join(inbox, d)),
  ])
    await own(p)
  await writeFile(path.join(root, 'passwd'), `${USER}:{PLAIN}${PASSWORD}::::::\n`)
  const port = await freePort()
  const config = path.join(root, 'dovecot.conf')
  await writeFile(
    config,
    `base_dir = ${root}/run
state_dir = ${root}/state
instance_name = pano-test-${randomBytes(4).toString('hex')}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${root}/dovecot.log
default_internal_user = ${internal}
default_internal_group = ${internal}
default_login_user = ${login}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${root}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${root}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
`,
  )
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', config], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  for (let attempt = 0; !(await greets(port)); attempt++) {
    if (attempt > 100 || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`Dovecot did not start; see ${root}/dovecot.log`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  let sequence = 0
  return {
    url: `imap://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
    async deliver(mails) {
      for (const mail of mails) {
        const name = `${Date.now()}.M${String(sequence++).padStart(6, '0')}P${process.pid}.pano-test`
        // Written in tmp/ and renamed into new/, as Maildir asks, so Dovecot never sees half a mail.
        const draft = path.join(inbox, 'tmp', name)
        await writeFile(draft, typeof mail === 'string' ? mail.replace(/\r?\n/g, '\r\n') : mail)
        await own(draft)
        await rename(draft, path.join(inbox, 'new', name))
      }
    },
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      await rm(root, { recursive: true, force: true })
    },
  }
}
