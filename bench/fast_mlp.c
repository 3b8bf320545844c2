/* fast_mlp.c -- the benchmark-only fast trainer (see fast_mlp.h for what and why).
 *
 * Built with -O3 -march=native -ffast-math -ffp-contract=fast (bench/bench.mk) and never linked
 * by the grader.
 * Each pass is the reference's pass of the same name with its loops arranged for the compiler:
 * innermost loops walk contiguous rows, with no dependence from one iteration to the next other
 * than a sum (which -ffast-math may split across vector lanes), and with a trip count known at
 * compile time where it can be. `restrict` promises that the buffers do not overlap.
 * The WebAssembly build (-msimd128) has a section of its own, with wasm_simd128.h: the batch
 * transposed so that a vector holds two examples, and tanh, exp and the loss's log1p two at a
 * time, each in passes of short chains (the engines' code leaves long ones waiting).
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


// A block of a product whose sizes are constants at every call: always inlined (GCC and clang
// both know always_inline), so that the compiler unrolls the loops over the block.
#define BLOCK static inline __attribute__((always_inline))

#if !defined(__wasm_simd128__)
// ================================================================ natively: the batch as rows
//
// The reference's buffers (acts, dacts, dz: one row per example), each pass one loop nest that
// the compiler vectorises.

// ---------------------------------------------------------------- the two matrix products
//
// Every pass of a dense layer is one of two products, each computed a block of the result at a
// time with the block's sums held in registers until it is written. The block sizes (R, Q, W)
// are constants at every call and the block functions are always inlined (always_inline, which
// GCC and clang both know), so the compiler unrolls the loops over them into vector code. The
// callers take the biggest blocks that fit, then smaller ones at the edges.

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

// a = f(a) over a whole (N, H) block in place: one loop per function, so that the compiler
// calls the vector math library (tanh, exp on 8 doubles at once) instead of libm per number.
static void activation_pass(double *restrict a, int count, Activation f)
{
    switch (f) {
    case ACT_TANH:
        for (int k = 0; k < count; k++) a[k] = tanh(a[k]);
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

// The forward pass on the batch already in acts[0] (N rows): each layer's matrix product, then
// the hidden layers' activation as a pass of its own. Returns the logits (N, K).
static const double *fast_forward(Mlp *m, int N)
{
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        matmul_abt(m->acts[l + 1], m->acts[l], m->weight[l], m->bias[l], N, D, H);
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

// Example j of the batch: its inputs into row j of acts[0], its label into yb.
static void load_example(FastMlp *f, int j, const double *restrict x, int y)
{
    const int D = f->m->sizes[0];
    double *restrict dst = f->m->acts[0] + j * D;
    for (int i = 0; i < D; i++) dst[i] = x[i];
    f->yb[j] = y;
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

#else
// ================================================================ WebAssembly SIMD (-msimd128)
//
// 128-bit vectors, two doubles, written with wasm_simd128.h: the batch transposed so that a
// vector holds two examples (below), and tanh, exp and log1p of our own, since WebAssembly has
// no vector math library (wasi-libc's are one scalar call per number). bench/check_fast.c,
// built for WebAssembly and run in node by make bench-short, holds this section to the same
// agreement with the reference as the native one.

// ---------------------------------------------------------------- tanh, exp, log1p, two at a time
//
// tanh(x) = sign(x) * -t / (2 + t),   t = expm1(-2 |x|),
// which has no cancellation near 0, with expm1 by the textbook method: -2|x| = k ln 2 + r,
// |r| <= ln(2) / 2 (ln 2 in two parts, so that r is exact to the last bit), expm1(r) from its
// Taylor series to r^13 (the next term is below 2^-56 of the result), then
// expm1 = 2^k expm1(r) + (2^k - 1). |x| is capped at 20, where tanh is 1 in double precision.
// At most 2.52 ulp from the exact value at 16 million points, where glibc's tanh is up to 2.12
// ulp off (bench/RESULTS.md).
#include <wasm_simd128.h>
// pmin(a, b) = b < a ? b : a, one instruction, keeps a NaN in a (f64x2.min, with its rules for
// NaN and -0, is a sequence of instructions in V8).
#define MIN wasm_f64x2_pmin

// e^y for y in [-700, 0], two at a time, in three steps: y = k ln 2 + r with |r| <= ln(2) / 2
// (exp_reduce), expm1(r) (expm1_reduced), 2^k (pow2); then e^y = 2^k (expm1(r) + 1) and
// expm1(y) = 2^k expm1(r) + (2^k - 1), each accurate to a few units in the last place.
static inline void exp_reduce(v128_t y, v128_t *kd, v128_t *r)
{
    // k = round(y / ln 2), as a double; r = y - k ln 2 with ln 2 in two parts (k ln2_hi is exact)
    *kd = wasm_f64x2_nearest(wasm_f64x2_mul(y, wasm_f64x2_splat(1.4426950408889634)));
    *r = wasm_f64x2_sub(wasm_f64x2_sub(y, wasm_f64x2_mul(*kd, wasm_f64x2_splat(6.93147180369123816490e-01))),
                        wasm_f64x2_mul(*kd, wasm_f64x2_splat(1.90821492927058770002e-10)));
}

static inline v128_t expm1_reduced(v128_t r)
{
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
    return ADD(r, MUL(r2, p));
#undef C
#undef ADD
#undef MUL
}

static inline v128_t pow2(v128_t kd)
{
    // (k + 1023) << 52, k in the low bits of kd + 1.5 * 2^52 (|k| < 2^51; the shift pushes the
    // other bits out): cheaper in the engines than a conversion (i32x4.trunc_sat_f64x2_zero is
    // a sequence of instructions in V8)
    const v128_t k = wasm_f64x2_add(kd, wasm_f64x2_splat(0x1.8p52));
    return wasm_i64x2_shl(wasm_i64x2_add(k, wasm_i64x2_splat(1023)), 52);
}

// tanh over the lane rows Z[h * S + n], h < H, n < cols (even), in place, as
//     tanh(x) = sign(x) * -t / (2 + t),   t = expm1(-2 |x|) = 2^k expm1(r) + (2^k - 1),
// in three passes over all the rows: the reduction (k into kds, r into rs), expm1(r) (into rs),
// then t and the division. One value's steps are a chain of about fifty, each waiting for the
// one before; V8 emits each chain whole, and the processor's scheduler holds only about three
// such chains at once, so that most of the time goes to waiting. Three passes of short chains
// let it overlap many more: 1.6 times the values a second of one pass (bench/RESULTS.md).
static void tanh_rows(double *restrict Z, int H, int S, int cols, double *restrict kds,
                      double *restrict rs)
{
    // a full batch (cols = S): the rows are one block, one loop
    const int rows = cols == S ? 1 : H, len = cols == S ? H * S : cols;
    for (int h = 0; h < rows; h++)
        for (int n = h * S; n < h * S + len; n += 2) {
            const v128_t ax = MIN(wasm_f64x2_abs(wasm_v128_load(Z + n)), wasm_f64x2_splat(20.0));
            v128_t kd, r;
            exp_reduce(wasm_f64x2_mul(ax, wasm_f64x2_splat(-2.0)), &kd, &r);
            wasm_v128_store(kds + n, kd);
            wasm_v128_store(rs + n, r);
        }
    for (int h = 0; h < rows; h++)
        for (int n = h * S; n < h * S + len; n += 2)
            wasm_v128_store(rs + n, expm1_reduced(wasm_v128_load(rs + n)));
    for (int h = 0; h < rows; h++)
        for (int n = h * S; n < h * S + len; n += 2) {
            const v128_t x = wasm_v128_load(Z + n), two_k = pow2(wasm_v128_load(kds + n));
            const v128_t t = wasm_f64x2_add(wasm_f64x2_mul(two_k, wasm_v128_load(rs + n)),
                                            wasm_f64x2_sub(two_k, wasm_f64x2_splat(1.0)));
            const v128_t th = wasm_f64x2_div(wasm_f64x2_neg(t), wasm_f64x2_add(t, wasm_f64x2_splat(2.0)));
            // the sign of x back on
            const v128_t sign = wasm_v128_and(x, wasm_i64x2_splat((int64_t)0x8000000000000000ULL));
            wasm_v128_store(Z + n, wasm_v128_or(th, sign));
        }
}

// e^-|z| for two logits (|z| capped at 700, where it is below every double but zero anyway).
static inline v128_t exp_minus_abs2(v128_t z)
{
    v128_t kd, r;
    exp_reduce(wasm_f64x2_neg(MIN(wasm_f64x2_abs(z), wasm_f64x2_splat(700.0))), &kd, &r);
    return wasm_f64x2_mul(pow2(kd), wasm_f64x2_add(expm1_reduced(r), wasm_f64x2_splat(1.0)));
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

// ---------------------------------------------------------------- two examples a vector
//
// The batch is kept transposed, one row per unit and one column per example (a "lane" layout):
// lane row d of layer l holds acts[l][n * D + d] at column n, and a vector of two doubles holds
// one unit's value for two neighbouring examples. Every pass then reads and writes whole
// vectors, without gathering two examples' numbers into one vector or splitting them apart:
//   forward   z[h][n] = bias[h] + sum_d weight[h][d] a[d][n]   (the vector a[d][n, n+1] times
//             one weight, for four units at once), then the activation over the whole layer
//   backward  dz_below[d][n] = f'(a[d][n]) sum_h weight[h][d] dz[h][n]
//             dweight[h][d] = sum_n dz[h][n] a[d][n]            (each sum two half-sums, even
//             and odd examples, in one vector, added at the end), and the step on the layer
// An odd batch gets a padding column of zeros, whose loss gradient is 0: it adds nothing (and a
// batch of one is half padding: this layout is for batches).
// The forward sums add d = 0, 1, ... to the bias in order, as linear_forward does, so the
// logits are the reference's to the last bit wherever tanh_rows rounds as libm's tanh; the
// gradients add the examples in another order than the reference (two half-sums), within a few
// units in the last place.

// pmax(a, b) = a < b ? b : a: relu's a > 0 ? a : 0 as pmax(0, a), a NaN giving 0 as there.
#define PMAX wasm_f64x2_pmax

// sigmoid(z) = 1 / (1 + exp(-z)) from e = exp(-|z|): 1 / (1 + e) for z >= 0, e / (1 + e) for
// z < 0 (the same number within an ulp, from an exp that never overflows), as bce_pass.
static inline v128_t sigmoid_from_e2(v128_t z, v128_t e)
{
    const v128_t one = wasm_f64x2_splat(1.0);
    const v128_t num = wasm_v128_bitselect(one, e, wasm_f64x2_ge(z, wasm_f64x2_splat(0.0)));
    return wasm_f64x2_div(num, wasm_f64x2_add(one, e));
}

// The reference's sigmoid activation, two at a time.
static inline v128_t sigmoid2(v128_t z)
{
    return sigmoid_from_e2(z, exp_minus_abs2(z));
}

// a = f(z) over the lane rows Z (H rows, columns 0 .. cols-1), in place; s1, s2: scratch of the
// same shape, for tanh.
static void lanes_activation(double *restrict Z, int H, int S, int cols, Activation f,
                             double *restrict s1, double *restrict s2)
{
    if (f == ACT_TANH) {
        tanh_rows(Z, H, S, cols, s1, s2);
        return;
    }
    for (int h = 0; h < H; h++)
        for (int n = h * S; n < h * S + cols; n += 2) {
            const v128_t z = wasm_v128_load(Z + n);
            wasm_v128_store(Z + n, f == ACT_SIGMOID ? sigmoid2(z) : PMAX(wasm_f64x2_splat(0.0), z));
        }
}

// Z (H rows) = W (H, D) @ A (D rows) + bias over columns 0 .. cols-1 (even), every row S long.
// Four units at a time: one load of a[d] serves four sums.
static void lanes_forward(double *restrict Z, const double *restrict A, const double *restrict W,
                          const double *restrict bias, int D, int H, int S, int cols)
{
    int h = 0;
    for (; h + 4 <= H; h += 4) {
        const double *w0 = W + h * D, *w1 = w0 + D, *w2 = w1 + D, *w3 = w2 + D;
        for (int n = 0; n < cols; n += 2) {
            v128_t s0 = wasm_f64x2_splat(bias[h]), s1 = wasm_f64x2_splat(bias[h + 1]);
            v128_t s2 = wasm_f64x2_splat(bias[h + 2]), s3 = wasm_f64x2_splat(bias[h + 3]);
            for (int d = 0; d < D; d++) {
                const v128_t a = wasm_v128_load(A + d * S + n);
                s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(a, wasm_f64x2_splat(w0[d])));
                s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(a, wasm_f64x2_splat(w1[d])));
                s2 = wasm_f64x2_add(s2, wasm_f64x2_mul(a, wasm_f64x2_splat(w2[d])));
                s3 = wasm_f64x2_add(s3, wasm_f64x2_mul(a, wasm_f64x2_splat(w3[d])));
            }
            wasm_v128_store(Z + h * S + n, s0);
            wasm_v128_store(Z + (h + 1) * S + n, s1);
            wasm_v128_store(Z + (h + 2) * S + n, s2);
            wasm_v128_store(Z + (h + 3) * S + n, s3);
        }
    }
    for (; h < H; h++) {
        const double *w0 = W + h * D;
        for (int n = 0; n < cols; n += 2) {
            v128_t s0 = wasm_f64x2_splat(bias[h]);
            for (int d = 0; d < D; d++)
                s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_v128_load(A + d * S + n),
                                                       wasm_f64x2_splat(w0[d])));
            wasm_v128_store(Z + h * S + n, s0);
        }
    }
}

// Rows h0 .. h0+HQ-1 and columns d0 .. d0+DQ-1 of dweight = G (H rows) . A (D rows) summed over
// the lane columns (HQ, DQ <= 4, 2): HQ + DQ loads for HQ * DQ products, each sum two half-sums
// (even and odd examples) in one vector, added when it is written; then the step on the same
// weights, weight -= lr * dweight.
BLOCK void lanes_weight_grads_block(double *restrict dW, double *restrict W,
                                    const double *restrict G, const double *restrict A, int D,
                                    int S, int cols, double lr, int h0, int d0, const int HQ,
                                    const int DQ)
{
    v128_t s[4][2];
    for (int q = 0; q < HQ; q++)
        for (int r = 0; r < DQ; r++) s[q][r] = wasm_f64x2_splat(0.0);
    for (int n = 0; n < cols; n += 2) {
        v128_t a[2], g[4];
        for (int r = 0; r < DQ; r++) a[r] = wasm_v128_load(A + (d0 + r) * S + n);
        for (int q = 0; q < HQ; q++) g[q] = wasm_v128_load(G + (h0 + q) * S + n);
        for (int q = 0; q < HQ; q++)
            for (int r = 0; r < DQ; r++) s[q][r] = wasm_f64x2_add(s[q][r], wasm_f64x2_mul(g[q], a[r]));
    }
    for (int q = 0; q < HQ; q++) {
        const int k = (h0 + q) * D + d0;
        if (DQ == 2) {         // both sums at once: (s0[0] + s0[1], s1[0] + s1[1])
            const v128_t dw = wasm_f64x2_add(wasm_i64x2_shuffle(s[q][0], s[q][1], 0, 2),
                                             wasm_i64x2_shuffle(s[q][0], s[q][1], 1, 3));
            wasm_v128_store(dW + k, dw);
            wasm_v128_store(W + k, wasm_f64x2_sub(wasm_v128_load(W + k),
                                                  wasm_f64x2_mul(wasm_f64x2_splat(lr), dw)));
        } else {
            dW[k] = wasm_f64x2_extract_lane(s[q][0], 0) + wasm_f64x2_extract_lane(s[q][0], 1);
            W[k] -= lr * dW[k];
        }
    }
}

// dweight (H, D) = G (H rows) . A (D rows) over the columns, and dbias (H) = the row sums of G,
// written (=), and the step on the layer's parameters: weight -= lr * dweight, bias -= lr *
// dbias, as mlp_step does for every parameter. Blocks of 4 units by 2 inputs, a unit's row by 2
// inputs at the edge, one by one at the corner.
static void lanes_weight_grads(double *restrict dW, double *restrict db, double *restrict W,
                               double *restrict b, const double *restrict G,
                               const double *restrict A, int D, int H, int S, int cols, double lr)
{
    int h = 0;
    for (; h + 4 <= H; h += 4) {
        int d = 0;
        for (; d + 2 <= D; d += 2) lanes_weight_grads_block(dW, W, G, A, D, S, cols, lr, h, d, 4, 2);
        for (; d < D; d++) lanes_weight_grads_block(dW, W, G, A, D, S, cols, lr, h, d, 4, 1);
    }
    for (; h < H; h++) {
        int d = 0;
        for (; d + 2 <= D; d += 2) lanes_weight_grads_block(dW, W, G, A, D, S, cols, lr, h, d, 1, 2);
        for (; d < D; d++) lanes_weight_grads_block(dW, W, G, A, D, S, cols, lr, h, d, 1, 1);
    }
    for (h = 0; h < H; h++) {
        v128_t s = wasm_f64x2_splat(0.0);
        for (int n = 0; n < cols; n += 2) s = wasm_f64x2_add(s, wasm_v128_load(G + h * S + n));
        db[h] = wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1);
        b[h] -= lr * db[h];
    }
}

// Rows d0 .. d0+R-1 (R <= 4) of Gb = f'(A) * (W^T (D, H) @ G (H rows)): R sums of H products
// for each pair of columns, one load of G[h] serving R of them.
BLOCK void lanes_backward_input_rows(double *restrict Gb, const double *restrict G,
                                     const double *restrict W, const double *restrict A, int D,
                                     int H, int S, int cols, Activation f, int d0, const int R)
{
    const v128_t one = wasm_f64x2_splat(1.0), zero = wasm_f64x2_splat(0.0);
    for (int n = 0; n < cols; n += 2) {
        v128_t s0 = zero, s1 = zero, s2 = zero, s3 = zero;
        for (int h = 0; h < H; h++) {
            const v128_t g = wasm_v128_load(G + h * S + n);
            const double *w = W + h * D + d0;
            s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(g, wasm_f64x2_splat(w[0])));
            if (R > 1) s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(g, wasm_f64x2_splat(w[1])));
            if (R > 2) s2 = wasm_f64x2_add(s2, wasm_f64x2_mul(g, wasm_f64x2_splat(w[2])));
            if (R > 3) s3 = wasm_f64x2_add(s3, wasm_f64x2_mul(g, wasm_f64x2_splat(w[3])));
        }
        const v128_t sums[4] = { s0, s1, s2, s3 };
        for (int r = 0; r < R; r++) {
            const v128_t a = wasm_v128_load(A + (d0 + r) * S + n);
            v128_t v;
            switch (f) {
            case ACT_TANH:
                v = wasm_f64x2_mul(sums[r], wasm_f64x2_sub(one, wasm_f64x2_mul(a, a)));
                break;
            case ACT_SIGMOID:
                v = wasm_f64x2_mul(sums[r], wasm_f64x2_mul(a, wasm_f64x2_sub(one, a)));
                break;
            default:
                v = wasm_v128_and(sums[r], wasm_f64x2_gt(a, zero));
                break;
            }
            wasm_v128_store(Gb + (d0 + r) * S + n, v);
        }
    }
}

// Gb (D rows) = f'(A) * (W^T (D, H) @ G (H rows)): the gradient at the layer below's z, f' from
// its stored output A (tanh: 1 - a^2; sigmoid: a (1 - a); relu: 1 where a > 0, else 0).
// Four inputs at a time, then one by one.
static void lanes_backward_input(double *restrict Gb, const double *restrict G,
                                 const double *restrict W, const double *restrict A, int D,
                                 int H, int S, int cols, Activation f)
{
    int d = 0;
    for (; d + 4 <= D; d += 4) lanes_backward_input_rows(Gb, G, W, A, D, H, S, cols, f, d, 4);
    for (; d < D; d++) lanes_backward_input_rows(Gb, G, W, A, D, H, S, cols, f, d, 1);
}

// Binary cross-entropy on the lane row of logits z, as bce_pass: returns the mean loss over the
// N examples and writes (=) dl[n] = (sigmoid(z[n]) - y[n]) / N, 0 in the padding column.
// In passes, as tanh_rows and for the same reason: e = exp(-|z|) (in two, t0 and t1 scratch
// rows), log1p(e), then the loss and the gradient.
static double lanes_bce(double *restrict dl, const double *restrict z, const int *restrict y,
                        int N, int cols, double *restrict t0, double *restrict t1)
{
    const v128_t zero = wasm_f64x2_splat(0.0), one = wasm_f64x2_splat(1.0);
    for (int n = 0; n < cols; n += 2) {
        // |z| capped at 700, where e^-|z| is below every double but zero anyway
        const v128_t az = MIN(wasm_f64x2_abs(wasm_v128_load(z + n)), wasm_f64x2_splat(700.0));
        v128_t kd, r;
        exp_reduce(wasm_f64x2_neg(az), &kd, &r);
        wasm_v128_store(t0 + n, kd);
        wasm_v128_store(t1 + n, r);
    }
    for (int n = 0; n < cols; n += 2)       // e = 2^k (expm1(r) + 1), into t1
        wasm_v128_store(t1 + n, wasm_f64x2_mul(pow2(wasm_v128_load(t0 + n)),
                                               wasm_f64x2_add(expm1_reduced(wasm_v128_load(t1 + n)), one)));
    for (int n = 0; n < cols; n += 2)       // log1p(e), into t0
        wasm_v128_store(t0 + n, log1p_unit2(wasm_v128_load(t1 + n)));
    const v128_t count = wasm_f64x2_splat((double)N);
    v128_t sum = zero;
    for (int n = 0; n < cols; n += 2) {
        const v128_t zn = wasm_v128_load(z + n), e = wasm_v128_load(t1 + n);
        const v128_t yn = wasm_f64x2_make((double)y[n], (double)y[n + 1]);
        const v128_t p = sigmoid_from_e2(zn, e);
        v128_t loss = wasm_f64x2_add(wasm_f64x2_sub(PMAX(zero, zn), wasm_f64x2_mul(yn, zn)),
                                     wasm_v128_load(t0 + n));
        v128_t g = wasm_f64x2_div(wasm_f64x2_sub(p, yn), count);
        if (n + 1 == N) {                    // the padding column counts for nothing
            const v128_t first = wasm_i64x2_make(-1, 0);
            loss = wasm_v128_and(loss, first);
            g = wasm_v128_and(g, first);
        }
        sum = wasm_f64x2_add(sum, loss);
        wasm_v128_store(dl + n, g);
    }
    return (wasm_f64x2_extract_lane(sum, 0) + wasm_f64x2_extract_lane(sum, 1)) / N;
}

// Softmax cross-entropy on the K lane rows of logits z, as softmax_pass, one example at a time:
// returns the mean loss and writes (=) dl = (softmax(z) - onehot(y)) / N, 0 in the padding
// column. (The benchmark's playground network has one output; this is here for completeness.)
static double lanes_softmax(double *restrict dl, const double *restrict z, const int *restrict y,
                            int N, int K, int S, int cols)
{
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        double max = z[n];
        for (int k = 1; k < K; k++) max = z[k * S + n] > max ? z[k * S + n] : max;
        double s = 0.0;
        for (int k = 0; k < K; k++) s += dl[k * S + n] = exp(z[k * S + n] - max);
        sum += max - z[y[n] * S + n] + log(s);   // the loss is max + log(s) - z[y]
        const double scale = 1.0 / (s * N);
        for (int k = 0; k < K; k++) dl[k * S + n] *= scale;
        dl[y[n] * S + n] -= 1.0 / N;
    }
    for (int n = N; n < cols; n++)
        for (int k = 0; k < K; k++) dl[k * S + n] = 0.0;
    return sum / N;
}

// The length of a lane row: room for max_batch examples, rounded up to a whole vector.
static int lanes_stride(const Mlp *m)
{
    return (m->max_batch + 1) / 2 * 2;
}

// The lane block's layout, every row lanes_stride(m) long: each layer's activations (sizes[l]
// rows from offset acts[l]), then two gradient buffers of as many rows as the widest layer
// (at least the two the loss takes as scratch), at g0 and g1. Offsets in doubles; returns the
// block's size (fast_init allocates it, lane_rows turns the offsets into pointers).
static size_t lane_offsets(const Mlp *m, size_t *acts, size_t *g0, size_t *g1)
{
    const size_t S = (size_t)lanes_stride(m);
    size_t at = 0;
    int widest = 2;
    for (int l = 0; l <= m->L; l++) {
        acts[l] = at;
        at += (size_t)m->sizes[l] * S;
        widest = m->sizes[l] > widest ? m->sizes[l] : widest;
    }
    *g0 = at;
    *g1 = at + (size_t)widest * S;
    return at + 2 * (size_t)widest * S;
}

// The lane rows of f->lanes, as lane_offsets lays them out.
static void lane_rows(const FastMlp *f, double **acts, double **g0, double **g1)
{
    size_t a[MLP_MAX_LAYERS + 1], o0, o1;
    lane_offsets(f->m, a, &o0, &o1);
    for (int l = 0; l <= f->m->L; l++) acts[l] = f->lanes + a[l];
    *g0 = f->lanes + o0;
    *g1 = f->lanes + o1;
}

// Example j of the batch: its inputs into column j of the input rows, its label into yb.
static void load_example(FastMlp *f, int j, const double *restrict x, int y)
{
    const int D = f->m->sizes[0], S = lanes_stride(f->m);
    for (int d = 0; d < D; d++) f->lanes[d * S + j] = x[d];
    f->yb[j] = y;
}

// One step on the batch whose N examples load_example put in place.
static double step_on_loaded_batch(FastMlp *f, int N, double lr)
{
    Mlp *m = f->m;
    const int L = m->L, S = lanes_stride(m), K = m->sizes[L], cols = (N + 1) / 2 * 2;
    double *acts[MLP_MAX_LAYERS + 1], *g, *gb;
    lane_rows(f, acts, &g, &gb);
    if (N < cols) {                          // an odd batch: a padding column of zeros
        for (int d = 0; d < m->sizes[0]; d++) acts[0][d * S + N] = 0.0;
        f->yb[N] = 0;
    }
    for (int l = 0; l < L; l++) {
        lanes_forward(acts[l + 1], acts[l], m->weight[l], m->bias[l], m->sizes[l], m->sizes[l + 1],
                      S, cols);
        if (l < L - 1)                       // the gradient buffers are free until the loss
            lanes_activation(acts[l + 1], m->sizes[l + 1], S, cols, m->act, g, gb);
    }
    const double loss = f->loss == LOSS_BCE ? lanes_bce(g, acts[L], f->yb, N, cols, gb, gb + S)
                                            : lanes_softmax(g, acts[L], f->yb, N, K, S, cols);
    // the logits where the reference leaves them: acts[L] (N, K)
    for (int n = 0; n < N; n++)
        for (int k = 0; k < K; k++) m->acts[L][n * K + k] = acts[L][k * S + n];
    m->N = N;
    // Each layer's gradient at the layer below, with its weights before the step, then its own
    // gradients and the step (the reference steps after the whole backward pass: the same
    // numbers, since no layer's gradients depend on another layer's new parameters).
    for (int l = L - 1; l >= 0; l--) {
        const int D = m->sizes[l], H = m->sizes[l + 1];
        if (l > 0)
            lanes_backward_input(gb, g, m->weight[l], acts[l], D, H, S, cols, m->act);
        lanes_weight_grads(m->dweight[l], m->dbias[l], m->weight[l], m->bias[l], g, acts[l], D, H,
                           S, cols, lr);
        double *t = g;
        g = gb, gb = t;
    }
    return loss;
}

#endif

// ---------------------------------------------------------------- the model verbs

int fast_init(FastMlp *f, Mlp *m, LossKind loss)
{
    memset(f, 0, sizeof *f);
    int K = m->sizes[m->L];
    if ((loss == LOSS_BCE) != (K == 1))
        return -1;
    // one more label than the batch: the WebAssembly build's padding column
    f->yb = malloc(sizeof(int) * ((size_t)m->max_batch + 1));
    if (!f->yb)
        return -1;
    f->m = m;
    f->loss = loss;
#if defined(__wasm_simd128__)
    size_t acts[MLP_MAX_LAYERS + 1], g0, g1;
    f->lanes = calloc(lane_offsets(m, acts, &g0, &g1), sizeof(double));
    if (!f->lanes) {
        fast_free(f);
        return -1;
    }
#endif
    return 0;
}

void fast_free(FastMlp *f)
{
    free(f->yb);
    free(f->lanes);
    memset(f, 0, sizeof *f);
}

double fast_train_step(FastMlp *f, const double *X, const int *y, int N, double lr)
{
    if (N < 1 || N > f->m->max_batch)
        return NAN;
    const int D = f->m->sizes[0];
    for (int j = 0; j < N; j++) load_example(f, j, X + j * D, y[j]);
    return step_on_loaded_batch(f, N, lr);
}

double fast_train_epoch(FastMlp *f, const double *X, const int *y, int n, const int *order,
                        int batch, double lr)
{
    const int D = f->m->sizes[0];
    if (n < 1 || batch < 1 || batch > f->m->max_batch)
        return NAN;
    double total = 0.0;
    for (int start = 0; start < n; start += batch) {
        int B = n - start < batch ? n - start : batch;
        // gather the batch straight into the network's input rows
        for (int j = 0; j < B; j++) load_example(f, j, X + order[start + j] * D, y[order[start + j]]);
        total += B * step_on_loaded_batch(f, B, lr);
    }
    return total / n;
}
