/** Waiting on conditions, never on fixed sleeps alone: what the Node-side live tests share. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it returns something truthy (and returns that), or throws after
 * `timeoutMs` naming `what`, with `state()` to show what it was waiting on.
 */
export async function until<T>(check: () => T | Promise<T>, timeoutMs: number, what: string, state?: () => unknown): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `: ${JSON.stringify(state())}` : ''}`);
    await sleep(25);
  }
}
