import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { coOccurrence, bitColumns } from '../../src/linalg/bitset.js';
import { matMul, matrix, transpose, matVec } from '../../src/linalg/dense.js';
import { xorshift32 } from '../../src/linalg/random.js';
import { allocate, scoped } from '../../src/linalg/kernels.js';
import { csrFromDense, csrMatMulDense, csrTranspose, kernelCsr, productWithSparse } from '../../src/linalg/sparse.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A rows × cols matrix with roughly `share` non-zeros, from a seeded generator; 0/1 when binary. */
function sparseMatrix(rows: number, cols: number, share: number, seed: number, binary: boolean): Float64Array {
  const rnd = xorshift32(seed);
  return Float64Array.from({ length: rows * cols }, () => (rnd() < share ? (binary ? 1 : rnd() * 10 - 3) : 0));
}

function assertClose(actual: Float64Array, expected: Float64Array, tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `cell ${i}: ${actual[i]} ≠ ${expected[i]}`);
  }
}

const shape = fc.record({
  rows: fc.integer({ min: 0, max: 40 }),
  k: fc.integer({ min: 1, max: 40 }),
  n: fc.integer({ min: 1, max: 21 }),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

describe('WebAssembly kernels', () => {
  it('the embedded module is the assembled kernels.wat', async () => {
    const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-kernels.mjs')).href)) as {
      assembleKernels: () => Promise<Buffer>;
      kernelsModuleSource: (b: Buffer) => string;
    };
    const expected = script.kernelsModuleSource(await script.assembleKernels());
    assert.equal(readFileSync(join(ROOT, 'src', 'linalg', 'kernels-wasm.ts'), 'utf8'), expected, 'run npm run build:kernels');
  });

  it('sparse × dense (spmm) equals the dense product, odd widths and empty rows included', () => {
    fc.assert(
      fc.property(shape, ({ rows, k, n, share, seed }) => {
        const a = sparseMatrix(rows, k, share, seed, false);
        const b = sparseMatrix(k, n, 1, seed + 1, false);
        const expected = matMul(matrix(rows, k, a), matrix(k, n, b)).data;
        assertClose(csrMatMulDense(csrFromDense(rows, k, a), b, n), expected);
      }),
      { numRuns: 60 },
    );
  });

  it('0/1 × dense by Four-Russians tables (spmmBits) equals the dense product', () => {
    fc.assert(
      fc.property(shape, ({ rows, k, n, seed }) => {
        // dense enough for the table kernel
        const a = sparseMatrix(rows, k, 0.5, seed, true);
        const b = sparseMatrix(k, n, 1, seed + 1, false);
        assertClose(productWithSparse(a, rows, k, b, n), matMul(matrix(rows, k, a), matrix(k, n, b)).data);
      }),
      { numRuns: 60 },
    );
  });

  it('sparse mat-vec and its transpose (spmv) in kernel memory', () => {
    const a = sparseMatrix(37, 23, 0.3, 9, false);
    const x = sparseMatrix(1, 23, 1, 10, false);
    const y = sparseMatrix(1, 37, 1, 11, false);
    scoped(() => {
      const k = kernelCsr(csrFromDense(37, 23, a));
      const ax = new Float64Array(37);
      const aty = new Float64Array(23);
      k.mul(x, ax);
      k.mulT(y, aty);
      assertClose(ax, matVec(matrix(37, 23, a), x));
      assertClose(aty, matVec(transpose(matrix(37, 23, a)), y));
    });
  });

  it('CSR transpose round-trips', () => {
    const a = csrFromDense(5, 4, sparseMatrix(5, 4, 0.5, 3, false));
    const back = csrTranspose(csrTranspose(a));
    assert.deepEqual(back, a);
  });

  it('popcount co-occurrence (cooc) equals MᵀM, row counts not a multiple of 64', () => {
    for (const rows of [1, 63, 64, 65, 200]) {
      const m = sparseMatrix(rows, 9, 0.4, rows, true);
      const expected = matMul(transpose(matrix(rows, 9, m)), matrix(rows, 9, m)).data;
      assert.deepEqual(coOccurrence(bitColumns(rows, 9, m)), expected);
    }
  });

  it('scoped frees what was allocated inside it, nested scopes included', () => {
    const outer = scoped(() => {
      const a = allocate(100);
      const inner = scoped(() => allocate(50));
      const b = allocate(10);
      assert.equal(b, inner, 'the inner scope released its block');
      return a;
    });
    assert.equal(scoped(() => allocate(8)), outer);
  });
});
