import type { ApiErrorBody } from '../../../server/contract/auth.ts'

/** The `error` of an API error response (supertest types bodies as any). */
export function errorOf(res: {
  body: unknown
}): ApiErrorBody['error'] & { details?: Record<string, unknown> } {
  return (res.body as { error: ApiErrorBody['error'] & { details?: Record<string, unknown> } }).error
}
