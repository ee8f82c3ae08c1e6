;; Numeric kernels in WebAssembly (SIMD), for the products that dominate the regions engine.
;; Source of src/linalg/kernels-wasm.ts, which `npm run build:kernels` regenerates (test/linalg checks they agree).
;; Every address is a byte offset into the exported memory; matrices are row-major, f64, int32 indices.
;; Sparse matrices are CSR: rowPtr (rows + 1 int32), colIdx (nnz int32), values (nnz f64, or 0 for a 0/1 matrix).
(module
  (memory (export "memory") 1 65536)

  ;; out[i, :] = Σ_{k ∈ row i} v_k · w[colIdx[k], :] for rows i of a CSR matrix (v_k = 1 when values = 0).
  ;; rowPtr points at the first row's entry; out at that row's output; w has n columns.
  (func (export "spmm") (param $rows i32) (param $n i32) (param $rowPtr i32) (param $colIdx i32)
        (param $values i32) (param $w i32) (param $out i32)
    (local $i i32) (local $k i32) (local $kEnd i32) (local $dst i32) (local $src i32) (local $j i32)
    (local $stride i32) (local $vecBytes i32) (local $v f64) (local $vv v128)
    (local.set $stride (i32.shl (local.get $n) (i32.const 3)))
    (local.set $vecBytes (i32.and (local.get $stride) (i32.const -16)))
    (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $rows) (local.get $stride)))
    (block $doneRows
      (loop $rowLoop
        (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $k (i32.load (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $kEnd (i32.load offset=4 (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (block $doneK
          (loop $kLoop
            (br_if $doneK (i32.ge_u (local.get $k) (local.get $kEnd)))
            (local.set $src (i32.add (local.get $w)
              (i32.mul (i32.load (i32.add (local.get $colIdx) (i32.shl (local.get $k) (i32.const 2)))) (local.get $stride))))
            (local.set $j (i32.const 0))
            (if (i32.eqz (local.get $values))
              (then
                (local.set $v (f64.const 1))
                (block $doneJ
                  (loop $jLoop
                    (br_if $doneJ (i32.ge_u (local.get $j) (local.get $vecBytes)))
                    (v128.store (i32.add (local.get $dst) (local.get $j))
                      (f64x2.add (v128.load (i32.add (local.get $dst) (local.get $j)))
                                 (v128.load (i32.add (local.get $src) (local.get $j)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $jLoop))))
              (else
                (local.set $v (f64.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 3)))))
                (local.set $vv (f64x2.splat (local.get $v)))
                (block $doneJ2
                  (loop $jLoop2
                    (br_if $doneJ2 (i32.ge_u (local.get $j) (local.get $vecBytes)))
                    (v128.store (i32.add (local.get $dst) (local.get $j))
                      (f64x2.add (v128.load (i32.add (local.get $dst) (local.get $j)))
                                 (f64x2.mul (local.get $vv) (v128.load (i32.add (local.get $src) (local.get $j))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $jLoop2)))))
            ;; the last column when n is odd
            (if (i32.lt_u (local.get $vecBytes) (local.get $stride))
              (then
                (f64.store (i32.add (local.get $dst) (local.get $vecBytes))
                  (f64.add (f64.load (i32.add (local.get $dst) (local.get $vecBytes)))
                           (f64.mul (local.get $v) (f64.load (i32.add (local.get $src) (local.get $vecBytes))))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; The same product for a 0/1 matrix, by the method of the Four Russians (Arlazarov et al. 1970): the
  ;; rows of w come in blocks of 7, and for each block the 128 sums of its subsets are tabulated, so a row of
  ;; the 0/1 matrix costs one table look-up per block instead of one row of w per non-zero. One call does one
  ;; 8-column tile: w (blocks × 7 rows, zero-padded) and out are offset to the tile and have `stride` bytes per
  ;; row; idx holds, per row of the
  ;; 0/1 matrix, one byte per block with the block's 7 bits; tables has room for blocks × 128 × 64 bytes.
  (func (export "spmmBits") (param $rows i32) (param $blocks i32) (param $stride i32) (param $idx i32)
        (param $w i32) (param $tables i32) (param $out i32)
    (local $b i32) (local $s i32) (local $t i32) (local $src i32) (local $prev i32) (local $r i32) (local $p i32) (local $pEnd i32)
    (local $q i32) (local $dst i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    ;; tables: for each block of 7 rows of w, the 128 subset sums of this 8-column tile (64 bytes each)
    (local.set $t (local.get $tables))
    (block $doneB
      (loop $bLoop
        (br_if $doneB (i32.ge_u (local.get $b) (local.get $blocks)))
        (v128.store (local.get $t) (v128.const i64x2 0 0))
        (v128.store offset=16 (local.get $t) (v128.const i64x2 0 0))
        (v128.store offset=32 (local.get $t) (v128.const i64x2 0 0))
        (v128.store offset=48 (local.get $t) (v128.const i64x2 0 0))
        (local.set $s (i32.const 1))
        (block $doneS
          (loop $sLoop
            (br_if $doneS (i32.ge_u (local.get $s) (i32.const 128)))
            ;; T[s] = T[s without its lowest bit] + w[7b + ctz(s)]
            (local.set $prev (i32.add (local.get $t) (i32.shl (i32.and (local.get $s) (i32.sub (local.get $s) (i32.const 1))) (i32.const 6))))
            (local.set $src (i32.add (local.get $w) (i32.mul (i32.add (i32.mul (local.get $b) (i32.const 7)) (i32.ctz (local.get $s))) (local.get $stride))))
            (local.set $q (i32.add (local.get $t) (i32.shl (local.get $s) (i32.const 6))))
            (v128.store (local.get $q) (f64x2.add (v128.load (local.get $prev)) (v128.load (local.get $src))))
            (v128.store offset=16 (local.get $q) (f64x2.add (v128.load offset=16 (local.get $prev)) (v128.load offset=16 (local.get $src))))
            (v128.store offset=32 (local.get $q) (f64x2.add (v128.load offset=32 (local.get $prev)) (v128.load offset=32 (local.get $src))))
            (v128.store offset=48 (local.get $q) (f64x2.add (v128.load offset=48 (local.get $prev)) (v128.load offset=48 (local.get $src))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $sLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 8192)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))
    ;; out[r, tile] = Σ_b T_b[idx[r, b]]
    (block $doneR
      (loop $rLoop
        (br_if $doneR (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const i64x2 0 0)) (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0)) (local.set $a3 (v128.const i64x2 0 0))
        (local.set $p (i32.add (local.get $idx) (i32.mul (local.get $r) (local.get $blocks))))
        (local.set $pEnd (i32.add (local.get $p) (local.get $blocks)))
        (local.set $t (local.get $tables))
        (block $doneP
          (loop $pLoop
            (br_if $doneP (i32.ge_u (local.get $p) (local.get $pEnd)))
            (local.set $q (i32.add (local.get $t) (i32.shl (i32.load8_u (local.get $p)) (i32.const 6))))
            (local.set $a0 (f64x2.add (local.get $a0) (v128.load (local.get $q))))
            (local.set $a1 (f64x2.add (local.get $a1) (v128.load offset=16 (local.get $q))))
            (local.set $a2 (f64x2.add (local.get $a2) (v128.load offset=32 (local.get $q))))
            (local.set $a3 (f64x2.add (local.get $a3) (v128.load offset=48 (local.get $q))))
            (local.set $t (i32.add (local.get $t) (i32.const 8192)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pLoop)))
        (local.set $dst (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))))
        (v128.store (local.get $dst) (local.get $a0))
        (v128.store offset=16 (local.get $dst) (local.get $a1))
        (v128.store offset=32 (local.get $dst) (local.get $a2))
        (v128.store offset=48 (local.get $dst) (local.get $a3))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; y[i] = Σ_{k ∈ row i} v_k · x[colIdx[k]] for rows i of a CSR matrix (v_k = 1 when values = 0).
  (func (export "spmv") (param $rows i32) (param $rowPtr i32) (param $colIdx i32) (param $values i32)
        (param $x i32) (param $y i32)
    (local $i i32) (local $k i32) (local $kEnd i32) (local $s f64)
    (block $doneRows
      (loop $rowLoop
        (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $k (i32.load (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $kEnd (i32.load offset=4 (i32.add (local.get $rowPtr) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s (f64.const 0))
        (if (i32.eqz (local.get $values))
          (then
            (block $done
              (loop $l
                (br_if $done (i32.ge_u (local.get $k) (local.get $kEnd)))
                (local.set $s (f64.add (local.get $s)
                  (f64.load (i32.add (local.get $x)
                    (i32.shl (i32.load (i32.add (local.get $colIdx) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $l))))
          (else
            (block $done2
              (loop $l2
                (br_if $done2 (i32.ge_u (local.get $k) (local.get $kEnd)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul
                    (f64.load (i32.add (local.get $values) (i32.shl (local.get $k) (i32.const 3))))
                    (f64.load (i32.add (local.get $x)
                      (i32.shl (i32.load (i32.add (local.get $colIdx) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $l2)))))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; Co-occurrence of bit columns: out[a, b] = out[b, a] = popcount(col a AND col b) for a in [a0, a1), b ≥ a.
  ;; Each of the n columns is `words` 64-bit words; out is n × n f64.
  (func (export "cooc") (param $n i32) (param $words i32) (param $bits i32) (param $out i32) (param $a0 i32) (param $a1 i32)
    (local $a i32) (local $b i32) (local $pa i32) (local $pb i32) (local $w i32) (local $colBytes i32) (local $s i64)
    (local $c f64)
    (local.set $colBytes (i32.shl (local.get $words) (i32.const 3)))
    (local.set $a (local.get $a0))
    (block $doneA
      (loop $aLoop
        (br_if $doneA (i32.ge_u (local.get $a) (local.get $a1)))
        (local.set $pa (i32.add (local.get $bits) (i32.mul (local.get $a) (local.get $colBytes))))
        (local.set $b (local.get $a))
        (block $doneB
          (loop $bLoop
            (br_if $doneB (i32.ge_u (local.get $b) (local.get $n)))
            (local.set $pb (i32.add (local.get $bits) (i32.mul (local.get $b) (local.get $colBytes))))
            (local.set $s (i64.const 0))
            (local.set $w (i32.const 0))
            (block $doneW
              (loop $wLoop
                (br_if $doneW (i32.ge_u (local.get $w) (local.get $colBytes)))
                (local.set $s (i64.add (local.get $s)
                  (i64.popcnt (i64.and (i64.load (i32.add (local.get $pa) (local.get $w)))
                                       (i64.load (i32.add (local.get $pb) (local.get $w)))))))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (br $wLoop)))
            (local.set $c (f64.convert_i64_u (local.get $s)))
            (f64.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $n)) (local.get $b)) (i32.const 3)))
              (local.get $c))
            (f64.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $n)) (local.get $a)) (i32.const 3)))
              (local.get $c))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $bLoop)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $aLoop))))
)
