/**
 * `GET /api/v1/calls/:id/recording`: a call's recording for the browser's audio player
 * (docs/recordings.md §3). Supervisors and the data officer only (RECORDING_ROLES). Range requests are
 * answered with 206 and Content-Range by Express's `res.sendFile` (the `send` package), a range past the
 * end with a JSON 416 `range_not_satisfiable` that gives the file's size in Content-Range; the audio is
 * sent inline, never as an attachment, and is not cached. Every listen is in the access log before a
 * byte goes out (recording-playback.ts); a file that is missing, unreadable or deleted by retention is
 * answered with a Turkish message (404 / 410) the player shows.
 */
import { Router, type Response } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { RECORDING_ROLES } from '../../contract/recordings.ts'
import { AppError, UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import {
  openCallRecording,
  recordRecordingListen,
  type RecordingPlaybackDeps,
} from '../../services/recordings/recording-playback.ts'
import '../request-context.ts'

const params = z.object({ id: idField() })

// A range past the end: 416 with `Content-Range: bytes */<size>` (RFC 9110 §15.5.17), in Turkish.
function rangeNotSatisfiable(size: number): AppError {
  return new AppError(416, 'range_not_satisfiable', 'İstenen bölüm ses kaydının dışında.', {
    headers: { 'Content-Range': `bytes */${size}` },
  })
}

function sendFile(res: Response, path: string, size: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Names are checked before (recording-store.ts), so dotted folders above RECORDINGS_DIR are allowed.
    res.sendFile(path, { acceptRanges: true, cacheControl: false, dotfiles: 'allow' }, (err) => {
      // A listener who closes the player mid-file is not an error of the server.
      if (!err || res.headersSent) {
        resolve()
        return
      }
      // Nothing went out: the error is answered as JSON, not as the audio these headers announced.
      res.removeHeader('Content-Type')
      res.removeHeader('Content-Disposition')
      // `send` decides (If-Range included) and reports a range past the end as a 416 http-error.
      reject((err as { status?: unknown }).status === 416 ? rangeNotSatisfiable(size) : err)
    })
  })
}

export function recordingRoutes(deps: RecordingPlaybackDeps): Router {
  const router = Router()
  router.get('/calls/:id/recording', requireRole(...RECORDING_ROLES), async (req, res) => {
    const { id } = params.parse(req.params)
    const p = req.principal
    if (p === undefined) throw new UnauthorizedError()
    const { recording, citizenId } = await openCallRecording(deps, id)
    const ranges = req.range(recording.size, { combine: true })
    // -1: not satisfiable (send answers 416, nothing is heard); -2 or several ranges: the whole file.
    const one =
      Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0] : undefined
    if (req.method !== 'HEAD' && ranges !== -1)
      await recordRecordingListen(
        deps,
        actorFromUser(p, req.ip),
        { id, citizenId },
        one === undefined ? null : { start: one.start, end: one.end },
      )
    res.setHeader('Content-Type', recording.type)
    res.setHeader('Content-Disposition', `inline; filename="${recording.fileName}"`)
    res.setHeader('Cache-Control', 'private, no-store')
    await sendFile(res, recording.path, recording.size)
  })
  return router
}
