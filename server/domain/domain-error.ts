/** A broken domain rule the user can understand: `code` is stable for the API, `message` is Turkish UI text. */
export class DomainError<Code extends string = string> extends Error {
  override readonly name = 'DomainError'
  readonly code: Code
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: Code, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message)
    this.code = code
    this.details = details
  }
}
