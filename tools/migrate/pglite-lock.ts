import { open, readFile, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * PGlite is single-process: two processes on one data directory corrupt it. A pid lock file next to
 * the directory turns that into a clear error (a lock whose process is gone is taken over).
 */
export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError'
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock for `dataDir` (its parent must exist); returns the release function. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${path.resolve(dataDir)}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(lockPath, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new DataDirBusyError(
          `The embedded database ${dataDir} is in use by another process (pid ${owner}). Stop it first.`,
        )
      }
      if (owner === process.pid) {
        throw new DataDirBusyError(`The embedded database ${dataDir} is already open in this process.`)
      }
      await rm(lockPath, { force: true })
    }
  }
  throw new DataDirBusyError(`Could not lock the embedded database ${dataDir}.`)
}
