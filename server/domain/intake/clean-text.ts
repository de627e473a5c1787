/**
 * Text from outside (a form field, a mail header) made safe to store: PostgreSQL refuses the NUL
 * character in text, and other C0 control characters have no business on a screen. Tabs and line breaks
 * stay. Pure.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

export function cleanText(value: string): string {
  return value.replace(CONTROLS, '')
}

export function cleanOptional(value: string | null): string | null {
  return value === null ? null : cleanText(value)
}
