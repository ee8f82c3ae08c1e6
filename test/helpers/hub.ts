import assert from 'node:assert/strict';
import { HubError } from '../../src/hub/errors.js';

/** Asserts that a hub call is refused with this code (and, when given, names this field first). */
export const refusedWith = (p: Promise<unknown>, c: string, field?: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HubError, String(e));
    assert.equal(e.code, c, e.message);
    if (field) assert.equal(e.details?.issues?.[0]?.field, field);
    return true;
  });

/** A facet's counts as { value: count }. */
export const counts = (facet: { value: string; count: number }[]) => Object.fromEntries(facet.map((f) => [f.value, f.count]));
