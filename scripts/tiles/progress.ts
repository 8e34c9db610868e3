/** A one-line progress bar on stderr: redrawn in place on a terminal, every 10 % in a log. */
export function progressBar(label: string): { update: (done: number, total: number, phase: string) => void; end: () => void } {
  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastDecile = -1;
  let lastPhase = '';
  return {
    update(done, total, phase) {
      const f = total > 0 ? done / total : 1;
      const now = performance.now();
      const decile = Math.floor(f * 10);
      if (phase === lastPhase && (tty ? now - lastDraw < 100 && done < total : decile === lastDecile)) return;
      if (tty && lastPhase && phase !== lastPhase) process.stderr.write('\n');
      lastDraw = now;
      lastDecile = decile;
      lastPhase = phase;
      const width = 30;
      const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
      const line = `${label} ${phase.padEnd(8)} ${bar} ${(f * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}
