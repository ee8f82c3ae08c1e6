import assert from 'node:assert/strict';
import { HubError } from '../../src/hub/platform/errors.js';

/** Asserts that a hub call is refused with this code and, when given, names this field first (a string) or says this (a RegExp). */
export const refusedWith = (p: Promise<unknown>, c: string, detail?: string | RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HubError, String(e));
    assert.equal(e.code, c, e.message);
    if (typeof detail === 'string') assert.equal(e.details?.issues?.[0]?.field, detail);
    else if (detail) assert.match(e.message, detail);
    return true;
  });

/** A facet's counts as { value: count }. */
export const counts = (facet: { value: string; count: number }[]) => Object.fromEntries(facet.map((f) => [f.value, f.count]));
