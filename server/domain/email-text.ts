/**
 * E-mail addresses, masked for roles that must not read them (unit staff, docs/kvkk.md §2): the first
 * letter and the domain stay, `h***@example.com`, enough to tell two addresses apart in a conversation.
 */

export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@')
  if (at < 1) return '***'
  return `${address.slice(0, 1)}***${address.slice(at)}`
}

/** An address as people write one: letters of any script, digits and `._%+-` before the `@`. */
const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu

/** Every address written in free text masked as `maskEmail` masks a stored one. */
export function maskEmailsInText(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (address) => maskEmail(address))
}
