/* test_gradcheck.c -- tests of the gradient checker (grader/gradcheck.c) against planted bugs.
 *
 * The fixture is a linear layer with a mean-squared loss, small enough to check by hand:
 *
 *     out[n,h] = bias[h] + sum_i weight[h,i] * inp[n,i]          inp (N,D), weight (H,D), bias (H)
 *     f        = (1/N) sum_n sum_h 0.5 * (out[n,h] - y[n,h])^2   a mean over the batch
 *
 * and its correct gradients, with e[n,h] = (out[n,h] - y[n,h]) / N:
 *
 *     dbias[h]     = sum_n e[n,h]
 *     dweight[h,i] = sum_n e[n,h] * inp[n,i]
 *     dinp[n,i]    = sum_h e[n,h] * weight[h,i]
 *
 * N = 3 (and 5 in one test), D = 4, H = 2: a batch that is neither 1 nor 2 and a weight that is
 * not square, so "factor of 2", "sum instead of mean" and "transposed" all look different.
 * Each planted bug below is written the way a student would write it, and each test checks
 * the return value, the header line, the count "K of M" and the hint. Inputs come from a tiny
 * local LCG, not from lib/rng.c, so these tests depend on nothing but the checker.
 *
 * Not here on purpose: tests of the chapter code itself (those are the grader's suites).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"

// N = batch size, D = input features, H = outputs. Row-major; a weight is (H, D).
enum { NMAX = 5, D = 4, H = 2, REPORT_CAP = 4096 };

typedef struct {
    int N;                      // batch size, 1..NMAX
    double inp[NMAX * D];       // (N,D)
    double weight[H * D];       // (H,D)
    double bias[H];             // (H)
    double y[NMAX * H];         // (N,H) targets
} Lin;

// Fixed pseudo-random numbers in [-1, 1): a 64-bit LCG (Knuth's MMIX constants).
static double lcg_uniform(uint64_t *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * 0x1.0p-53 * 2.0 - 1.0;
}

static void lin_init(Lin *m, int N) {
    uint64_t s = 20240607u;
    memset(m, 0, sizeof *m);
    m->N = N;
    for (int k = 0; k < N * D; k++) m->inp[k] = lcg_uniform(&s);
    for (int k = 0; k < H * D; k++) m->weight[k] = 0.5 * lcg_uniform(&s);
    for (int k = 0; k < H; k++) m->bias[k] = 0.1 + 0.2 * lcg_uniform(&s);
    for (int k = 0; k < N * H; k++) m->y[k] = lcg_uniform(&s);
}

// out = inp @ weight^T + bias.  inp (N,D), weight (H,D), bias (H) -> out (N,H)
static void lin_forward(double *out, const Lin *m) {
    for (int n = 0; n < m->N; n++)
        for (int h = 0; h < H; h++) {
            double o = m->bias[h];
            for (int i = 0; i < D; i++) o += m->weight[h * D + i] * m->inp[n * D + i];
            out[n * H + h] = o;
        }
}

// The scalar f the checker differentiates: the mean over the batch of 0.5 * |out - y|^2.
static double lin_loss(void *ctx) {
    const Lin *m = ctx;
    double out[NMAX * H], f = 0.0;
    lin_forward(out, m);
    for (int k = 0; k < m->N * H; k++) f += 0.5 * (out[k] - m->y[k]) * (out[k] - m->y[k]);
    return f / m->N;
}

// f restricted to the last example's term, still divided by N: what that example contributes.
static double lin_loss_last(void *ctx) {
    const Lin *m = ctx;
    double out[NMAX * H], f = 0.0;
    lin_forward(out, m);
    for (int k = (m->N - 1) * H; k < m->N * H; k++)
        f += 0.5 * (out[k] - m->y[k]) * (out[k] - m->y[k]);
    return f / m->N;
}

// ---------------------------------------------------------------------------------------------
// The backward pass, correct and with planted bugs

typedef enum {
    BUG_NONE,        // correct: accumulates e = (out - y) / N with +=
    BUG_NAN,         // the skeleton: fills every gradient with NaN
    BUG_EMPTY,       // the TODO left empty: writes nothing
    BUG_OVERWRITE,   // "=" instead of "+=": right only when the buffers start at 0
    BUG_SIGN,        // e = (y - out) / N
    BUG_TWICE,       // e = 2 (out - y) / N: the derivative of (p-y)^2, not 0.5 (p-y)^2
    BUG_HALF,        // e = 0.5 (out - y) / N
    BUG_SUM,         // e = out - y: a sum over the batch instead of a mean
    BUG_DIV_TWICE,   // e = (out - y) / N / N
    BUG_TRANSPOSE,   // dweight stored (D,H): dweight[i*H + h] instead of [h*D + i]
    BUG_NO_BIAS,     // everything but dbias
    BUG_LAST,        // dweight and dbias assigned (=) inside the loop over examples: the last wins
} Bug;

static void lin_backward(double *dinp, double *dweight, double *dbias, const Lin *m, Bug bug) {
    int N = m->N;
    if (bug == BUG_NAN) {
        for (int k = 0; k < N * D; k++) dinp[k] = NAN;
        for (int k = 0; k < H * D; k++) dweight[k] = NAN;
        for (int k = 0; k < H; k++) dbias[k] = NAN;
        return;
    }
    if (bug == BUG_EMPTY) return;
    if (bug == BUG_OVERWRITE) {          // a student's "=" lands on the first contribution
        for (int k = 0; k < N * D; k++) dinp[k] = 0.0;
        for (int k = 0; k < H * D; k++) dweight[k] = 0.0;
        for (int k = 0; k < H; k++) dbias[k] = 0.0;
    }
    double out[NMAX * H];
    lin_forward(out, m);
    for (int n = 0; n < N; n++)
        for (int h = 0; h < H; h++) {
            double diff = out[n * H + h] - m->y[n * H + h];
            double e = bug == BUG_SIGN      ? -diff / N
                     : bug == BUG_TWICE     ? 2.0 * diff / N
                     : bug == BUG_HALF      ? 0.5 * diff / N
                     : bug == BUG_SUM       ? diff
                     : bug == BUG_DIV_TWICE ? diff / N / N
                                            : diff / N;
            if (bug == BUG_LAST) dbias[h] = e;
            else if (bug != BUG_NO_BIAS) dbias[h] += e;
            for (int i = 0; i < D; i++) {
                if (bug == BUG_TRANSPOSE) dweight[i * H + h] += e * m->inp[n * D + i];
                else if (bug == BUG_LAST) dweight[h * D + i] = e * m->inp[n * D + i];
                else dweight[h * D + i] += e * m->inp[n * D + i];
                dinp[n * D + i] += e * m->weight[h * D + i];
            }
        }
}

// ---------------------------------------------------------------------------------------------
// Running the checker on the fixture

typedef struct {
    Lin m;
    double dinp[NMAX * D], dweight[H * D], dbias[H];
    double pre_inp[NMAX * D], pre_weight[H * D], pre_bias[H];   // the prefill, when used
    char report[REPORT_CAP];
} Run;

// Zeroes the gradients (or fills them with `prefill`), runs the backward with `bug`, checks all
// three tensors. opt NULL: the defaults. Returns gc_check's result; the report is in r->report.
static int run_check(Run *r, int N, Bug bug, double prefill, const GcOptions *opt) {
    lin_init(&r->m, N);
    for (int k = 0; k < NMAX * D; k++) r->dinp[k] = r->pre_inp[k] = prefill;
    for (int k = 0; k < H * D; k++) r->dweight[k] = r->pre_weight[k] = prefill;
    for (int k = 0; k < H; k++) r->dbias[k] = r->pre_bias[k] = prefill;
    lin_backward(r->dinp, r->dweight, r->dbias, &r->m, bug);
    int pre = prefill != 0.0;
    GcTensor ts[3] = {
        {"dinp", r->m.inp, r->dinp, pre ? r->pre_inp : NULL, 2, {N, D}, N, 0},
        {"dweight", r->m.weight, r->dweight, pre ? r->pre_weight : NULL, 2, {H, D}, N, 0},
        {"dbias", r->m.bias, r->dbias, pre ? r->pre_bias : NULL, 1, {H}, N, 1},
    };
    memset(r->report, 'X', sizeof r->report);   // the checker must write a fresh string
    return gc_check("linear_backward", ts, 3, lin_loss, &r->m, opt, r->report, REPORT_CAP);
}

// As run_check, with f restricted to the last example handed to the checker (or not, with_last
// 0), for the "only the last example counted" diagnosis.
static int run_check_last(Run *r, int N, Bug bug, double prefill, int with_last) {
    GcOptions o = gc_defaults();
    if (with_last) {
        o.last = lin_loss_last;
        o.last_ctx = &r->m;   // the same parameters the checker perturbs
    }
    return run_check(r, N, bug, prefill, &o);
}

static int count_of(const char *hay, const char *needle) {
    int c = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) c++;
    return c;
}

// The one block for `name`: from its header line to the next header (or the end).
static void block_of(char *out, size_t cap, const char *report, const char *name) {
    char head[64];
    snprintf(head, sizeof head, "linear_backward: %s does not match", name);
    const char *b = strstr(report, head);
    out[0] = '\0';
    if (!b) return;
    const char *e = strstr(b + 1, "linear_backward: ");
    size_t len = e ? (size_t)(e - b) : strlen(b);
    if (len >= cap) len = cap - 1;
    memcpy(out, b, len);
    out[len] = '\0';
}

// Asserts that the report holds a block for `name` with "K of M entries off" and the hint.
static void expect_block(const char *report, const char *name, int K, int M, const char *hint) {
    char block[REPORT_CAP], count[64];
    block_of(block, sizeof block, report, name);
    cr_assert(block[0], "no block for %s in the report:\n%s", name, report);
    snprintf(count, sizeof count, "  %d of %d entries off (worst rel err ", K, M);
    cr_assert(strstr(block, count), "expected \"%s\" in:\n%s", count, block);
    if (hint) {
        cr_assert(strstr(block, hint), "expected hint \"%s\" in:\n%s", hint, block);
        cr_assert_eq(count_of(block, "  hint: "), 1, "one hint line per block:\n%s", block);
    } else {
        cr_assert_null(strstr(block, "hint:"), "expected no hint in:\n%s", block);
    }
}

static void expect_no_block(const char *report, const char *name) {
    char block[REPORT_CAP];
    block_of(block, sizeof block, report, name);
    cr_assert_eq(block[0], '\0', "%s should pass, but the report has:\n%s", name, report);
}

// ---------------------------------------------------------------------------------------------
// Correct code passes

Test(gradcheck, a_correct_backward_passes_with_an_empty_report) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_NONE, 0.0, NULL), 1, "report:\n%s", r.report);
    cr_assert_str_empty(r.report);
}

Test(gradcheck, a_correct_backward_passes_with_a_batch_of_five) {
    static Run r;
    cr_assert_eq(run_check(&r, 5, BUG_NONE, 0.0, NULL), 1, "report:\n%s", r.report);
    cr_assert_str_empty(r.report);
}

Test(gradcheck, a_correct_backward_that_accumulates_into_prefilled_buffers_passes) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_NONE, 0.25, NULL), 1, "report:\n%s", r.report);
    cr_assert_str_empty(r.report);
}

Test(gradcheck, the_fixture_has_no_gradient_entry_near_zero) {
    // Every diagnosis below counts on every entry being clearly nonzero.
    static Run r;
    run_check(&r, 3, BUG_NONE, 0.0, NULL);
    for (int k = 0; k < 3 * D; k++) cr_assert_gt(fabs(r.dinp[k]), 1e-3, "dinp[%d]", k);
    for (int k = 0; k < H * D; k++) cr_assert_gt(fabs(r.dweight[k]), 1e-3, "dweight[%d]", k);
    for (int k = 0; k < H; k++) cr_assert_gt(fabs(r.dbias[k]), 1e-3, "dbias[%d]", k);
}

// ---------------------------------------------------------------------------------------------
// One planted bug, one diagnosis

Test(gradcheck, a_nan_filled_skeleton_reads_not_implemented_yet) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_NAN, 0.0, NULL), 0);
    expect_block(r.report, "dinp", 12, 12,
                 "hint: not implemented yet: dinp holds NaN -- write the TODO in linear_backward");
    expect_block(r.report, "dweight", 8, 8, "not implemented yet: dweight holds NaN");
    expect_block(r.report, "dbias", 2, 2, "not implemented yet: dbias holds NaN");
    cr_assert(strstr(r.report, "yours       NaN"), "NaN spelled out, aligned:\n%s", r.report);
}

Test(gradcheck, a_nan_wins_over_every_other_hint_even_with_a_prefill) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_NAN, 0.25, NULL), 0);
    expect_block(r.report, "dweight", 8, 8, "not implemented yet: dweight holds NaN");
}

Test(gradcheck, an_empty_todo_reads_every_entry_is_zero) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_EMPTY, 0.0, NULL), 0);
    const char *hint = "every entry of yours is 0 -- is the TODO in linear_backward still empty";
    expect_block(r.report, "dinp", 12, 12, hint);
    expect_block(r.report, "dweight", 8, 8, hint);
    expect_block(r.report, "dbias", 2, 2, hint);   // not "everything else matches": it does not
    cr_assert_null(strstr(r.report, "everything else matches"), "%s", r.report);
}

Test(gradcheck, an_empty_todo_over_a_prefilled_buffer_still_reads_every_entry_is_zero) {
    // grad - prefill is what backward added: nothing.
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_EMPTY, 0.25, NULL), 0);
    expect_block(r.report, "dweight", 8, 8, "every entry of yours is 0");
}

Test(gradcheck, overwriting_a_prefilled_buffer_reads_accumulate_with_plus_equals) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_OVERWRITE, 0.25, NULL), 0);
    expect_block(r.report, "dinp", 12, 12, "yours is right only when dinp starts at 0 -- "
                 "accumulate with += instead of overwriting with =");
    expect_block(r.report, "dweight", 8, 8, "yours is right only when dweight starts at 0");
    expect_block(r.report, "dbias", 2, 2, "yours is right only when dbias starts at 0");
}

Test(gradcheck, overwriting_a_zeroed_buffer_is_not_caught_and_that_is_why_fixtures_prefill) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_OVERWRITE, 0.0, NULL), 1, "%s", r.report);
}

Test(gradcheck, assigning_inside_the_example_loop_reads_only_the_last_example_counted) {
    static Run r;
    const char *hint = "yours is the last example's share alone -- only the last example counted";
    for (int pre = 0; pre < 2; pre++) {   // whatever the buffers held: = throws it away
        cr_assert_eq(run_check_last(&r, 3, BUG_LAST, pre ? 0.25 : 0.0, 1), 0);
        expect_no_block(r.report, "dinp");
        expect_block(r.report, "dweight", 8, 8, hint);
        expect_block(r.report, "dbias", 2, 2, hint);
    }
    cr_assert_eq(run_check_last(&r, 5, BUG_LAST, 0.0, 1), 0);
    expect_block(r.report, "dweight", 8, 8, hint);
}

Test(gradcheck, the_last_example_diagnosis_needs_its_share_and_never_fires_for_correct_code) {
    static Run r;
    cr_assert_eq(run_check_last(&r, 3, BUG_LAST, 0.0, 0), 0);
    cr_assert_null(strstr(r.report, "only the last example"), "%s", r.report);
    cr_assert_eq(run_check_last(&r, 3, BUG_NONE, 0.25, 1), 1, "%s", r.report);
    cr_assert_eq(run_check_last(&r, 3, BUG_SIGN, 0.0, 1), 0);
    cr_assert_null(strstr(r.report, "only the last example"), "%s", r.report);
    cr_assert(strstr(r.report, "wrong sign"), "%s", r.report);
}

Test(gradcheck, a_flipped_sign_reads_wrong_sign) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_SIGN, 0.0, NULL), 0);
    const char *hint = "every entry has the wrong sign -- check the sign of the error term";
    expect_block(r.report, "dinp", 12, 12, hint);
    expect_block(r.report, "dweight", 8, 8, hint);
    expect_block(r.report, "dbias", 2, 2, hint);
    cr_assert(strstr(r.report, "worst rel err 2.0e+00, allowed 1e-07)"), "%s", r.report);
}

Test(gradcheck, twice_the_gradient_reads_factor_of_two) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_TWICE, 0.0, NULL), 0);
    const char *hint = "yours is 2x the numeric gradient -- look for a factor of 2 "
                       "(the derivative of 0.5*(p-y)^2 is (p-y))";
    expect_block(r.report, "dweight", 8, 8, hint);
    expect_block(r.report, "dbias", 2, 2, hint);
}

Test(gradcheck, half_the_gradient_reads_factor_of_two) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_HALF, 0.0, NULL), 0);
    expect_block(r.report, "dweight", 8, 8, "yours is 0.5x the numeric gradient -- look for a "
                 "factor of 2");
}

Test(gradcheck, a_sum_instead_of_a_mean_reads_n_times_with_a_batch_of_three) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_SUM, 0.0, NULL), 0);
    const char *hint = "yours is 3x the numeric gradient (N = 3, the batch) -- the loss is a "
                       "mean over the batch: divide by N";
    expect_block(r.report, "dinp", 12, 12, hint);
    expect_block(r.report, "dweight", 8, 8, hint);
    expect_block(r.report, "dbias", 2, 2, hint);
}

Test(gradcheck, a_sum_instead_of_a_mean_reads_n_times_with_a_batch_of_five) {
    static Run r;
    cr_assert_eq(run_check(&r, 5, BUG_SUM, 0.0, NULL), 0);
    expect_block(r.report, "dinp", 20, 20, "yours is 5x the numeric gradient (N = 5, the batch)");
    expect_block(r.report, "dweight", 8, 8, "yours is 5x the numeric gradient (N = 5, the batch)");
}

Test(gradcheck, dividing_by_n_twice_reads_one_over_n) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_DIV_TWICE, 0.0, NULL), 0);
    expect_block(r.report, "dweight", 8, 8, "yours is 1/3 of the numeric gradient (N = 3, the "
                 "batch) -- this one is a sum, not a mean");
}

Test(gradcheck, a_transposed_dweight_reads_rows_and_columns_swapped_in_h_i_indices) {
    static Run r;
    GcOptions o = gc_defaults();
    o.show = 8;                                 // list every off entry to see all indices
    cr_assert_eq(run_check(&r, 3, BUG_TRANSPOSE, 0.0, &o), 0);
    // [0,0] and [1,3] sit at flat 0 and 7 in both layouts, so 6 of the 8 are off.
    expect_block(r.report, "dweight", 6, 8, "yours matches the numeric gradient transposed -- "
                 "the rows and columns of dweight are swapped: it is (2,4), so [i,j] is at "
                 "[i*4 + j], not [j*2 + i]");
    expect_no_block(r.report, "dinp");
    expect_no_block(r.report, "dbias");
    // Each entry is printed in dweight's own (H,D) = (2,4) shape: [h,i], h < 2, i < 4.
    int lines = 0, wide = 0;
    for (const char *p = strstr(r.report, "\n  dweight["); p; p = strstr(p + 1, "\n  dweight[")) {
        int h = -1, i = -1;
        cr_assert_eq(sscanf(p, "\n  dweight[%d,%d]", &h, &i), 2, "%s", r.report);
        cr_assert(h >= 0 && h < H && i >= 0 && i < D, "index [%d,%d] not in (2,4):\n%s", h, i,
                  r.report);
        lines++;
        wide += i >= H;                         // impossible if printed as [i,h]
    }
    cr_assert_eq(lines, 6, "%s", r.report);
    cr_assert_gt(wide, 0, "%s", r.report);
    cr_assert_null(strstr(r.report, "dweight[0,0]"), "%s", r.report);
    cr_assert_null(strstr(r.report, "dweight[1,3]"), "%s", r.report);
}

Test(gradcheck, a_missing_bias_gradient_reads_everything_else_matches) {
    static Run r;
    cr_assert_eq(run_check(&r, 3, BUG_NO_BIAS, 0.0, NULL), 0);
    expect_block(r.report, "dbias", 2, 2, "hint: everything else matches -- is the bias "
                 "gradient dbias missing?");
    expect_no_block(r.report, "dinp");
    expect_no_block(r.report, "dweight");
    cr_assert_null(strstr(r.report, "every entry of yours is 0"), "%s", r.report);
}

Test(gradcheck, an_unrecognisable_error_gets_no_hint) {
    static Run r;
    run_check(&r, 3, BUG_NONE, 0.0, NULL);
    // Scale each dweight entry by its own factor: no single mistake explains them all.
    static const double factor[H * D] = {1.3, 0.6, 1.45, 0.8, 1.2, 0.7, 1.15, 0.55};
    for (int k = 0; k < H * D; k++) r.dweight[k] *= factor[k];
    GcTensor ts[3] = {
        {"dinp", r.m.inp, r.dinp, NULL, 2, {3, D}, 3, 0},
        {"dweight", r.m.weight, r.dweight, NULL, 2, {H, D}, 3, 0},
        {"dbias", r.m.bias, r.dbias, NULL, 1, {H}, 3, 1},
    };
    cr_assert_eq(gc_check("linear_backward", ts, 3, lin_loss, &r.m, NULL, r.report, REPORT_CAP),
                 0);
    expect_block(r.report, "dweight", 8, 8, NULL);
    expect_no_block(r.report, "dinp");
    cr_assert_null(strstr(r.report, "hint:"), "%s", r.report);
}

// f = 1e-10 * (w[0] + w[1] + w[2]): a gradient that is all but zero.
static double almost_flat(void *ctx) {
    const double *w = ctx;
    return 1e-10 * (w[0] + w[1] + w[2]);
}

Test(gradcheck, a_tiny_error_on_an_almost_zero_gradient_gets_no_hint) {
    // 5e-9 against 1e-10 fails the strict test (atol 1e-9), but within the hints' loose
    // tolerance it is as close to -numeric, 2x numeric ... as to numeric: no hint may claim it.
    double w[3] = {0.3, -0.2, 0.9}, dw[3] = {5e-9, 5e-9, 5e-9};
    char report[1024];
    GcTensor t = {"dw", w, dw, NULL, 1, {3}, 3, 0};
    cr_assert_eq(gc_check("f", &t, 1, almost_flat, w, NULL, report, sizeof report), 0);
    cr_assert(strstr(report, "  3 of 3 entries off"), "%s", report);
    cr_assert_null(strstr(report, "hint:"), "%s", report);
}

// ---------------------------------------------------------------------------------------------
// The report's layout

// f = sum_k c[k] * w[k]: its gradient is c, whatever w is.
static const double C6[6] = {-0.189, -0.415, 0.3, 0.25, -0.5, 0.125};
static double dot_c6(void *ctx) {
    const double *w = ctx;
    double f = 0.0;
    for (int k = 0; k < 6; k++) f += C6[k] * w[k];
    return f;
}

Test(gradcheck, a_report_reads_exactly_like_the_style_guide) {
    double w[6] = {0.5, -1, 2, 0.25, 1, -0.75}, dw[6] = {0};
    char report[1024];
    GcTensor t = {"dweight", w, dw, NULL, 2, {2, 3}, 0, 0};
    GcOptions o = gc_defaults();
    o.show = 2;
    cr_assert_eq(gc_check("linear_backward", &t, 1, dot_c6, w, &o, report, sizeof report), 0);
    cr_assert_str_eq(report,
        "linear_backward: dweight does not match the numeric gradient\n"
        "  dweight[0,0]  yours  0.000000   numeric -0.189000   rel err 1.0e+00\n"
        "  dweight[0,1]  yours  0.000000   numeric -0.415000   rel err 1.0e+00\n"
        "  6 of 6 entries off (worst rel err 1.0e+00, allowed 1e-07)\n"
        "  hint: every entry of yours is 0 -- is the TODO in linear_backward still empty, "
        "or did it write somewhere else?");
}

Test(gradcheck, entries_are_listed_worst_first_then_by_index) {
    double w[6] = {0}, dw[6];
    memcpy(dw, C6, sizeof dw);
    dw[1] *= 1.5;      // rel err 1/3
    dw[3] *= 3.0;      // rel err 2/3
    dw[4] *= 1.5;      // rel err 1/3, a tie with [0,1]: the lower index first
    dw[5] *= 1.1;      // rel err 1/11: fourth, beyond show = 3
    char report[1024];
    GcTensor t = {"dw", w, dw, NULL, 2, {2, 3}, 0, 0};
    GcOptions o = gc_defaults();
    o.show = 3;
    cr_assert_eq(gc_check("f", &t, 1, dot_c6, w, &o, report, sizeof report), 0);
    const char *a = strstr(report, "dw[1,0]"), *b = strstr(report, "dw[0,1]"),
               *c = strstr(report, "dw[1,1]");
    cr_assert(a && b && c && a < b && b < c, "order [1,0], [0,1], [1,1]:\n%s", report);
    cr_assert_null(strstr(report, "dw[1,2]"), "only 3 listed:\n%s", report);
    cr_assert(strstr(report, "  4 of 6 entries off (worst rel err 6.7e-01, allowed 1e-07)"),
              "%s", report);
    cr_assert_null(strstr(report, "hint:"), "%s", report);
}

Test(gradcheck, entries_that_look_equally_wrong_are_listed_by_index) {
    // With the sign flipped every rel err prints as 2.0e+00: index order, not rounding noise.
    static Run r;
    run_check(&r, 3, BUG_SIGN, 0.0, NULL);
    const char *a = strstr(r.report, "  dweight[0,0]  "), *b = strstr(r.report, "  dweight[0,1]  "),
               *c = strstr(r.report, "  dweight[0,2]  "), *d = strstr(r.report, "  dweight[0,3]  ");
    cr_assert(a && b && c && d && a < b && b < c && c < d, "%s", r.report);
}

// f = sum_k C3[k] * w[k], with entries of very different sizes.
static const double C3[3] = {2.5e-9, 1.0e12, 0.5};
static double dot_c3(void *ctx) {
    const double *w = ctx;
    return C3[0] * w[0] + C3[1] * w[1] + C3[2] * w[2];
}

Test(gradcheck, huge_and_tiny_values_stay_legible_and_aligned) {
    double w[3] = {0}, dw[3] = {-2.5e-9, -1.0e12, -0.5};   // the wrong sign everywhere
    char report[1024];
    GcTensor t = {"db", w, dw, NULL, 1, {3}, 0, 1};
    GcOptions o = gc_defaults();
    o.show = 3;
    cr_assert_eq(gc_check("g", &t, 1, dot_c3, w, &o, report, sizeof report), 0);
    cr_assert(strstr(report, "  db[1]  yours -1.000000e+12   numeric  1.000000e+12   rel err "
                             "2.0e+00"), "1e12 in exponent form:\n%s", report);
    cr_assert(strstr(report, "  db[0]  yours -2.500000e-09   numeric  2.500000e-09   rel err "
                             "2.0e+00"), "2.5e-9 in exponent form, not 0.000000:\n%s", report);
    cr_assert(strstr(report, "  db[2]  yours     -0.500000   numeric      0.500000   rel err "
                             "2.0e+00"), "columns right-aligned:\n%s", report);
    cr_assert(strstr(report, "  3 of 3 entries off"), "%s", report);
    cr_assert(strstr(report, "  hint: every entry has the wrong sign"), "%s", report);
}

Test(gradcheck, a_report_holds_no_quote_backslash_or_tab_that_would_break_criterion_json) {
    // Criterion 2.4.1 writes each line of a message as a JSON string without escaping it.
    static Run r;
    for (int bug = BUG_NAN; bug <= BUG_NO_BIAS; bug++) {
        run_check(&r, 3, (Bug)bug, bug == BUG_OVERWRITE ? 0.25 : 0.0, NULL);
        cr_assert_gt(strlen(r.report), 0, "bug %d", bug);
        cr_assert_null(strpbrk(r.report, "\"\\\t\r"), "bug %d:\n%s", bug, r.report);
        cr_assert_neq(r.report[strlen(r.report) - 1], '\n', "no trailing newline");
    }
}

// ---------------------------------------------------------------------------------------------
// The report buffer is bounded

Test(gradcheck, a_tiny_report_buffer_is_nul_terminated_and_not_overrun) {
    static Run r;
    lin_init(&r.m, 3);
    memset(r.dweight, 0, sizeof r.dweight);
    GcTensor t = {"dweight", r.m.weight, r.dweight, NULL, 2, {H, D}, 3, 0};
    char buf[64];
    memset(buf, 'X', sizeof buf);
    cr_assert_eq(gc_check("linear_backward", &t, 1, lin_loss, &r.m, NULL, buf, 16), 0);
    cr_assert_eq(strlen(buf), 15, "\"%s\"", buf);
    cr_assert_str_eq(buf, "linear_backw...", "cut short, marked with ...");
    for (size_t k = 16; k < sizeof buf; k++) cr_assert_eq(buf[k], 'X', "byte %zu written", k);
}

Test(gradcheck, report_buffers_of_one_and_zero_bytes_are_safe) {
    static Run r;
    lin_init(&r.m, 3);
    memset(r.dweight, 0, sizeof r.dweight);
    GcTensor t = {"dweight", r.m.weight, r.dweight, NULL, 2, {H, D}, 3, 0};
    char buf[4] = {'X', 'X', 'X', 'X'};
    cr_assert_eq(gc_check("linear_backward", &t, 1, lin_loss, &r.m, NULL, buf, 1), 0);
    cr_assert_eq(buf[0], '\0');
    cr_assert_eq(buf[1], 'X');
    buf[0] = 'X';
    cr_assert_eq(gc_check("linear_backward", &t, 1, lin_loss, &r.m, NULL, buf, 0), 0);
    cr_assert_eq(buf[0], 'X', "cap 0: nothing written");
    cr_assert_eq(gc_check("linear_backward", &t, 1, lin_loss, &r.m, NULL, NULL, 0), 0);
}

Test(gradcheck, every_report_buffer_size_gives_a_prefix_and_never_writes_past_cap) {
    static Run r;
    run_check(&r, 3, BUG_SIGN, 0.0, NULL);
    size_t full = strlen(r.report);
    static char buf[REPORT_CAP + 8];
    GcTensor ts[3] = {
        {"dinp", r.m.inp, r.dinp, NULL, 2, {3, D}, 3, 0},
        {"dweight", r.m.weight, r.dweight, NULL, 2, {H, D}, 3, 0},
        {"dbias", r.m.bias, r.dbias, NULL, 1, {H}, 3, 1},
    };
    for (size_t cap = 1; cap <= full + 2; cap++) {
        memset(buf, 'X', sizeof buf);
        gc_check("linear_backward", ts, 3, lin_loss, &r.m, NULL, buf, cap);
        const char *nul = memchr(buf, '\0', cap);
        cr_assert_not_null(nul, "cap %zu: no NUL inside the buffer", cap);
        size_t len = (size_t)(nul - buf);
        for (size_t k = cap; k < sizeof buf; k++)
            cr_assert_eq(buf[k], 'X', "cap %zu: byte %zu written", cap, k);
        if (cap > full) cr_assert_str_eq(buf, r.report, "cap %zu: the whole report", cap);
        else cr_assert_eq(len, cap - 1, "cap %zu: filled to the end", cap);
        if (cap <= full && cap >= 4)
            cr_assert_str_eq(buf + cap - 4, "...", "cap %zu: marked as cut", cap);
    }
}

Test(gradcheck, a_tensor_too_large_to_allocate_fails_with_a_report_saying_so) {
    // The checker must give up before it touches param (one double here) or calls f.
    double w[3] = {0}, dw = 0.0;
    char report[512];
    GcTensor t = {"dhuge", w, &dw, NULL, 4, {1 << 30, 1 << 30, 1 << 30, 1 << 30}, 0, 0};
    cr_assert_eq(gc_check("huge_backward", &t, 1, dot_c3, w, NULL, report, sizeof report), 0);
    cr_assert(strstr(report, "huge_backward: gradient check ran out of memory"), "%s", report);
}

Test(gradcheck, nothing_to_check_is_a_failure_that_blames_the_test) {
    char report[512];
    double w = 0.0;
    cr_assert_eq(gc_check("f", NULL, 0, dot_c3, &w, NULL, report, sizeof report), 0);
    cr_assert(strstr(report, "a bug in the test"), "%s", report);
}

// ---------------------------------------------------------------------------------------------
// gc_close and gc_numeric

Test(gradcheck, gc_close_passes_zero_against_zero) {
    cr_assert(gc_close(0.0, 0.0, 1e-7, 1e-9));
    cr_assert(gc_close(0.0, -0.0, 1e-7, 0.0));
}

Test(gradcheck, gc_close_passes_tiny_entries_1e_12_apart_thanks_to_atol) {
    cr_assert(gc_close(1e-12, 2e-12, 1e-7, 1e-9));
    cr_assert(gc_close(-3e-6, -3e-6 + 1e-12, 1e-7, 1e-9));
    cr_assert_not(gc_close(1e-12, 2e-12, 1e-7, 0.0), "a pure relative test would fail them");
}

Test(gradcheck, gc_close_applies_the_relative_tolerance_to_the_larger_entry) {
    cr_assert(gc_close(1.0, 1.0 + 5e-8, 1e-7, 1e-9));
    cr_assert_not(gc_close(1.0, 1.0 + 1e-6, 1e-7, 1e-9));
    cr_assert_not(gc_close(1.0, -1.0, 1e-7, 1e-9));
}

Test(gradcheck, gc_close_fails_nan_and_infinity) {
    cr_assert_not(gc_close(NAN, 0.0, 1e-7, 1e-9));
    cr_assert_not(gc_close(0.0, NAN, 1e-7, 1e-9));
    cr_assert_not(gc_close(NAN, NAN, 1e-7, 1e-9));
    cr_assert_not(gc_close(INFINITY, INFINITY, 1e-7, 1e-9));
    cr_assert_not(gc_close(INFINITY, 1.0, 1e-7, 1e-9));
}

Test(gradcheck, gc_defaults_are_h_1e_5_rtol_1e_7_atol_1e_9_show_4) {
    GcOptions o = gc_defaults();
    cr_assert_eq(o.h, 1e-5);
    cr_assert_eq(o.rtol, 1e-7);
    cr_assert_eq(o.atol, 1e-9);
    cr_assert_eq(o.show, 4);
}

typedef struct {
    double x[6];
    int calls;
} SinCtx;

static double sum_sin(void *ctx) {
    SinCtx *s = ctx;
    s->calls++;
    double f = 0.0;
    for (int k = 0; k < 6; k++) f += sin(s->x[k]);
    return f;
}

Test(gradcheck, gc_numeric_restores_every_param_bit_for_bit) {
    // -0.0 comes back as +0.0 and 1/3 moves by an ulp if restored as x + h - h.
    static SinCtx s = {{-0.0, 0.1, 1.0 / 3.0, 1e-300, 1e16, -7.25}, 0};
    unsigned char before[sizeof s.x];
    memcpy(before, s.x, sizeof s.x);
    GcTensor t = {"dx", s.x, NULL, NULL, 1, {6}, 0, 0};
    double num[6];
    gc_numeric(num, &t, sum_sin, &s, 1e-5);
    cr_assert_eq(memcmp(before, s.x, sizeof s.x), 0, "params changed");
    cr_assert(signbit(s.x[0]), "-0.0 kept its sign");
    cr_assert_eq(s.calls, 12, "f is called 2 * numel times");
    cr_assert(gc_close(num[1], cos(0.1), 1e-7, 1e-9), "d sin(x)/dx at 0.1: %.17g", num[1]);
    cr_assert(gc_close(num[2], cos(1.0 / 3.0), 1e-7, 1e-9), "%.17g", num[2]);
}

Test(gradcheck, gc_check_leaves_the_params_as_it_found_them) {
    static Run r;
    Lin before;
    run_check(&r, 3, BUG_SIGN, 0.0, NULL);
    lin_init(&before, 3);
    cr_assert_eq(memcmp(&before, &r.m, sizeof before), 0);
}
