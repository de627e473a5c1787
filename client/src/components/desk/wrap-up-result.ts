/**
 * What the desk says once a wrap-up is saved and the call has left the screen (views/desk/
 * DeskWorkspace.svelte shows it in its status line and puts focus there). Pure.
 */
import { formatDateTime } from '../../lib/format.ts'

/** `Kaydedildi: 0532 111 22 33 · Geri aranacak. Geri arama 07.12.2026 09:30 için planlandı.` */
export function wrapUpSaved(caller: string, codeLabel: string, callbackAt: string | null): string {
  const saved = `Kaydedildi: ${caller} · ${codeLabel}.`
  return callbackAt === null
    ? saved
    : `${saved} Geri arama ${formatDateTime(callbackAt)} için planlandı; aşağıda “Planlanan geri aramalar” listesinde.`
}
