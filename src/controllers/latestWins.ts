/**
 * The runner every controller shares: one job at a time, and the latest ask wins. Asks that come
 * while a job runs fold into one more run, which reads the state as it is by then; nothing queues
 * up behind a slow worker, and no answer to an older ask lands after a newer one.
 */
export function latestWins(job: () => Promise<void>, onError: (e: unknown) => void): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    job()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
