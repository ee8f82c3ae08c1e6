/**
 * The waitlist's rule, pure: an event holds at most `capacity` confirmed places (none: no limit); while places are
 * free, the first person waiting (the earliest to join the waitlist) takes one. The database applies it under a lock
 * on the event; the property test checks the service against this model.
 */
export interface WaitlistState {
  capacity: number | null;
  confirmed: string[];
  /** In the order they joined. */
  waiting: string[];
}

/** Free places (Infinity without a limit). */
export function placesLeft(s: Pick<WaitlistState, 'capacity' | 'confirmed'>): number {
  return s.capacity === null ? Infinity : Math.max(0, s.capacity - s.confirmed.length);
}

/** Who is promoted now: the first `placesLeft` people waiting. */
export function toPromote(s: WaitlistState): string[] {
  const n = placesLeft(s);
  return n === Infinity ? [...s.waiting] : s.waiting.slice(0, n);
}

/** A new registration: confirmed if a place is free (and no one is waiting before them), else waiting. */
export function register(s: WaitlistState, who: string): WaitlistState {
  if (s.confirmed.includes(who) || s.waiting.includes(who)) return s;
  return placesLeft(s) > 0 && s.waiting.length === 0 ? { ...s, confirmed: [...s.confirmed, who] } : { ...s, waiting: [...s.waiting, who] };
}

/** Someone cancels: their place (or their turn) goes; the first waiting take the free places. */
export function cancel(s: WaitlistState, who: string): WaitlistState {
  return settle({ ...s, confirmed: s.confirmed.filter((x) => x !== who), waiting: s.waiting.filter((x) => x !== who) });
}

/** The capacity changes (never below the confirmed: that is refused); the first waiting take new places. */
export function resize(s: WaitlistState, capacity: number | null): WaitlistState {
  if (capacity !== null && capacity < s.confirmed.length) throw new RangeError(`capacity ${capacity} is below the ${s.confirmed.length} confirmed`);
  return settle({ ...s, capacity });
}

function settle(s: WaitlistState): WaitlistState {
  const up = toPromote(s);
  return { ...s, confirmed: [...s.confirmed, ...up], waiting: s.waiting.slice(up.length) };
}
