/**
 * Whether `work` finishes within `ms`: true once it resolves, false when the time runs out first (the
 * work goes on unawaited; a later rejection of it is handled here). A rejection within the time is
 * passed on.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  try {
    return await Promise.race([work.then(() => true as const), late])
  } finally {
    clearTimeout(timer)
  }
}
