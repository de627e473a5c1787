/**
 * The queue alert's sound (docs/alerts.md §4): a short two-tone beep made with Web Audio (no file to
 * load), played only when the user turned it on; the choice is kept in this browser (localStorage).
 */
const KEY = 'pano.queueAlertSound'

export function soundAllowed(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on'
  } catch {
    return false
  }
}

export function setSoundAllowed(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, 'on')
    else localStorage.removeItem(KEY)
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

let context: AudioContext | null = null

/** Two short tones; silently nothing where the browser has no Web Audio or refuses to play. */
export function beep(): void {
  if (typeof AudioContext === 'undefined') return
  try {
    context ??= new AudioContext()
    const ctx = context
    void ctx.resume().catch(() => undefined)
    for (const [i, freq] of [880, 660].entries()) {
      const start = ctx.currentTime + i * 0.22
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.0001, start)
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2)
      osc.connect(gain).connect(ctx.destination)
      osc.start(start)
      osc.stop(start + 0.21)
    }
  } catch {
    // No sound is better than a broken page.
  }
}
