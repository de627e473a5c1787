/** The header's words on how this Pano runs (components/SystemNotices.svelte). */
export const SIMULATOR_TEXT = 'Santral simülatörü çalışıyor: ekrandaki çağrılar gerçek değil.'
