/* fast_mlp.c -- the benchmark-only fast trainer (see fast_mlp.h for what and why).
 *
 * Built with -O3 -march=native -ffast-math -ffp-contract=fast (bench/bench.mk) and never linked
 * by the grader.
 * Each pass is the reference's pass of the same name with its loops arranged for the compiler:
 * innermost loops walk contiguous rows, with no dependence from one iteration to the next other
 * than a sum (which -ffast-math may split across vector lanes), and with a trip count known at
 * compile time where it can be. `restrict` promises that the buffers do not overlap.
 * The WebAssembly build (-msimd128) has a section of its own: tanh, exp and the loss's log1p two
 * at a time, and the forward product two examples at a time, with wasm_simd128.h.
 * Left out on purpose: x86 intrinsics, threads, BLAS, cache blocking.
 */
#include "fast_mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// The vector math library without -ffast-math. Under -ffast-math, glibc's <math.h> declares that
// tanh, exp, log1p and log have vector versions (libmvec, x86-64), and the compiler calls those
// on 8 doubles at once. Built instead with -DBENCH_SIMD_DECLS -fopenmp-simd and only the parts
// of -ffast-math that reorder sums (see bench/RESULTS.md), this file makes the same declarations
// itself and runs as fast, while NaN and infinity keep their meaning (no -ffinite-math-only).
#ifdef BENCH_SIMD_DECLS
#pragma omp declare simd notinbranch
double tanh(double);
#pragma omp declare simd notinbranch
double exp(double);
#pragma omp declare simd notinbranch
double log1p(double);
#pragma omp declare simd notinbranch
double log(double);
#endif

// ---------------------------------------------------------------- the two matrix products
//
// Every pass of a dense layer is one of two products, each computed a block of the result at a
// time with the block's sums held in registers until it is written. The block sizes (R, Q, W)
// are constants at every call and the block functions are always inlined (always_inline, which
// GCC and clang both know), so the compiler unrolls the loops over them into vector code. The
// callers take the biggest blocks that fit, then smaller ones at the edges.
#define BLOCK static inline __attribute__((always_inline))

// Rows m0 .. m0+R-1 and columns p0 .. p0+Q-1 of C = A (M, K) @ B (P, K)^T + bias (P):
//   C[m,p] = bias[p] + sum_k A[m,k] * B[p,k],
// each entry the dot product of two contiguous rows, which -ffast-math lets the compiler split
// across 8 lanes (a vectorised reduction). R examples by Q units, R, Q <= 2, 4: each stretch of
// a row of A is loaded once for Q sums, each stretch of a row of B once for R sums.
BLOCK void matmul_abt_block(double *restrict C, const double *restrict A,
                            const double *restrict B, const double *restrict bias,
                            int K, int P, int m0, int p0, const int R, const int Q)
{
    double s[2][4] = { { 0.0 } };
    for (int k = 0; k < K; k++)
        for (int r = 0; r < R; r++)
            for (int q = 0; q < Q; q++)
                s[r][q] += A[(m0 + r) * K + k] * B[(p0 + q) * K + k];
    for (int r = 0; r < R; r++)
        for (int q = 0; q < Q; q++)
            C[(m0 + r) * P + p0 + q] = bias[p0 + q] + s[r][q];
}

// C (M, P) = A (M, K) @ B (P, K)^T + bias: the forward pass, A = inp (N, D), B = weight (H, D),
// as linear_forward computes it. Blocks of 2 examples by 4 units.
static void matmul_abt(double *restrict C, const double *restrict A, const double *restrict B,
                       const double *restrict bias, int M, int K, int P)
{
    int m = 0;
    for (; m + 2 <= M; m += 2) {
        int p = 0;
        for (; p + 4 <= P; p += 4) matmul_abt_block(C, A, B, bias, K, P, m, p, 2, 4);
        for (; p < P; p++) matmul_abt_block(C, A, B, bias, K, P, m, p, 2, 1);
    }
    for (; m < M; m++) {
        int p = 0;
        for (; p + 4 <= P; p += 4) matmul_abt_block(C, A, B, bias, K, P, m, p, 1, 4);
        for (; p < P; p++) matmul_abt_block(C, A, B, bias, K, P, m, p, 1, 1);
    }
}

// Columns p0 .. p0+W-1 (W <= 64) of C = A (M, K) @ B (K, P), where A[m,k] = A[m * as + k * ks]
// (as = K, ks = 1 for a row-major A; as = 1, ks = M for the transpose of a row-major (K, M))
// and B, C are row-major. For each row of C the W columns are summed in registers over k, each
// step adding a stretch of row k of B scaled by one number of A (no sum across lanes), and
// stored once.
BLOCK void matmul_ab_columns(double *restrict C, const double *restrict A, int as, int ks,
                             const double *restrict B, int M, int K, int P, int p0, const int W)
{
    for (int m = 0; m < M; m++) {
        double acc[64] = { 0.0 };
        for (int k = 0; k < K; k++) {
            const double a = A[m * as + k * ks];
            const double *restrict b = B + k * P + p0;
            for (int j = 0; j < W; j++) acc[j] += a * b[j];
        }
        for (int j = 0; j < W; j++) C[m * P + p0 + j] = acc[j];
    }
}

// C (M, P) = A (M, K) @ B (K, P), written (=): the backward passes, dweight = dz^T @ inp and
// dinp = dz @ weight. Blocks of 64 columns, then of 8, then one by one.
static void matmul_ab(double *restrict C, const double *restrict A, int as, int ks,
                      const double *restrict B, int M, int K, int P)
{
    int p = 0;
    for (; p + 64 <= P; p += 64) matmul_ab_columns(C, A, as, ks, B, M, K, P, p, 64);
    for (; p + 8 <= P; p += 8) matmul_ab_columns(C, A, as, ks, B, M, K, P, p, 8);
    for (; p < P; p++) matmul_ab_columns(C, A, as, ks, B, M, K, P, p, 1);
}

// ---------------------------------------------------------------- activations, one pass each

#if defined(__wasm_simd128__)
// ---------------------------------------------------------------- tanh for WebAssembly SIMD
//
// WebAssembly has no vector math library: wasi-libc's tanh is one scalar call per number, and
// it is most of the time of a small tanh network (bench/RESULTS.md). Built with -msimd128, this
// file computes tanh two doubles at a time instead, as
//     tanh(x) = sign(x) * -t / (2 + t),   t = expm1(-2 |x|),
// which has no cancellation near 0, with expm1 by the textbook method: -2|x| = k ln 2 + r,
// |r| <= ln(2) / 2 (ln 2 in two parts, so that r is exact to the last bit), expm1(r) from its
// Taylor series to r^13 (the next term is below 2^-56 of the result), then
// expm1 = 2^k expm1(r) + (2^k - 1). |x| is capped at 20, where tanh is 1 in double precision.
// Agreement with libm's tanh: within a few units in the last place (bench/playground_bench.js
// checks a whole epoch against the reference build).
#include <wasm_simd128.h>
// pmin(a, b) = b < a ? b : a, one instruction, keeps a NaN in a (f64x2.min, with its rules for
// NaN and -0, is a sequence of instructions in V8).
#define MIN wasm_f64x2_pmin
#define BCE_CHUNK 64


// The parts of e^y for y in [-40, 0], two at a time: y = k ln 2 + r with |r| <= ln(2) / 2, and
// *em1r = expm1(r), *two_k = 2^k; then e^y = 2^k (expm1(r) + 1) and expm1(y) = 2^k expm1(r) +
// (2^k - 1), each accurate to a few units in the last place.
static inline void exp_parts(v128_t y, v128_t *em1r, v128_t *two_k)
{
    // k = round(y / ln 2), as a double and (below) as a 64-bit integer
    const v128_t kd = wasm_f64x2_nearest(wasm_f64x2_mul(y, wasm_f64x2_splat(1.4426950408889634)));
    // k in the low bits of kd + 1.5 * 2^52 (|k| < 2^51), read as an integer below: cheaper in the
    // engines than a conversion (i32x4.trunc_sat_f64x2_zero is a sequence of instructions in V8)
    const v128_t k = wasm_f64x2_add(kd, wasm_f64x2_splat(0x1.8p52));
    const v128_t r = wasm_f64x2_sub(wasm_f64x2_sub(y, wasm_f64x2_mul(kd, wasm_f64x2_splat(6.93147180369123816490e-01))),
                                    wasm_f64x2_mul(kd, wasm_f64x2_splat(1.90821492927058770002e-10)));
    // expm1(r) = r + r^2/2! + ... + r^13/13!
    static const double c[12] = { 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040,
                                  1.0 / 40320, 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800,
                                  1.0 / 479001600, 1.0 / 6227020800.0 };
    // Estrin's scheme (a tree, not Horner's chain of 12 dependent steps): pairs c[i] + c[i+1] r,
    // then pairs of those with r^2, then with r^4 and r^8
#define C(i) wasm_f64x2_splat(c[i])
#define ADD wasm_f64x2_add
#define MUL wasm_f64x2_mul
    const v128_t r2 = MUL(r, r), r4 = MUL(r2, r2), r8 = MUL(r4, r4);
    v128_t p01 = ADD(C(0), MUL(C(1), r)), p23 = ADD(C(2), MUL(C(3), r));
    v128_t p45 = ADD(C(4), MUL(C(5), r)), p67 = ADD(C(6), MUL(C(7), r));
    v128_t p89 = ADD(C(8), MUL(C(9), r)), p1011 = ADD(C(10), MUL(C(11), r));
    v128_t p03 = ADD(p01, MUL(p23, r2)), p47 = ADD(p45, MUL(p67, r2)), p811 = ADD(p89, MUL(p1011, r2));
    v128_t p = ADD(ADD(p03, MUL(p47, r4)), MUL(p811, r8));
    *em1r = ADD(r, MUL(r2, p));
#undef C
#undef ADD
#undef MUL
    // 2^k from its bits: (k + 1023) << 52, k in the low bits of kd + 1.5 * 2^52 (whose other
    // bits the shift pushes out)
    *two_k = wasm_i64x2_shl(wasm_i64x2_add(k, wasm_i64x2_splat(1023)), 52);
}

static inline v128_t tanh2(v128_t x)
{
    const v128_t ax = MIN(wasm_f64x2_abs(x), wasm_f64x2_splat(20.0));
    v128_t em1r, two_k;
    exp_parts(wasm_f64x2_mul(ax, wasm_f64x2_splat(-2.0)), &em1r, &two_k);
    const v128_t t = wasm_f64x2_add(wasm_f64x2_mul(two_k, em1r), wasm_f64x2_sub(two_k, wasm_f64x2_splat(1.0)));
    const v128_t th = wasm_f64x2_div(wasm_f64x2_neg(t), wasm_f64x2_add(t, wasm_f64x2_splat(2.0)));
    // the sign of x back on
    const v128_t sign = wasm_v128_and(x, wasm_i64x2_splat((int64_t)0x8000000000000000ULL));
    return wasm_v128_or(th, sign);
}

// e^-|z| for two logits (|z| capped at 700, where it is below every double but zero anyway).
static inline v128_t exp_minus_abs2(v128_t z)
{
    v128_t em1r, two_k;
    exp_parts(wasm_f64x2_neg(MIN(wasm_f64x2_abs(z), wasm_f64x2_splat(700.0))), &em1r, &two_k);
    return wasm_f64x2_mul(two_k, wasm_f64x2_add(em1r, wasm_f64x2_splat(1.0)));
}

// log1p(e) for two e in [0, 1] (e = exp(-|z|) in the loss), as fdlibm's log: u = 1 + e rounded,
// plus (e - (u - 1)) / u for what the rounding lost; u = 2^k (1 + f), 1 + f in [sqrt(2)/2,
// sqrt(2)), k = 0 or 1; log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))), s = f / (2 + f), with
// fdlibm's minimax R. Within 1 ulp of log1p.
static inline v128_t log1p_unit2(v128_t e)
{
#define C(v) wasm_f64x2_splat(v)
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define MUL wasm_f64x2_mul
    const v128_t u = ADD(C(1.0), e);
    const v128_t c = wasm_f64x2_div(SUB(e, SUB(u, C(1.0))), u);
    const v128_t big = wasm_f64x2_gt(u, C(1.4142135623730951));       // k = 1: all ones
    const v128_t k = wasm_v128_and(big, C(1.0));
    const v128_t m = wasm_v128_bitselect(MUL(u, C(0.5)), u, big);     // exact
    const v128_t f = SUB(m, C(1.0));                                   // exact
    const v128_t s = wasm_f64x2_div(f, ADD(C(2.0), f));
    const v128_t z = MUL(s, s), w = MUL(z, z);
    const v128_t t1 = MUL(w, ADD(C(3.999999999940941908e-01), MUL(w, ADD(C(2.222219843214978396e-01),
                                                                         MUL(w, C(1.531383769920937332e-01))))));
    const v128_t t2 = MUL(z, ADD(C(6.666666666666735130e-01), MUL(w, ADD(C(2.857142874366239149e-01),
                          MUL(w, ADD(C(1.818357216161805012e-01), MUL(w, C(1.479819860511658591e-01))))))));
    const v128_t R = ADD(t2, t1);
    const v128_t hfsq = MUL(C(0.5), MUL(f, f));
    // k ln2_hi - ((hfsq - (s (hfsq + R) + k ln2_lo)) - f), then + c
    const v128_t lg = SUB(MUL(k, C(6.93147180369123816490e-01)),
                          SUB(SUB(hfsq, ADD(MUL(s, ADD(hfsq, R)), MUL(k, C(1.90821492927058770002e-10)))), f));
    return ADD(lg, c);
#undef C
#undef ADD
#undef SUB
#undef MUL
}

// C (M, P) = A (M, K) @ B (P, K)^T + bias, two rows of A (two examples) per vector: each sum
// starts at the bias and adds k = 0, 1, ... in order, as linear_forward does, so the results are
// the reference's to the last bit; four units at a time share the loads of A.
static void matmul_abt_simd(double *restrict C, const double *restrict A,
                            const double *restrict B, const double *restrict bias,
                            int M, int K, int P)
{
    int m = 0;
    for (; m + 2 <= M; m += 2) {
        const double *a0 = A + m * K, *a1 = a0 + K;
        int p = 0;
        for (; p + 4 <= P; p += 4) {
            v128_t s0 = wasm_f64x2_splat(bias[p]), s1 = wasm_f64x2_splat(bias[p + 1]);
            v128_t s2 = wasm_f64x2_splat(bias[p + 2]), s3 = wasm_f64x2_splat(bias[p + 3]);
            const double *b = B + p * K;
            for (int k = 0; k < K; k++) {
                v128_t a = wasm_f64x2_make(a0[k], a1[k]);
                s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(a, wasm_f64x2_splat(b[k])));
                s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(a, wasm_f64x2_splat(b[K + k])));
                s2 = wasm_f64x2_add(s2, wasm_f64x2_mul(a, wasm_f64x2_splat(b[2 * K + k])));
                s3 = wasm_f64x2_add(s3, wasm_f64x2_mul(a, wasm_f64x2_splat(b[3 * K + k])));
            }
            v128_t sums[4] = { s0, s1, s2, s3 };
            for (int q = 0; q < 4; q++) {
                C[m * P + p + q] = wasm_f64x2_extract_lane(sums[q], 0);
                C[(m + 1) * P + p + q] = wasm_f64x2_extract_lane(sums[q], 1);
            }
        }
        for (; p < P; p++) {
            v128_t s0 = wasm_f64x2_splat(bias[p]);
            const double *b = B + p * K;
            for (int k = 0; k < K; k++)
                s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_f64x2_make(a0[k], a1[k]), wasm_f64x2_splat(b[k])));
            C[m * P + p] = wasm_f64x2_extract_lane(s0, 0);
            C[(m + 1) * P + p] = wasm_f64x2_extract_lane(s0, 1);
        }
    }
    if (m < M)
        matmul_abt(C + m * P, A + m * K, B, bias, M - m, K, P);
}

// Four pairs at a time: each tanh2 is a long chain of dependent steps, and four independent
// chains keep the processor busy while each waits for its last result.
static void tanh_pass(double *restrict a, int count)
{
    int k = 0;
    for (; k + 8 <= count; k += 8) {
        v128_t t0 = tanh2(wasm_v128_load(a + k)), t1 = tanh2(wasm_v128_load(a + k + 2));
        v128_t t2 = tanh2(wasm_v128_load(a + k + 4)), t3 = tanh2(wasm_v128_load(a + k + 6));
        wasm_v128_store(a + k, t0);
        wasm_v128_store(a + k + 2, t1);
        wasm_v128_store(a + k + 4, t2);
        wasm_v128_store(a + k + 6, t3);
    }
    for (; k + 2 <= count; k += 2)
        wasm_v128_store(a + k, tanh2(wasm_v128_load(a + k)));
    if (k < count) {
        double two[2] = { a[k], 0.0 };
        wasm_v128_store(two, tanh2(wasm_v128_load(two)));
        a[k] = two[0];
    }
}

#endif

// a = f(a) over a whole (N, H) block in place: one loop per function, so that the compiler
// calls the vector math library (tanh, exp on 8 doubles at once) instead of libm per number.
static void activation_pass(double *restrict a, int count, Activation f)
{
    switch (f) {
    case ACT_TANH:
#if defined(__wasm_simd128__)
        tanh_pass(a, count);
#else
        for (int k = 0; k < count; k++) a[k] = tanh(a[k]);
#endif
        break;
    case ACT_SIGMOID:
        for (int k = 0; k < count; k++) a[k] = 1.0 / (1.0 + exp(-a[k]));
        break;
    case ACT_RELU:
        for (int k = 0; k < count; k++) a[k] = a[k] > 0.0 ? a[k] : 0.0;
        break;
    }
}

// dz = dout * f'(z), written (=) over a whole block, f'(z) from the stored a = f(z).
static void activation_backward_pass(double *restrict dz, const double *restrict dout,
                                     const double *restrict a, int count, Activation f)
{
    switch (f) {
    case ACT_TANH:
        for (int k = 0; k < count; k++) dz[k] = dout[k] * (1.0 - a[k] * a[k]);
        break;
    case ACT_SIGMOID:
        for (int k = 0; k < count; k++) dz[k] = dout[k] * (a[k] * (1.0 - a[k]));
        break;
    case ACT_RELU:
        for (int k = 0; k < count; k++) dz[k] = a[k] > 0.0 ? dout[k] : 0.0;
        break;
    }
}

// ---------------------------------------------------------------- losses, fused with their gradients

// Binary cross-entropy on logits z (N), y (N) in {0, 1}: returns the mean loss and writes (=)
// dlogits[n] = (sigmoid(z[n]) - y[n]) / N. The same stable formula as bce_loss, with one exp
// for both: e = exp(-|z|) gives log1p(e) and sigmoid(z) = 1 / (1 + e) for z >= 0, e / (1 + e)
// for z < 0.
static double bce_pass(double *restrict dlogits, const double *restrict z, const int *restrict y,
                       int N)
{
    double sum = 0.0;
#if defined(__wasm_simd128__)
    double es[BCE_CHUNK], ls[BCE_CHUNK];   // e = exp(-|z|) and log1p(e), two at a time, a chunk
    for (int n0 = 0; n0 < N; n0 += BCE_CHUNK) {
        int B = N - n0 < BCE_CHUNK ? N - n0 : BCE_CHUNK;
        for (int j = 0; j < B; j += 2) {
            double two[2] = { z[n0 + j], j + 1 < B ? z[n0 + j + 1] : 0.0 }, logs[2];
            v128_t e = exp_minus_abs2(wasm_v128_load(two));
            wasm_v128_store(two, e);
            wasm_v128_store(logs, log1p_unit2(e));
            es[j] = two[0], ls[j] = logs[0];
            if (j + 1 < B) es[j + 1] = two[1], ls[j + 1] = logs[1];
        }
        for (int j = 0; j < B; j++) {
            int n = n0 + j;
            double zn = z[n], yn = y[n], e = es[j];
            double p = (zn >= 0.0 ? 1.0 : e) / (1.0 + e);
            sum += (zn > 0.0 ? zn : 0.0) - yn * zn + ls[j];
            dlogits[n] = (p - yn) / N;
        }
    }
    return sum / N;
#endif
    for (int n = 0; n < N; n++) {
        double zn = z[n], yn = y[n];
        double e = exp(-fabs(zn));
        double p = (zn >= 0.0 ? 1.0 : e) / (1.0 + e);
        sum += (zn > 0.0 ? zn : 0.0) - yn * zn + log1p(e);
        dlogits[n] = (p - yn) / N;
    }
    return sum / N;
}

// Softmax cross-entropy on logits z (N, K), y (N): returns the mean loss and writes (=)
// dlogits = (softmax(z) - onehot(y)) / N. Three passes: shift each row by its maximum, exp over
// the whole block at once (vectorised across rows), then normalise each row.
static double softmax_pass(double *restrict dlogits, const double *restrict z,
                           const int *restrict y, int N, int K)
{
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        const double *restrict zr = z + n * K;
        double max = zr[0];
        for (int k = 1; k < K; k++) max = zr[k] > max ? zr[k] : max;
        for (int k = 0; k < K; k++) dlogits[n * K + k] = zr[k] - max;
        sum += max - zr[y[n]];                       // the loss is max + log(s) - z[y]
    }
    for (int k = 0; k < N * K; k++)
        dlogits[k] = exp(dlogits[k]);
    for (int n = 0; n < N; n++) {
        double *restrict e = dlogits + n * K;
        double s = 0.0;
        for (int k = 0; k < K; k++) s += e[k];
        sum += log(s);
        double scale = 1.0 / (s * N);
        for (int k = 0; k < K; k++) e[k] *= scale;   // p / N
        e[y[n]] -= 1.0 / N;                          // minus onehot / N
    }
    return sum / N;
}

// ---------------------------------------------------------------- the model verbs

int fast_init(FastMlp *f, Mlp *m, LossKind loss)
{
    memset(f, 0, sizeof *f);
    int K = m->sizes[m->L];
    if ((loss == LOSS_BCE) != (K == 1))
        return -1;
    f->yb = malloc(sizeof(int) * (size_t)m->max_batch);
    if (!f->yb)
        return -1;
    f->m = m;
    f->loss = loss;
    return 0;
}

void fast_free(FastMlp *f)
{
    free(f->yb);
    memset(f, 0, sizeof *f);
}

// The forward pass on the batch already in acts[0] (N rows): each layer's matrix product, then
// the hidden layers' activation as a pass of its own. Returns the logits (N, K).
static const double *fast_forward(Mlp *m, int N)
{
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
#if defined(__wasm_simd128__)
        matmul_abt_simd(m->acts[l + 1], m->acts[l], m->weight[l], m->bias[l], N, D, H);
#else
        matmul_abt(m->acts[l + 1], m->acts[l], m->weight[l], m->bias[l], N, D, H);
#endif
        if (l < m->L - 1)
            activation_pass(m->acts[l + 1], N * H, m->act);
    }
    m->N = N;
    return m->acts[m->L];
}

// The backward pass from dlogits = dacts[L] (N, K): grads = d loss / d params, written.
static void fast_backward(Mlp *m, int N)
{
    const double *dout = m->dacts[m->L];
    for (int l = m->L - 1; l >= 0; l--) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        if (l < m->L - 1) {                  // through the activation: dz = dout * f'(z)
            activation_backward_pass(m->dz[l], dout, m->acts[l + 1], N * H, m->act);
            dout = m->dz[l];
        }
        // dweight (H, D) = dout^T (H, N) @ inp (N, D); dbias = the column sums of dout
        matmul_ab(m->dweight[l], dout, 1, H, m->acts[l], H, N, D);
        double *restrict db = m->dbias[l];
        for (int h = 0; h < H; h++) db[h] = 0.0;
        for (int n = 0; n < N; n++)
            for (int h = 0; h < H; h++) db[h] += dout[n * H + h];
        // dinp (N, D) = dout (N, H) @ weight (H, D): only for a layer below (not the input)
        if (l > 0) {
            matmul_ab(m->dacts[l], dout, H, 1, m->weight[l], N, H, D);
            dout = m->dacts[l];
        }
    }
}

// params -= lr * grads, every parameter of every layer (one block).
static void fast_update(Mlp *m, double lr)
{
    double *restrict p = m->params;
    const double *restrict g = m->grads;
    for (int k = 0; k < m->num_params; k++)
        p[k] -= lr * g[k];
}

// One step on the batch whose N rows are in acts[0] and labels in yb.
static double step_on_loaded_batch(FastMlp *f, int N, double lr)
{
    Mlp *m = f->m;
    int K = m->sizes[m->L];
    const double *logits = fast_forward(m, N);
    double loss = f->loss == LOSS_BCE ? bce_pass(m->dacts[m->L], logits, f->yb, N)
                                      : softmax_pass(m->dacts[m->L], logits, f->yb, N, K);
    fast_backward(m, N);
    fast_update(m, lr);
    return loss;
}

double fast_train_step(FastMlp *f, const double *X, const int *y, int N, double lr)
{
    Mlp *m = f->m;
    if (N < 1 || N > m->max_batch)
        return NAN;
    memcpy(m->acts[0], X, sizeof(double) * (size_t)N * m->sizes[0]);
    memcpy(f->yb, y, sizeof(int) * (size_t)N);
    return step_on_loaded_batch(f, N, lr);
}

double fast_train_epoch(FastMlp *f, const double *X, const int *y, int n, const int *order,
                        int batch, double lr)
{
    Mlp *m = f->m;
    int D = m->sizes[0];
    if (n < 1 || batch < 1 || batch > m->max_batch)
        return NAN;
    double total = 0.0;
    for (int start = 0; start < n; start += batch) {
        int B = n - start < batch ? n - start : batch;
        // gather the batch straight into the network's input rows
        for (int j = 0; j < B; j++) {
            const double *restrict src = X + order[start + j] * D;
            double *restrict dst = m->acts[0] + j * D;
            for (int i = 0; i < D; i++) dst[i] = src[i];
            f->yb[j] = y[order[start + j]];
        }
        total += B * step_on_loaded_batch(f, B, lr);
    }
    return total / n;
}
