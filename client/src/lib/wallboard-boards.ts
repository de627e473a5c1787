/**
 * Panolar's boards and their addresses: `/wallboard?pano=<word>`, so the board on screen can be linked,
 * survives a reload and is reached with Back and Forward. The words are the ones `/pano/tv?pano=` uses
 * for the same boards (client/src/views/tv/TvView.svelte), as Yönetim names its sections with `?bolum=`
 * (lib/admin-sections.ts). Pure.
 */
export const WALLBOARD_BOARDS = ['queues', 'agents', 'calls', 'overdue', 'tv'] as const
export type WallboardBoard = (typeof WALLBOARD_BOARDS)[number]

export const WALLBOARD_PATH = '/wallboard'
export const BOARD_PARAM = 'pano'

const WORDS: Record<WallboardBoard, string> = {
  queues: 'kuyruk',
  agents: 'temsilci',
  calls: 'cagrilar',
  overdue: 'geciken',
  tv: 'tv',
}

/** The board a query string names; the queue board when it names none (or one not known). */
export function boardFromSearch(search: string): WallboardBoard {
  const asked = new URLSearchParams(search).get(BOARD_PARAM)?.trim().toLowerCase() ?? ''
  return WALLBOARD_BOARDS.find((b) => WORDS[b] === asked) ?? 'queues'
}

export function boardHref(board: WallboardBoard): string {
  return `${WALLBOARD_PATH}?${BOARD_PARAM}=${WORDS[board]}`
}
