import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/**
 * The WebAssembly kernels (src/linalg/kernels.wat) and the memory they work in. Inputs are copied into
 * the module's memory, which is handed out as a stack: `scoped` frees everything allocated inside it.
 * One instance per thread (each worker compiles its own).
 */
interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  spmm(rows: number, n: number, rowPtr: number, colIdx: number, values: number, w: number, out: number): void;
  spmmBits(rows: number, blocks: number, stride: number, idx: number, w: number, tables: number, out: number): void;
  spmv(rows: number, rowPtr: number, colIdx: number, values: number, x: number, y: number): void;
  cooc(n: number, words64: number, bits: number, out: number, a0: number, a1: number): void;
}

// The WebAssembly global as this file uses it (the project's lib settings carry no DOM types).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

const PAGE = 65536;
/** wasm32 addresses are 32-bit; keep a margin below 4 GiB. */
const KERNEL_MEMORY_LIMIT = 3.5 * 2 ** 30;

let exports: KernelExports | undefined;
let top = 16; // 0 means "no values" (a 0/1 matrix) to the kernels, so nothing is allocated there

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function kernels(): KernelExports {
  if (!exports) {
    const module = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64));
    exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  }
  return exports;
}

/** Reserves `bytes` (16-byte aligned) and returns the byte offset; throws RangeError beyond the 4 GiB space. */
export function allocate(bytes: number): number {
  const k = kernels();
  const offset = (top + 15) & ~15;
  const end = offset + bytes;
  if (end > KERNEL_MEMORY_LIMIT) throw new RangeError(`the kernels need ${end} bytes, more than wasm32 memory holds`);
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE));
  top = end;
  return offset;
}

/** Runs fn and then frees everything it allocated. */
export function scoped<T>(fn: () => T): T {
  const mark = top;
  try {
    return fn();
  } finally {
    top = mark;
  }
}

export function f64View(offset: number, length: number): Float64Array {
  return new Float64Array(kernels().memory.buffer, offset, length);
}

export function u8View(offset: number, length: number): Uint8Array {
  return new Uint8Array(kernels().memory.buffer, offset, length);
}

export function copyIn(data: Float64Array | Int32Array | Uint32Array): number {
  const offset = allocate(data.byteLength);
  new Uint8Array(kernels().memory.buffer, offset, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return offset;
}
