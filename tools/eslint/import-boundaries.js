/**
 * Pano's import boundaries as ESLint rules (docs/architecture.md §4). Each resolves a relative import
 * against the importing file, so `../telephony/control-errors.ts` inside server/services/ (the server's
 * own telephony service) is told apart from the telephony layer at the repository's root.
 *
 * - `telephony-through-index`: server code reaches the telephony layer only through telephony/index.ts,
 *   its public face; what is not exported there is the layer's own business.
 * - `no-route-imports`: services, the domain, realtime, auth and db never import from HTTP routes; a type
 *   both need lives in server/contract/.
 */
import { dirname, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

function repoPath(filename, source) {
  if (typeof source !== 'string' || !source.startsWith('.')) return null
  return relative(ROOT, resolve(dirname(filename), source))
    .split(sep)
    .join('/')
}

function importRule(message, forbidden) {
  return {
    meta: { type: 'problem', schema: [], messages: { boundary: message } },
    create(context) {
      const check = (node) => {
        const path = repoPath(context.filename, node.source?.value)
        if (path !== null && forbidden(path)) context.report({ node, messageId: 'boundary', data: { path } })
      }
      return {
        ImportDeclaration: check,
        ExportNamedDeclaration: check,
        ExportAllDeclaration: check,
        ImportExpression: check,
      }
    },
  }
}

export default {
  rules: {
    'telephony-through-index': importRule(
      'Import the telephony layer through telephony/index.ts, not {{path}}.',
      (path) => path.startsWith('telephony/') && path !== 'telephony/index.ts',
    ),
    'no-route-imports': importRule(
      'Services do not import from HTTP routes ({{path}}): put what both need in server/contract/.',
      (path) => path.startsWith('server/http/routes/'),
    ),
  },
}
