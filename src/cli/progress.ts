/** A one-line progress indicator on stderr, shown only on a terminal. */
export function progress(label: string): { update: (done: number, total?: number) => void; done: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  return {
    update(done: number, total?: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const text = total ? `${label} ${'█'.repeat(Math.round((20 * done) / total)).padEnd(20, '░')} ${done}/${total}` : `${label} ${done.toLocaleString('en-GB')} rows`;
      process.stderr.write(`\r${text}\x1b[K`);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
