import { UserError } from '../errors.js';

/** A numeric flag's value, or a UserError naming the flag. */
export function number(value: string, flag: string, { integer = false, min = -Infinity, max = Infinity } = {}): number {
  const v = Number(value);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const range = [min > -Infinity && `≥ ${min}`, max < Infinity && `≤ ${max}`].filter(Boolean).join(' and ');
    throw new UserError(`${flag} expects ${integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}, got "${value}"`, { field: flag });
  }
  return v;
}
