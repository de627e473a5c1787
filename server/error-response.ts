/**
 * Thrown error → the answer a person reads, for HTTP responses and socket acknowledgements alike
 * (docs/errors.md). AppErrors keep their kind, status, code, message and details; zod errors become
 * `invalid_input` with field issues; body-parser failures keep their 4xx status in our own words; the
 * Prisma errors a request's own ids cause (a row that is not there, an id PostgreSQL cannot hold) are 4xx
 * (`prismaClientError`); anything else is `internal`, whose text stays in the log and never reaches the
 * screen.
 */
import { z } from 'zod'
import type { ApiError } from './contract/errors.ts'
import { PBX_ERROR_KINDS } from './contract/errors.ts'
import { AppError, ConflictError, NotFoundError, ValidationError } from './errors.ts'

export const INTERNAL_MESSAGE = 'Beklenmeyen bir hata oluştu. Lütfen tekrar deneyin.'

/**
 * How loud the log is: a refusal of the request is `debug`; the PBX or a dependency failing is `warn`
 * with its reason and no stack (an everyday event on a switchboard); a fault of Pano's own is `error`
 * with the stack.
 */
export type ErrorLogLevel = 'debug' | 'warn' | 'error'

export interface ErrorAnswer {
  status: number
  error: ApiError
  headers: Readonly<Record<string, string>>
  log: ErrorLogLevel
}

/** http-errors shape (body-parser, serve-static): a client error with `status` and maybe `type`. */
function isHttpClientError(e: unknown): e is Error & { status: number; type?: string } {
  if (!(e instanceof Error)) return false
  const status = (e as { status?: unknown }).status
  return typeof status === 'number' && status >= 400 && status < 500
}

const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'invalid_json', message: 'İstek gövdesi geçerli JSON değil.' },
  'entity.too.large': { code: 'payload_too_large', message: 'İstek gövdesi çok büyük.' },
  'encoding.unsupported': { code: 'unsupported_encoding', message: 'Desteklenmeyen karakter kodlaması.' },
  'charset.unsupported': { code: 'unsupported_encoding', message: 'Desteklenmeyen karakter kodlaması.' },
}

/** Prisma's PrismaClientKnownRequestError, recognised by name so this module does not load the client. */
interface PrismaKnownError extends Error {
  code: string
  meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown; constraint?: { index?: unknown } } } }
}

function isPrismaKnownError(e: unknown): e is PrismaKnownError {
  return (
    e instanceof Error &&
    e.name === 'PrismaClientKnownRequestError' &&
    typeof (e as { code?: unknown }).code === 'string'
  )
}

/**
 * The Prisma errors a request's ids cause where a route did not check first:
 * - P2025, the row to update or delete is not there: 404 `not_found`;
 * - P2003 on a write that names a row (`Ticket_unitId_fkey`) that is not there: 400 `validation_failed`
 *   with the field; P2003 on a delete or update of a row others still point at: 409 `record_in_use`;
 * - P2020, a number PostgreSQL's column cannot hold (an id past 2 147 483 647): 400 `validation_failed`.
 */
function prismaClientError(error: PrismaKnownError): AppError | null {
  const cause = error.meta?.driverAdapterError?.cause
  switch (error.code) {
    case 'P2025':
      return new NotFoundError()
    case 'P2003': {
      const sql = typeof cause?.originalMessage === 'string' ? cause.originalMessage : ''
      if (sql.startsWith('update or delete on table'))
        return new ConflictError(
          'Bu kayıt başka kayıtlarda kullanıldığı için değiştirilemez.',
          'record_in_use',
        )
      const index = typeof cause?.constraint?.index === 'string' ? cause.constraint.index : ''
      const field = /^[A-Za-z0-9]+_([A-Za-z0-9]+)_fkey$/.exec(index)?.[1]
      const message = 'Seçilen kayıt bulunamadı.'
      return new ValidationError(
        field === undefined ? [] : [{ path: field, message, code: 'not_found' }],
        message,
      )
    }
    case 'P2020':
      return new ValidationError([], 'Gönderilen bir sayı izin verilen aralığın dışında.')
    default:
      return null
  }
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof z.ZodError) return ValidationError.fromZod(error)
  if (isPrismaKnownError(error)) return prismaClientError(error)
  if (isHttpClientError(error)) {
    const known = error.type === undefined ? undefined : BODY_ERRORS[error.type]
    if (!known && error.status === 404) return new NotFoundError('Aranan dosya bulunamadı.')
    // Our own wording only: their messages may name files and paths.
    return new AppError(error.status, known?.code ?? 'bad_request', known?.message ?? 'İstek işlenemedi.')
  }
  return null
}

export function errorAnswer(error: unknown): ErrorAnswer {
  const known = toAppError(error)
  if (known === null)
    return {
      status: 500,
      error: { code: 'internal_error', kind: 'internal', message: INTERNAL_MESSAGE },
      headers: {},
      log: 'error',
    }
  const body: ApiError = { code: known.code, kind: known.kind, message: known.message }
  if (known.details !== undefined) body.details = known.details
  const log: ErrorLogLevel =
    known.status < 500
      ? 'debug'
      : PBX_ERROR_KINDS.has(known.kind) || known.kind === 'unavailable'
        ? 'warn'
        : 'error'
  return { status: known.status, error: body, headers: known.headers, log }
}
