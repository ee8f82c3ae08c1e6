import type { Hub } from '../platform/context.js';
import { remindReports } from './awards.js';
import { remindReviewers } from './reviews.js';

/** How often the server looks for reviews and reports to remind people of. */
export const REMINDER_INTERVAL_MS = 30 * 60_000;

/**
 * Reminders of reviews and reports due, every half hour while the server runs (and shortly after it starts). Each
 * reminder is claimed by the update that records it, so several server instances send it once between them. Returns
 * the function that stops it.
 */
export function startProgrammeReminders(hub: Hub, log: { error(o: object, msg: string): void; info(o: object, msg: string): void }): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const reviews = await remindReviewers(hub);
      const reports = await remindReports(hub);
      if (reviews || reports) log.info({ reviews, reports }, 'programme reminders sent');
    } catch (err) {
      log.error({ err }, 'programme reminders failed (they are tried again at the next interval)');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 10_000);
  const every = setInterval(tick, REMINDER_INTERVAL_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
