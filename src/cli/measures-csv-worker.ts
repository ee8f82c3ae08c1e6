// The helper thread of MeasuresCsvWriter (measures-csv.ts): formats a range of regions and sends the text back in
// pieces of about a megabyte.
import { parentPort } from 'node:worker_threads';
import { measuresCsv, type MeasuresCsvInput } from './measures-csv.js';

parentPort!.on('message', ({ input, from, to }: { input: MeasuresCsvInput; from: number; to: number }) => {
  try {
    let piece: string[] = [];
    let size = 0;
    for (const text of measuresCsv(input, from, to)) {
      piece.push(text);
      size += text.length;
      if (size >= 1 << 20) {
        parentPort!.postMessage({ text: piece.join('') });
        piece = [];
        size = 0;
      }
    }
    parentPort!.postMessage({ text: piece.join(''), done: true });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
