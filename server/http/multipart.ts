/**
 * Reading a multipart/form-data request with busboy and hard limits (docs/intake.md §4): at most
 * `maxFiles` files of `maxFileBytes` (a longer one is cut off and marked `truncated`), 30 fields of at
 * most 20 kB, 40 parts. Files stay in memory: the limits bound a request to about 15 MB, and the form's
 * address limit bounds the requests. Anything that is not multipart, or is malformed, is a 400.
 */
import busboy from 'busboy'
import type { Request } from 'express'
import { AppError } from '../errors.ts'
import type { IncomingFile } from '../services/intake/attachments.ts'

export interface MultipartBody {
  fields: Record<string, string>
  files: IncomingFile[]
  /** The request had more files than `maxFiles` (the rest were skipped unread). */
  tooManyFiles: boolean
  /** Fields whose value was longer than the field limit. */
  truncatedFields: string[]
}

const FIELD_LIMIT = 20_000

export function readMultipart(
  req: Request,
  limits: { maxFiles: number; maxFileBytes: number; fileField: string },
): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: limits.maxFileBytes,
          files: limits.maxFiles,
          fields: 30,
          fieldSize: FIELD_LIMIT,
          parts: 40,
        },
        defParamCharset: 'utf8',
      })
    } catch {
      reject(new AppError(400, 'multipart_required', 'Form multipart/form-data olarak gönderilmelidir.'))
      return
    }
    const body: MultipartBody = { fields: {}, files: [], tooManyFiles: false, truncatedFields: [] }
    /** Each file's bytes are complete only when its stream has ended, which may be after the parser's close. */
    const reading: Promise<void>[] = []
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) body.truncatedFields.push(name)
      if (!(name in body.fields)) body.fields[name] = value
    })
    parser.on('file', (name, stream, info) => {
      if (name !== limits.fileField) {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      const file: IncomingFile = { filename: info.filename, bytes: Buffer.alloc(0), truncated: false }
      body.files.push(file)
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => {
        file.truncated = true
      })
      reading.push(
        new Promise((done) => {
          stream.once('close', () => {
            file.bytes = Buffer.concat(chunks)
            done()
          })
        }),
      )
    })
    parser.on('filesLimit', () => {
      body.tooManyFiles = true
    })
    parser.on('partsLimit', () => {
      reject(new AppError(400, 'too_many_parts', 'Formda çok fazla alan var.'))
    })
    parser.on('fieldsLimit', () => {
      reject(new AppError(400, 'too_many_parts', 'Formda çok fazla alan var.'))
    })
    parser.on('error', () => {
      reject(
        new AppError(
          400,
          'malformed_multipart',
          'Form verisi okunamadı. Sayfayı yenileyip yeniden gönderin.',
        ),
      )
    })
    parser.on('close', () => {
      void Promise.all(reading).then(() => resolve(body))
    })
    req.on('error', () => reject(new AppError(400, 'malformed_multipart', 'Form verisi eksik geldi.')))
    req.pipe(parser)
  })
}
