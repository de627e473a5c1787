/**
 * The recordings folder on disk (docs/recordings.md §4). Every name is checked by the pure rules of
 * server/domain/recording-name.ts first, then resolved and checked again to stay inside the folder,
 * symbolic links included (the real path of the file must be under the real path of the folder), so
 * no name a PBX, a database row or a request carries can reach another file.
 */
import { lstat, open as openFile, realpath, stat, unlink } from 'node:fs/promises'
import { relative, resolve, sep } from 'node:path'
import { recordingTypeOf } from '../../domain/recording-name.ts'

export type OpenedRecording =
  | { kind: 'file'; path: string; size: number; type: string }
  /** The name is not one Pano serves, or it leads outside the folder. */
  | { kind: 'refused' }
  | { kind: 'missing' }
  /** It is there but cannot be read (permissions, a folder, a device). */
  | { kind: 'unreadable'; reason: string }

export type RemovedRecording = 'deleted' | 'absent' | 'refused' | { failed: string }

export interface RecordingStore {
  readonly dir: string
  open(name: string): Promise<OpenedRecording>
  remove(name: string): Promise<RemovedRecording>
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep)
}

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'error'

export function createRecordingStore(dir: string): RecordingStore {
  const root = resolve(dir)

  /** The checked absolute path of a name, or null when it is refused. */
  function pathOf(name: string): string | null {
    if (recordingTypeOf(name) === null) return null
    const path = resolve(root, name)
    return inside(root, path) ? path : null
  }

  return {
    dir: root,
    async open(name) {
      const path = pathOf(name)
      const type = recordingTypeOf(name)
      if (path === null || type === null) return { kind: 'refused' }
      let real: string
      let realRoot: string
      try {
        realRoot = await realpath(root)
        real = await realpath(path)
      } catch (err) {
        const code = codeOf(err)
        return code === 'ENOENT' || code === 'ENOTDIR'
          ? { kind: 'missing' }
          : { kind: 'unreadable', reason: code }
      }
      if (!inside(realRoot, real)) return { kind: 'refused' }
      try {
        const s = await stat(real)
        if (!s.isFile()) return { kind: 'unreadable', reason: 'not a file' }
        // Opening proves the permission; the stream is made by the HTTP layer.
        await (await openFile(real, 'r')).close()
        return { kind: 'file', path: real, size: s.size, type }
      } catch (err) {
        return { kind: 'unreadable', reason: codeOf(err) }
      }
    },
    async remove(name) {
      const path = pathOf(name)
      if (path === null) return 'refused'
      try {
        const s = await lstat(path)
        if (!s.isFile()) return { failed: 'not a file' }
        const realRoot = await realpath(root)
        if (!inside(realRoot, await realpath(path))) return 'refused'
        await unlink(path)
        return 'deleted'
      } catch (err) {
        const code = codeOf(err)
        return code === 'ENOENT' ? 'absent' : { failed: code }
      }
    },
  }
}
