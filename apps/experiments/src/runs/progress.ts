/** The one progress bar of the CLI: `[######..................]`, `fraction` of `width` filled (clamped to 0..1). */
export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

/** A progress line for a study: runs done and total, throughput and ETA (a bar on a terminal, lines otherwise). */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private readonly interactive: boolean;

  constructor(
    private readonly total: number,
    private readonly alreadyDone: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.interactive = Boolean(stream.isTTY) && !process.env.CI;
  }

  /** Prints a line of its own (above the bar on a terminal). */
  note(message: string): void {
    this.stream.write(this.interactive ? `\r\x1b[2K${message}\n` : `${message}\n`);
  }

  /** Records a finished run and redraws. */
  tick(label: string, failed = false): void {
    this.done++;
    const finished = this.alreadyDone + this.done;
    const elapsedMinutes = (Date.now() - this.started) / 60_000;
    const perMinute = this.done / Math.max(elapsedMinutes, 1e-9);
    const remaining = this.total - finished;
    const eta = remaining > 0 ? formatDuration((remaining / perMinute) * 60) : "0s";
    const line = `${progressBar(finished / Math.max(this.total, 1))} ${finished}/${this.total} runs, ${perMinute.toFixed(1)} runs/min, ETA ${eta}  ${failed ? "FAILED " : ""}${label}`;
    if (this.interactive) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
    if (this.interactive && finished === this.total) this.stream.write("\n");
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, "0")}m`;
}
