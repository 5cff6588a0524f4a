// At most one run per key in this process (a recipient domain, a webhook URL). A job for a key that is already
// running only asks that run to go round once more, because the run may have looked at the database before
// the job's work was committed.
export class KeyedRuns {
  private readonly running = new Map<string, { again: boolean }>();

  constructor(private readonly work: (key: string) => Promise<void>) {}

  async run(key: string): Promise<void> {
    const current = this.running.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: true };
    this.running.set(key, state);
    try {
      while (state.again) {
        state.again = false;
        await this.work(key);
      }
    } finally {
      this.running.delete(key);
    }
  }
}
