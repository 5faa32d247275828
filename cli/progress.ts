/**
 * A progress bar on stderr for long imports (cli-progress), drawn only on a terminal: redirected
 * output stays clean for logs and scripts.
 */
import cliProgress from 'cli-progress';

/** A progress reporter; `stop()` is idempotent. */
export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

/** A bar on `stream` when it is a terminal and the run is at least `minTotal` items; otherwise silent. */
export function createProgress(stream: NodeJS.WritableStream, minTotal = 20): Progress {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;
  return {
    update(done, total, label) {
      if (!tty || stopped || total < minTotal) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: stream as NodeJS.WriteStream, format: '{label} [{bar}] {value}/{total} ({percentage}%) — {eta_formatted}', hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { label });
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
