// Polling for something another process or worker does, with a deadline that names what was awaited.
export async function until<T>(find: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The failed-login limiter counts in fixed minutes of the wall clock (spec 1.3). A test that makes a series of
// real-time attempts and expects them all in one minute starts them early enough in a minute to finish in it.
export async function startOfFreshMinute(neededMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((r) => setTimeout(r, left + 50));
}
