/**
 * Checking the files that come with an application, from the form or in a mail (docs/intake.md §4): at
 * most ATTACHMENT_LIMITS.maxFiles files of at most maxBytes each, each a JPEG, PNG or PDF by its first
 * bytes. The form refuses the whole application with the reasons; the mailbox keeps the mail and drops
 * the files that break a rule, noting why (`problems`).
 */
import { createHash } from 'node:crypto'
import { ATTACHMENT_LIMITS } from '../../contract/intake.ts'
import {
  detectFileType,
  safeFilename,
  withoutInvisibles,
  type AcceptedFileType,
} from '../../domain/intake/file-signature.ts'
import type { Prisma } from '../../db/generated/client.ts'

export interface IncomingFile {
  filename: string | undefined
  bytes: Buffer
  /** The upload went past the size limit and was cut off (busboy's `truncated`). */
  truncated: boolean
}

export interface CheckedAttachment {
  filename: string
  contentType: AcceptedFileType
  size: number
  sha256: string
  content: Buffer
}

export type AttachmentProblemCode = 'too_large' | 'wrong_type' | 'too_many' | 'empty'

export interface AttachmentProblem {
  /** 0-based position of the file, or null for a problem with the set (too many files). */
  index: number | null
  code: AttachmentProblemCode
  message: string
}

const MB = 1024 * 1024

function label(file: IncomingFile, index: number): string {
  // A refused file's reason is kept as a note staff read (the mailbox): its name reads as it is.
  const name = file.filename === undefined ? undefined : withoutInvisibles(file.filename).trim()
  return name ? `"${name.slice(0, 80)}"` : `${index + 1}. dosya`
}

export function checkAttachments(
  files: readonly IncomingFile[],
  options: { moreThanAllowed?: boolean } = {},
): { accepted: CheckedAttachment[]; problems: AttachmentProblem[] } {
  const accepted: CheckedAttachment[] = []
  const problems: AttachmentProblem[] = []
  if (options.moreThanAllowed === true || files.length > ATTACHMENT_LIMITS.maxFiles) {
    problems.push({
      index: null,
      code: 'too_many',
      message: `En çok ${ATTACHMENT_LIMITS.maxFiles} dosya eklenebilir.`,
    })
  }
  files.slice(0, ATTACHMENT_LIMITS.maxFiles).forEach((file, index) => {
    if (file.truncated || file.bytes.length > ATTACHMENT_LIMITS.maxBytes) {
      problems.push({
        index,
        code: 'too_large',
        message: `${label(file, index)} ${ATTACHMENT_LIMITS.maxBytes / MB} MB sınırını aşıyor.`,
      })
      return
    }
    if (file.bytes.length === 0) {
      problems.push({ index, code: 'empty', message: `${label(file, index)} boş.` })
      return
    }
    const type = detectFileType(file.bytes)
    if (type === null) {
      problems.push({
        index,
        code: 'wrong_type',
        message: `${label(file, index)} JPEG, PNG veya PDF değil (dosyanın içeriği denetlendi).`,
      })
      return
    }
    accepted.push({
      filename: safeFilename(file.filename, type, `ek-${index + 1}`),
      contentType: type,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      content: file.bytes,
    })
  })
  return { accepted, problems }
}

/** Rows for IntakeAttachment (the bytes go into the database: docs/decisions, intake attachments). */
export function attachmentRows(
  intakeItemId: number,
  attachments: readonly CheckedAttachment[],
): Prisma.IntakeAttachmentCreateManyInput[] {
  return attachments.map((a) => ({
    intakeItemId,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    content: new Uint8Array(a.content),
  }))
}
