/* gradcheck.h -- checks an analytic gradient against centred finite differences, and says
 * what is wrong in words a student can act on.
 *
 * For every entry x[i] of a tensor the checker computes the numeric gradient
 *     n[i] = (f(x + h e_i) - f(x - h e_i)) / (2h),   h = 1e-5, in double,
 * and the entry passes when |a - n| <= rtol * max(|a|, |n|) + atol (rtol 1e-7, atol 1e-9 for
 * smooth functions: Stanford CS231n's notes on gradient checking give the bands; the absolute
 * term keeps tiny correct entries from failing on rounding). f is any scalar function of the
 * current parameters: a loss, or sum(out * dout) for a layer with an upstream gradient.
 *
 * A report names the function and the tensor, lists the worst few entries in the tensor's own
 * indices, counts the bad ones and ends with one hint when the error has a recognisable
 * signature (see STYLE.md):
 *
 *     linear_backward: dweight does not match the numeric gradient
 *       dweight[0,0]  yours  0.000000   numeric -0.189000   rel err 1.0e+00
 *       6 of 6 entries off (worst rel err 1.0e+00, allowed 1e-07)
 *       hint: every entry of yours is 0 -- is the TODO in linear_backward still empty?
 *
 * Fixtures should let the signatures differ: a batch of 3 or 5, non-square layers, gradient
 * buffers pre-filled before backward (see GcTensor.prefill). Not here on purpose: second
 * derivatives, float, automatic choice of h.
 */
#ifndef WORKBOOK_GRADCHECK_H
#define WORKBOOK_GRADCHECK_H

#include <stddef.h>

// One tensor to check.
typedef struct {
    const char *name;        // as the student's code names the gradient, e.g. "dweight"
    double *param;           // the parameter f depends on; perturbed in place, always restored
    const double *grad;      // the analytic gradient, as the student's backward left it
    const double *prefill;   // what grad held before backward ran (backward must accumulate
                             // with +=); NULL means zeros. The checker compares grad - prefill.
    int ndim;                // 1..4; indices are printed as [i] or [i,j] ... row-major
    int shape[4];            // numel = product of shape[0 .. ndim-1]
    int batch;               // N when f is a mean over N examples (for the sum-vs-mean hint); 0 if not
    int is_bias;             // 1 for a bias: "everything right but the bias" gets its own hint
} GcTensor;

// The scalar whose gradient is checked, recomputed from the parameters as they are now.
typedef double (*GcFunc)(void *ctx);

typedef struct {
    double h;      // finite-difference step (default 1e-5)
    double rtol;   // relative tolerance (default 1e-7; 1e-4 near kinks such as ReLU)
    double atol;   // absolute tolerance (default 1e-9)
    int show;      // how many of the worst entries a report lists (default 4)
    // Optional (default NULL): f restricted to the last example's term, weighted as f weighs it
    // (for a mean over N, that term over N), called with last_ctx. Given it, a report can say
    // "only the last example counted", the mark of = where += was needed inside the loop over
    // examples.
    GcFunc last;
    void *last_ctx;
} GcOptions;

// The defaults above.
GcOptions gc_defaults(void);

// The numeric gradient of f with respect to t->param, into num (numel entries). f is called
// 2 * numel times; t->param is bit-for-bit restored.
void gc_numeric(double *num, const GcTensor *t, GcFunc f, void *ctx, double h);

// Checks every tensor in ts[0 .. count-1] against f. Returns 1 when all entries of all
// tensors pass; otherwise 0, and writes into report (cap bytes, always NUL-terminated) one
// block per failing tensor as above, starting with "<fn>: <name> does not match ...". opt may
// be NULL for the defaults. A NaN in the analytic gradient reads "not implemented yet".
int gc_check(const char *fn, const GcTensor *ts, int count, GcFunc f, void *ctx,
             const GcOptions *opt, char *report, size_t cap);

// Whether one entry passes: |a - n| <= rtol * max(|a|, |n|) + atol (false for NaN or inf).
int gc_close(double a, double n, double rtol, double atol);

#endif
