/**
 * The background loop of the outbox workers (proactive messages, Open311 forwarding, webhook
 * deliveries): run a pass; when it found nothing to do, wait `idleMs` or until woken (a wake that
 * comes during a pass counts too); stop after the pass in flight. A pass that throws is logged and the loop goes on (the next pass retries).
 */
export interface WorkLoopOptions {
  /** Wait between passes that found no work. */
  idleMs: number;
  /** Called with the error of a failed pass. */
  onError: (error: unknown) => void;
}

/** One background loop around a `pass` that returns how much work it did. */
export class WorkLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** A wake that came during a pass: the next idle wait is skipped (the new work is not left waiting). */
  private woken = false;

  constructor(
    private readonly pass: () => Promise<number>,
    private readonly options: WorkLoopOptions,
  ) {}

  /** True once `stop()` was called on a started loop: work in hand should be given back. */
  get stopping(): boolean {
    return this.loop !== undefined && !this.running;
  }

  /** Starts the loop (again after a stop); does nothing when it runs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the idle wait now, so new work does not wait for the idle delay. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Stops after the pass in flight completes. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = 0;
      this.woken = false;
      try {
        worked = await this.pass();
      } catch (error) {
        this.options.onError(error);
      }
      if (worked === 0 && this.running && !this.woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.idleMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    }
  }
}
