// A background loop in every server process: run a pass, wait, run again, until stopped. An error (the
// database restarting) is logged and the next pass tries again. The mail sender and the reminder
// scheduler are two of these.

export interface Ticker {
  /** Ends the loop after the pass under way, if any. */
  stop(): Promise<void>;
}

export function startTicker({ name, intervalMs, pass, log = console }: { name: string; intervalMs: number; pass: () => Promise<void>; log?: Pick<Console, "error"> }): Ticker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        await pass();
      } catch (e) {
        log.error(`✖ ${name}: ${(e as Error).message}`);
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
