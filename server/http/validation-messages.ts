/**
 * zod's own messages in plain Turkish, for every check a schema does not word itself. The client shows
 * these next to the field they concern (client/src/lib/form-errors.svelte.ts), so they speak to the
 * person at the form ("Boş bırakılamaz."), not to a developer ("Too small: expected string to have
 * >=1 characters"). A schema's own message always wins over these.
 */
import { z } from 'zod'

type RawIssue = Parameters<NonNullable<z.core.$ZodConfig['localeError']>>[0]

function size(origin: unknown, n: number | bigint, more: boolean, exact: boolean | undefined): string {
  const bound = exact === true ? 'tam' : more ? 'en az' : 'en çok'
  switch (origin) {
    case 'string':
      if (more && Number(n) === 1 && exact !== true) return 'Boş bırakılamaz.'
      return `${capital(bound)} ${String(n)} karakter olmalı.`
    case 'array':
    case 'set':
      return more && Number(n) === 1
        ? 'En az bir seçim yapın.'
        : `${capital(bound)} ${String(n)} seçim olmalı.`
    case 'date':
      return more ? 'Tarih daha ileri olmalı.' : 'Tarih daha geri olmalı.'
    default:
      return `${capital(bound)} ${String(n)} olmalı.`
  }
}

const capital = (s: string) => s.charAt(0).toLocaleUpperCase('tr-TR') + s.slice(1)

const FORMATS: Record<string, string> = {
  email: 'Geçerli bir e-posta adresi yazın.',
  date: 'Tarih YYYY-AA-GG biçiminde olmalı.',
  datetime: 'Tarih ve saat geçerli değil.',
  url: 'Geçerli bir adres yazın.',
}

export function turkishIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'Bu alan gerekli.' : 'Geçersiz değer.'
    case 'too_small':
      return size(issue.origin, issue.minimum, true, issue.exact)
    case 'too_big':
      return size(issue.origin, issue.maximum, false, issue.exact)
    case 'invalid_value':
      return 'Listedeki seçeneklerden birini seçin.'
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'Biçimi geçersiz.'
    case 'not_multiple_of':
      return Number(issue.divisor) === 1 ? 'Tam sayı olmalı.' : 'Geçersiz sayı.'
    case 'unrecognized_keys':
      return `Tanınmayan alan: ${issue.keys.join(', ')}.`
    default:
      return 'Geçersiz değer.'
  }
}

/** Makes the messages above zod's default for this process (idempotent). */
export function useTurkishValidationMessages(): void {
  z.config({ localeError: turkishIssueMessage })
}
