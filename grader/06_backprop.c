/* 06_backprop.c -- the visible tests of chapter 6: chain_example_grad, activation_backward,
 * linear_backward, bce_loss, bce_backward, mlp_backward, mlp_update, mlp_train_step,
 * mlp_train_epoch, and the student's own gradient checker, gradcheck_numeric and
 * gradcheck_compare (the last section).
 *
 * Gradients are checked against centred differences (grader/gradcheck.h) of functions this file
 * computes itself from their definitions: sum(out * dout) for a layer with an upstream gradient,
 * the mean cross-entropy for the loss, sum(logits * G) for a whole network. The fixtures tell the
 * usual mistakes apart: batches of 3 and 5, layers that are not square, buffers pre-filled before
 * backward, and, for relu, pre-activations at least 1e-3 from the kink (re-drawn otherwise).
 * Values worked by hand use halves and quarters; the training fixtures (one step, one epoch) were
 * recorded from the reference; the training thresholds were calibrated on 30 seeds of it (see the
 * tests). Points, visibility and hints are in grader/points.txt.
 *
 * Chapter 6 builds on chapter 5: mlp_backward reads what mlp_forward stored. The line below makes
 * grader/grade.sh compile the 05_mlp.c of the same folder into this chapter's binary; a test
 * that needs mlp_forward checks it on the test's own network first, and says "fix chapter 5's
 * mlp_forward first" rather than blame a backward function. The per-layer tests need nothing
 * from chapter 5.
 */
// @needs 05_mlp.c
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "06_backprop.h"
#include "backprop.h"
#include "data.h"
#include "grade.h"

GRADED_SUITE(ch06);

// ---------------------------------------------------------------- shared helpers
// (also used by grader/hidden/06_backprop.c, hence not static)

static int any_nan(const double *x, int n)
{
    for (int k = 0; k < n; k++)
        if (isnan(x[k]))
            return 1;
    return 0;
}

// The chapter-5 file graded beside this one, for messages: "skeletons/05_mlp.c".
const char *g6_chapter5_file(void)
{
    static char path[1024];
    const char *src = grade_source(), *slash = strrchr(src, '/');
    int dir = slash ? (int)(slash - src + 1) : 0;
    snprintf(path, sizeof path, "%.*s05_mlp.c", dir, src);
    return path;
}

// The activation's value, from math.h: the definition the checks compare against.
double g6_act(Activation f, double z)
{
    switch (f) {
    case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case ACT_TANH: return tanh(z);
    default: return z > 0.0 ? z : 0.0;
    }
}

// A network with these sizes, allocated by chapter 5's mlp_init (the allocation before its TODO
// is given code); the tests set every parameter themselves.
void g6_new_net(Mlp *m, const int *sizes, int L, Activation f, int max_batch)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, max_batch, &rng) != 0)
        grade_expect_dependency(0, "chapter 5's mlp_init", "it returned -1 for a valid network;"
                                " its allocation (given code, before the TODO) must succeed");
}

// The logits of the network for X (N rows), into out (N, K), computed here from the definition:
// layer by layer, with the activation on every layer but the last. If zmin is not NULL it gets
// the smallest |z| of any hidden pre-activation (how close a relu comes to its kink).
void g6_ref_forward(const Mlp *m, const double *X, int N, double *out, double *zmin)
{
    enum { MAXW = 256 };
    double a[MAXW], b[MAXW];
    if (zmin)
        *zmin = INFINITY;
    for (int n = 0; n < N; n++) {
        memcpy(a, X + n * m->sizes[0], sizeof(double) * m->sizes[0]);
        for (int l = 0; l < m->L; l++) {
            int D = m->sizes[l], H = m->sizes[l + 1];
            for (int h = 0; h < H; h++) {
                double z = m->bias[l][h];
                for (int i = 0; i < D; i++)
                    z += m->weight[l][h * D + i] * a[i];
                if (l < m->L - 1) {
                    if (zmin && fabs(z) < *zmin)
                        *zmin = fabs(z);
                    z = g6_act(m->act, z);
                }
                b[h] = z;
            }
            memcpy(a, b, sizeof(double) * H);
        }
        memcpy(out + n * m->sizes[m->L], a, sizeof(double) * m->sizes[m->L]);
    }
}

// Parameters U(-1, 1) in the order of the params block and inputs U(-2, 2), drawn from rng;
// for relu, drawn again until every hidden pre-activation is at least 1e-3 from 0, so that a
// centred difference with h = 1e-5 never steps over a kink.
void g6_draw_fixture(Mlp *m, double *X, int N, Rng *rng)
{
    for (int tries = 0; tries < 1000; tries++) {
        for (int k = 0; k < m->num_params; k++)
            m->params[k] = rng_range(rng, -1.0, 1.0);
        for (int k = 0; k < N * m->sizes[0]; k++)
            X[k] = rng_range(rng, -2.0, 2.0);
        if (m->act != ACT_RELU || m->L == 1)
            return;
        double zmin, out[64 * 16];   // N * K: the fixtures stay far below
        g6_ref_forward(m, X, N, out, &zmin);
        if (zmin >= 1e-3)
            return;
    }
    grade_fail("internal: no relu fixture away from the kink in 1000 draws (a bug in the test)");
}

// Runs chapter 5's mlp_forward on X and checks its logits against the definition, and the copy
// of X and the N it keeps: a chapter-6 test that needs the forward pass says so first, instead
// of blaming the backward pass.
void g6_expect_forward(Mlp *m, const double *X, int N)
{
    const char *ch5 = g6_chapter5_file();
    char why[1536];
    const double *logits = mlp_forward(m, X, N);
    int K = m->sizes[m->L];
    if (logits == NULL || any_nan(logits, N * K)) {
        snprintf(why, sizeof why, "it is not implemented yet (%s), and the backward pass reads"
                 " the activations it stores", ch5);
        grade_expect_dependency(0, "chapter 5's mlp_forward", why);
    }
    double *want = malloc(sizeof(double) * (size_t)N * K);
    g6_ref_forward(m, X, N, want, NULL);
    for (int k = 0; k < N * K; k++) {
        if (!(fabs(logits[k] - want[k]) <= 1e-9 * (1.0 + fabs(want[k])))) {
            snprintf(why, sizeof why, "on this test's %d-layer %s network its logit [%d,%d] is"
                     " %.10g, expected %.10g (make grade CH=05 says more)", m->L,
                     activation_name(m->act), k / K, k % K, logits[k], want[k]);
            free(want);
            grade_expect_dependency(0, "chapter 5's mlp_forward", why);
        }
    }
    free(want);
    for (int k = 0; k < N * m->sizes[0]; k++)
        if (m->acts[0][k] != X[k]) {
            snprintf(why, sizeof why, "acts[0] does not hold a copy of X (entry %d is %g, expected"
                     " %g), and backward reads layer 0's inputs from it", k, m->acts[0][k], X[k]);
            grade_expect_dependency(0, "chapter 5's mlp_forward", why);
        }
    if (m->N != N) {
        snprintf(why, sizeof why, "m->N is %d after a batch of %d", m->N, N);
        grade_expect_dependency(0, "chapter 5's mlp_forward", why);
    }
}

// ---------------------------------------------------------------- probes of chapter 6's pieces

// The hand-worked examples of the tests below, as yes/no probes for the tests that build on them.
static int activation_backward_works(Activation f)
{
    const double out[3][2] = { { 0.5, 0.25 }, { 0.5, -0.5 }, { 0.0, 3.0 } };
    const double dout[2] = { 2.0, -4.0 };
    const double want[3][2] = { { 0.5 + 1, -0.75 + 1 }, { 1.5 + 1, -3.0 + 1 }, { 1, -4.0 + 1 } };
    double dinp[2] = { 1.0, 1.0 };
    activation_backward(dinp, dout, out[f], 2, f);
    return fabs(dinp[0] - want[f][0]) <= 1e-12 && fabs(dinp[1] - want[f][1]) <= 1e-12;
}

// linear_backward on the layer worked by hand below, into buffers that start at 1.
static int linear_backward_works(void)
{
    const double inp[6] = { 1, 2, 3, -1, 0, 1 }, weight[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double dout[4] = { 1, -2, 0.5, 1 };
    const double want_dinp[6] = { 0.5, -1, 0.75, 0.25, 0.5, -0.125 };
    const double want_dw[6] = { 0.5, 2, 3.5, -3, -4, -5 }, want_db[2] = { 1.5, -1 };
    double dinp[6], dw[6], db[2] = { 1, 1 };
    for (int k = 0; k < 6; k++)
        dinp[k] = dw[k] = 1.0;
    linear_backward(dinp, dw, db, dout, inp, weight, 2, 3, 2);
    for (int k = 0; k < 6; k++)
        if (!(fabs(dinp[k] - 1 - want_dinp[k]) <= 1e-12 && fabs(dw[k] - 1 - want_dw[k]) <= 1e-12))
            return 0;
    return fabs(db[0] - 1 - want_db[0]) <= 1e-12 && fabs(db[1] - 1 - want_db[1]) <= 1e-12;
}

static void expect_layer_backwards(Activation f)
{
    grade_expect_dependency(linear_backward_works(), "linear_backward",
                            "mlp_backward goes back through every layer with it (see its tests)");
    if (!activation_backward_works(f)) {
        char why[160];
        snprintf(why, sizeof why, "mlp_backward goes back through every hidden layer's %s with it"
                 " (see its tests)", activation_name(f));
        grade_expect_dependency(0, "activation_backward", why);
    }
}

// ---------------------------------------------------------------- chain_example_grad

GRADED_TEST(ch06, chain_example_grad_matches_hand_worked_values)
{
    // f'(x) = exp(sin(x^2)) * cos(x^2) * 2x: 0 at x = 0; at x = 1, 2 e^{sin 1} cos 1; odd in x.
    const double xs[5] = { 0.0, 1.0, -1.0, 0.5, 1.5 };
    const double want[5] = { 0.0, 2.506761534986894, -2.506761534986894, 1.240882609167237,
                             -4.1031164885938205 };
    grade_expect_implemented(!isnan(chain_example_grad(1.0)), "chain_example_grad");
    for (int k = 0; k < 5; k++) {
        char what[64];
        snprintf(what, sizeof what, "df/dx at x = %g", xs[k]);
        grade_expect_close(chain_example_grad(xs[k]), want[k], 1e-12, "chain_example_grad", what);
    }
}

typedef struct {
    double x;
} ChainCtx;

static double chain_f(void *ctx)
{
    double x = ((ChainCtx *)ctx)->x;
    return exp(sin(x * x));
}

GRADED_TEST(ch06, chain_example_grad_matches_the_numeric_derivative)
{
    grade_expect_implemented(!isnan(chain_example_grad(1.0)), "chain_example_grad");
    const double xs[7] = { -2.2, -1.3, -0.4, 0.25, 0.9, 1.75, 2.6 };
    for (int k = 0; k < 7; k++) {
        ChainCtx c = { xs[k] };
        double g = chain_example_grad(xs[k]);
        GcTensor t = { "df/dx", &c.x, &g, NULL, 1, { 1 }, 0, 0 };
        grade_gradcheck("chain_example_grad", &t, 1, chain_f, &c, NULL);
    }
}

// ---------------------------------------------------------------- activation_backward

GRADED_TEST(ch06, activation_backward_passes_the_gradient_through_each_activation)
{
    // sigmoid: a = 0.5 -> a(1 - a) = 0.25, a = 0.25 -> 0.1875; dout (2, -4) -> (0.5, -0.75)
    // tanh:    a = +-0.5 -> 1 - a^2 = 0.75;                  dout (2, -4) -> (1.5, -3)
    // relu:    a = 0 -> 0, a = 3 -> 1;                        dout (2, -4) -> (0, -4)
    const double out[3][2] = { { 0.5, 0.25 }, { 0.5, -0.5 }, { 0.0, 3.0 } };
    const double dout[2] = { 2.0, -4.0 };
    const double want[3][2] = { { 0.5, -0.75 }, { 1.5, -3.0 }, { 0.0, -4.0 } };
    for (int f = ACT_SIGMOID; f <= ACT_RELU; f++) {
        double dinp[2] = { 0.0, 0.0 };
        activation_backward(dinp, dout, out[f], 2, (Activation)f);
        grade_expect_implemented(!any_nan(dinp, 2), "activation_backward");
        for (int i = 0; i < 2; i++) {
            char what[96];
            snprintf(what, sizeof what, "dinp[%d] for %s with out[%d] = %g, dout[%d] = %g", i,
                     activation_name((Activation)f), i, out[f][i], i, dout[i]);
            grade_expect_close(dinp[i], want[f][i], 1e-12, "activation_backward", what);
        }
    }
}

double g6_act_f(void *ctx)
{
    const ActCtx *c = ctx;
    double s = 0.0;
    for (int i = 0; i < c->n; i++)
        s += g6_act(c->f, c->z[i]) * c->dout[i];
    return s;
}

GRADED_TEST(ch06, activation_backward_matches_the_numeric_gradient_for_each_activation)
{
    // Seven pre-activations on both sides of 0, none within 1e-3 of relu's kink.
    const double dout[7] = { 0.5, -1.25, 2.0, 0.75, -0.3, 1.1, -0.6 };
    for (int f = ACT_SIGMOID; f <= ACT_RELU; f++) {
        double z[7] = { -2.1, -0.7, -0.05, 0.3, 0.9, 1.7, 3.2 }, out[7], dinp[7] = { 0 };
        for (int i = 0; i < 7; i++)
            out[i] = g6_act((Activation)f, z[i]);
        activation_backward(dinp, dout, out, 7, (Activation)f);
        grade_expect_implemented(!any_nan(dinp, 7), "activation_backward");
        ActCtx c = { (Activation)f, z, dout, 7 };
        GcTensor t = { "dinp", z, dinp, NULL, 1, { 7 }, 0, 0 };
        char fn[64];
        snprintf(fn, sizeof fn, "activation_backward (%s)", activation_name((Activation)f));
        grade_gradcheck(fn, &t, 1, g6_act_f, &c, NULL);
    }
}

GRADED_TEST(ch06, activation_backward_of_relu_is_zero_where_the_output_is_zero)
{
    // A relu output of 0 means z <= 0: no gradient gets through, whatever dout is.
    const double out[5] = { 0.0, 0.0, 0.0, 2.0, 1e-9 }, dout[5] = { 1.0, -2.0, 3.0, 1.0, -1.0 };
    const double want[5] = { 0.0, 0.0, 0.0, 1.0, -1.0 };
    double dinp[5] = { 0 };
    activation_backward(dinp, dout, out, 5, ACT_RELU);
    grade_expect_implemented(!any_nan(dinp, 5), "activation_backward");
    for (int i = 0; i < 5; i++)
        if (dinp[i] != want[i])
            grade_fail("activation_backward (relu): dinp[%d] is %g for out[%d] = %g and dout[%d] ="
                       " %g, expected %g: relu' is 1 where the output is > 0 and 0 where it is 0"
                       " (z <= 0, the kink included)", i, dinp[i], i, out[i], i, dout[i], want[i]);
}

GRADED_TEST(ch06, activation_backward_adds_to_what_dinp_held)
{
    // The sigmoid example with dinp pre-filled: the new shares are added, the old values kept.
    const double out[3] = { 0.5, 0.25, 0.75 }, dout[3] = { 2.0, -4.0, 1.0 };
    const double before[3] = { 10.0, -10.0, 0.5 };
    const double want[3] = { 10.5, -10.75, 0.6875 };
    double dinp[3];
    memcpy(dinp, before, sizeof dinp);
    activation_backward(dinp, dout, out, 3, ACT_SIGMOID);
    grade_expect_implemented(!any_nan(dinp, 3), "activation_backward");
    // "Accumulate" only when overwriting is what happened: every wrong entry is its share alone.
    int overwrote = 1;
    for (int i = 0; i < 3; i++)
        if (!(fabs(dinp[i] - want[i]) <= 1e-12) && !(fabs(dinp[i] - (want[i] - before[i])) <= 1e-12))
            overwrote = 0;
    for (int i = 0; i < 3; i++)
        if (!(fabs(dinp[i] - want[i]) <= 1e-12)) {
            if (overwrote)
                grade_fail("activation_backward: dinp[%d] held %g before; after adding dout times"
                           " the sigmoid's slope it should be %g, but it is %g, the share alone --"
                           " accumulate with +=, do not overwrite", i, before[i], want[i], dinp[i]);
            grade_fail("activation_backward (sigmoid): dinp[%d] is %.10g, expected %g, what it held"
                       " (%g) plus dout times the sigmoid's slope; it is not the share alone"
                       " either, so the share itself is off\nhint: activation_backward_passes_the"
                       "_gradient_through_each_activation, with dinp zeroed, shows which", i, dinp[i],
                       want[i], before[i]);
        }
}

// ---------------------------------------------------------------- linear_backward

GRADED_TEST(ch06, linear_backward_matches_a_layer_worked_by_hand)
{
    // The layer of chapter 5's hand-worked test: inp (2,3), weight (2,3), and dout (2,2).
    //   dbias[h]     = sum_n dout[n,h]                = (1 + 0.5, -2 + 1) = (1.5, -1)
    //   dweight[0,:] = 1 * (1, 2, 3) + 0.5 * (-1, 0, 1)                    = (0.5, 2, 3.5)
    //   dweight[1,:] = -2 * (1, 2, 3) + 1 * (-1, 0, 1)                     = (-3, -4, -5)
    //   dinp[0,:]    = 1 * (0.5, 0, 0.25) - 2 * (0, 0.5, -0.25)            = (0.5, -1, 0.75)
    //   dinp[1,:]    = 0.5 * (0.5, 0, 0.25) + 1 * (0, 0.5, -0.25)          = (0.25, 0.5, -0.125)
    const double inp[6] = { 1, 2, 3, -1, 0, 1 }, weight[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double dout[4] = { 1, -2, 0.5, 1 };
    const double want_dinp[6] = { 0.5, -1, 0.75, 0.25, 0.5, -0.125 };
    const double want_dw[6] = { 0.5, 2, 3.5, -3, -4, -5 }, want_db[2] = { 1.5, -1 };
    double dinp[6] = { 0 }, dw[6] = { 0 }, db[2] = { 0 };
    linear_backward(dinp, dw, db, dout, inp, weight, 2, 3, 2);
    grade_expect_implemented(!any_nan(dinp, 6) && !any_nan(dw, 6) && !any_nan(db, 2),
                             "linear_backward");
    for (int k = 0; k < 2; k++) {
        char what[32];
        snprintf(what, sizeof what, "dbias[%d]", k);
        grade_expect_close(db[k], want_db[k], 1e-12, "linear_backward", what);
    }
    for (int k = 0; k < 6; k++) {
        char what[32];
        snprintf(what, sizeof what, "dweight[%d,%d]", k / 3, k % 3);
        grade_expect_close(dw[k], want_dw[k], 1e-12, "linear_backward", what);
    }
    for (int k = 0; k < 6; k++) {
        char what[32];
        snprintf(what, sizeof what, "dinp[%d,%d]", k / 3, k % 3);
        grade_expect_close(dinp[k], want_dinp[k], 1e-12, "linear_backward", what);
    }
}

typedef struct {
    double *inp, *weight, *bias;
    const double *dout;
    int N, D, H;
} LinCtx;

// sum over n, h of out[n,h] * dout[n,h], out = inp @ weight^T + bias
static double lin_f(void *ctx)
{
    const LinCtx *c = ctx;
    double s = 0.0;
    for (int n = 0; n < c->N; n++)
        for (int h = 0; h < c->H; h++) {
            double z = c->bias[h];
            for (int i = 0; i < c->D; i++)
                z += c->weight[h * c->D + i] * c->inp[n * c->D + i];
            s += z * c->dout[n * c->H + h];
        }
    return s;
}

// Checks linear_backward on a random layer (N, D, H) against centred differences, with the three
// gradient buffers pre-filled with random values when prefill is set.
void g6_check_linear(int N, int D, int H, int prefill, Rng *rng)
{
    int ni = N * D, nw = H * D, no = N * H;
    double *buf = calloc((size_t)(3 * ni + 3 * nw + 3 * H + no), sizeof(double));
    double *inp = buf, *weight = inp + ni, *bias = weight + nw, *dout = bias + H;
    double *dinp = dout + no, *dw = dinp + ni, *db = dw + nw;
    double *pre_dinp = db + H, *pre_dw = pre_dinp + ni, *pre_db = pre_dw + nw;
    for (int k = 0; k < ni; k++) inp[k] = rng_range(rng, -1.0, 1.0);
    for (int k = 0; k < nw; k++) weight[k] = rng_range(rng, -1.0, 1.0);
    for (int k = 0; k < H; k++) bias[k] = rng_range(rng, -1.0, 1.0);
    for (int k = 0; k < no; k++) dout[k] = rng_range(rng, -1.0, 1.0);
    if (prefill) {
        for (int k = 0; k < ni; k++) pre_dinp[k] = rng_range(rng, -1.0, 1.0);
        for (int k = 0; k < nw; k++) pre_dw[k] = rng_range(rng, -1.0, 1.0);
        for (int k = 0; k < H; k++) pre_db[k] = rng_range(rng, -1.0, 1.0);
    }
    memcpy(dinp, pre_dinp, sizeof(double) * ni);
    memcpy(dw, pre_dw, sizeof(double) * nw);
    memcpy(db, pre_db, sizeof(double) * H);
    linear_backward(dinp, dw, db, dout, inp, weight, N, D, H);
    int nan = any_nan(dinp, ni) || any_nan(dw, nw) || any_nan(db, H);
    if (nan) {
        free(buf);
        grade_expect_implemented(0, "linear_backward");
    }
    LinCtx c = { inp, weight, bias, dout, N, D, H };
    GcTensor ts[3] = {
        { "dweight", weight, dw, prefill ? pre_dw : NULL, 2, { H, D }, 0, 0 },
        { "dbias", bias, db, prefill ? pre_db : NULL, 1, { H }, 0, 1 },
        { "dinp", inp, dinp, prefill ? pre_dinp : NULL, 2, { N, D }, 0, 0 },
    };
    char report[3072];
    int ok = gc_check("linear_backward", ts, 3, lin_f, &c, NULL, report, sizeof report);
    free(buf);
    if (!ok)
        grade_fail("%s", report);
}

GRADED_TEST(ch06, linear_backward_matches_the_numeric_gradient_for_a_batch_of_three)
{
    // N = 3, D = 4, H = 2: not square, so a transposed index shows; zeroed buffers.
    Rng rng;
    rng_seed(&rng, 606, 1);
    g6_check_linear(3, 4, 2, 0, &rng);
    g6_check_linear(3, 2, 5, 0, &rng);
}

GRADED_TEST(ch06, linear_backward_adds_to_gradients_already_in_the_buffers)
{
    // The same shapes with dinp, dweight and dbias holding random values before the call.
    Rng rng;
    rng_seed(&rng, 606, 2);
    g6_check_linear(3, 4, 2, 1, &rng);
}

GRADED_TEST(ch06, linear_backward_sums_the_bias_gradient_over_the_batch)
{
    // N = 5 examples, one input, two units: dbias[h] is the sum of column h of dout.
    const double inp[5] = { 1, 1, 1, 1, 1 }, weight[2] = { 0.5, -0.5 };
    const double dout[10] = { 1, 0.5, 2, -1, 0.25, 0.25, -3, 2, 0.5, 0.25 };
    double dinp[5] = { 0 }, dw[2] = { 0 }, db[2] = { 0 };
    linear_backward(dinp, dw, db, dout, inp, weight, 5, 1, 2);
    grade_expect_implemented(!any_nan(db, 2) && !any_nan(dw, 2), "linear_backward");
    const double want[2] = { 1 + 2 + 0.25 - 3 + 0.5, 0.5 - 1 + 0.25 + 2 + 0.25 };
    for (int h = 0; h < 2; h++)
        if (!(fabs(db[h] - want[h]) <= 1e-12))
            grade_fail("linear_backward: dbias[%d] is %g for a batch of 5, expected %g, the sum of"
                       " dout[n,%d] over all 5 examples (the bias is shared by every example, so"
                       " every example adds its share)", h, db[h], want[h], h);
}

// ---------------------------------------------------------------- bce_loss, bce_backward

// The mean binary cross-entropy, from the definition in its stable form.
double g6_bce(const double *logits, const int *y, int N)
{
    double s = 0.0;
    for (int n = 0; n < N; n++) {
        double z = logits[n];
        s += fmax(z, 0.0) - y[n] * z + log1p(exp(-fabs(z)));
    }
    return s / N;
}

GRADED_TEST(ch06, bce_loss_matches_hand_worked_values)
{
    // z = 0 gives p = 1/2: log 2 for either label. z = ln 3 gives p = 3/4: -log(3/4) for y = 1;
    // z = -ln 3 gives p = 1/4: -log(1/4) = log 4 for y = 1. Mean: (6 log 2 - log 3) / 4.
    const double logits[4] = { 0.0, 0.0, log(3.0), -log(3.0) };
    const int y[4] = { 1, 0, 1, 1 };
    double got = bce_loss(logits, y, 4);
    grade_expect_implemented(!isnan(got), "bce_loss");
    grade_expect_close(got, 0.7650676986728904, 1e-12, "bce_loss",
                       "the mean loss of logits (0, 0, ln 3, -ln 3), labels (1, 0, 1, 1)");
    const double z1[1] = { 2.0 };
    const int y0[1] = { 0 };
    grade_expect_close(bce_loss(z1, y0, 1), 2.1269280110429727, 1e-12, "bce_loss",
                       "the loss of logit 2 with label 0, log(1 + e^2)");
}

GRADED_TEST(ch06, bce_loss_stays_finite_for_large_logits)
{
    // Confident and wrong: z = 800 with y = 0 costs 800, z = -800 with y = 1 too; right and sure
    // costs about e^-40. The mean is 410 plus a few 1e-18.
    const double logits[4] = { 800.0, -800.0, 40.0, -40.0 };
    const int y[4] = { 0, 1, 1, 1 };
    const double half[1] = { 0.5 };
    grade_expect_implemented(!isnan(bce_loss(half, y, 1)), "bce_loss");
    double got = bce_loss(logits, y, 4);
    grade_expect_close(got, 410.0, 1e-9, "bce_loss",
                       "the mean loss of logits (800, -800, 40, -40), labels (0, 1, 1, 1)");
}

typedef struct {
    double *logits;
    const int *y;
    int N;
} BceCtx;

static double bce_f(void *ctx)
{
    const BceCtx *c = ctx;
    return g6_bce(c->logits, c->y, c->N);
}

// Checks bce_backward on N random logits against centred differences of the mean loss.
void g6_check_bce(int N, int prefill, Rng *rng)
{
    double logits[16] = { 0 }, dlogits[16] = { 0 }, pre[16] = { 0 };
    int y[16] = { 0 };
    if (N < 1 || N > 16)
        grade_fail("internal: g6_check_bce takes 1 to 16 logits (a bug in the test)");
    for (int n = 0; n < N; n++) {
        logits[n] = rng_range(rng, -3.0, 3.0);
        y[n] = (int)rng_below(rng, 2);
        if (prefill)
            pre[n] = rng_range(rng, -1.0, 1.0);
        dlogits[n] = pre[n];
    }
    bce_backward(dlogits, logits, y, N);
    grade_expect_implemented(!any_nan(dlogits, N), "bce_backward");
    BceCtx c = { logits, y, N };
    GcTensor t = { "dlogits", logits, dlogits, prefill ? pre : NULL, 1, { N }, N, 0 };
    grade_gradcheck("bce_backward", &t, 1, bce_f, &c, NULL);
}

GRADED_TEST(ch06, bce_backward_matches_the_numeric_gradient_of_the_mean_loss)
{
    Rng rng;
    rng_seed(&rng, 606, 3);
    g6_check_bce(5, 0, &rng);
    g6_check_bce(3, 0, &rng);
}

GRADED_TEST(ch06, bce_backward_adds_to_what_dlogits_held)
{
    Rng rng;
    rng_seed(&rng, 606, 4);
    g6_check_bce(5, 1, &rng);
}

// ---------------------------------------------------------------- mlp_backward

typedef struct {
    const Mlp *m;
    const double *X, *G;   // inputs (N, D) and upstream gradient (N, K)
    int N;
    double *out;           // scratch (N, K)
} NetCtx;

// sum over n, k of logits[n,k] * G[n,k], from the definition: its gradient is what mlp_backward
// computes when handed dlogits = G.
static double net_f(void *ctx)
{
    const NetCtx *c = ctx;
    int K = c->m->sizes[c->m->L];
    g6_ref_forward(c->m, c->X, c->N, c->out, NULL);
    double s = 0.0;
    for (int k = 0; k < c->N * K; k++)
        s += c->out[k] * c->G[k];
    return s;
}

// One gradient check of mlp_backward: a network of these sizes drawn from rng (away from relu's
// kinks), a batch of N, an upstream gradient G and grads pre-filled (prefill) or zero. With
// twice set, mlp_backward is called a second time after the same forward pass and must add
// exactly what the first call added (its scratch, dacts and dz, zeroed before use).
void g6_check_net(const int *sizes, int L, Activation f, int N, int prefill, int twice, Rng *rng)
{
    Mlp m;
    g6_new_net(&m, sizes, L, f, N + 1);
    int K = sizes[L], P = m.num_params;
    // X, G and the scratch, padded: a backward that reads past its rows finds zeros, not garbage.
    int pad = (N + 1) * 64;
    double *X = calloc((size_t)pad, sizeof(double)), *G = calloc((size_t)pad, sizeof(double));
    double *out = calloc((size_t)pad, sizeof(double));
    double *pre = calloc((size_t)P, sizeof(double)), *first = calloc((size_t)P, sizeof(double));
    g6_draw_fixture(&m, X, N, rng);
    for (int k = 0; k < N * K; k++)
        G[k] = rng_range(rng, -1.0, 1.0);
    if (prefill)
        for (int k = 0; k < P; k++)
            pre[k] = rng_range(rng, -1.0, 1.0);
    memcpy(m.grads, pre, sizeof(double) * P);
    g6_expect_forward(&m, X, N);   // chapter 5 first, then the pieces mlp_backward calls
    expect_layer_backwards(f);
    mlp_backward(&m, G);
    memcpy(first, m.grads, sizeof(double) * P);
    char fn[160], arch[96] = "";
    for (int l = 0; l <= L; l++)
        snprintf(arch + strlen(arch), sizeof arch - strlen(arch), l ? "-%d" : "%d", sizes[l]);
    snprintf(fn, sizeof fn, "mlp_backward (%s %s, N = %d%s)", arch, activation_name(f), N,
             prefill ? ", grads pre-filled" : "");
    char report[3072];
    int ok = 1;
    if (any_nan(m.grads, P)) {
        snprintf(report, sizeof report, "mlp_backward is not implemented yet -- write its TODO"
                 " block in %s", grade_source());
        ok = 0;
    }
    if (ok) {
        NetCtx c = { &m, X, G, N, out };
        GcTensor ts[2 * MLP_MAX_LAYERS];
        static char names[2 * MLP_MAX_LAYERS][24];
        for (int l = 0; l < L; l++) {
            int H = sizes[l + 1], In = sizes[l];
            snprintf(names[2 * l], sizeof names[0], "dweight[%d]", l);
            snprintf(names[2 * l + 1], sizeof names[0], "dbias[%d]", l);
            long off_w = m.weight[l] - m.params, off_b = m.bias[l] - m.params;
            ts[2 * l] = (GcTensor){ names[2 * l], m.weight[l], m.dweight[l],
                                    prefill ? pre + off_w : NULL, 2, { H, In }, 0, 0 };
            ts[2 * l + 1] = (GcTensor){ names[2 * l + 1], m.bias[l], m.dbias[l],
                                        prefill ? pre + off_b : NULL, 1, { H }, 0, 1 };
        }
        ok = gc_check(fn, ts, 2 * L, net_f, &c, NULL, report, sizeof report);
    }
    if (ok && twice) {
        // The same forward pass, so the second call must add the same again: grads = pre + 2 g.
        mlp_backward(&m, G);
        for (int k = 0; k < P && ok; k++) {
            double added = first[k] - pre[k], again = m.grads[k] - first[k];
            if (!(fabs(again - added) <= 1e-12 * (1.0 + fabs(added)))) {
                snprintf(report, sizeof report, "%s: called a second time after the same forward"
                         " pass, it added %.10g to grads[%d], where the first call added %.10g:"
                         " dacts[l] and dz[l] still held the first call's values -- zero each"
                         " before linear_backward and activation_backward add into it", fn,
                         again, k, added);
                ok = 0;
            }
        }
    }
    free(X), free(G), free(out), free(pre), free(first);
    gnet_drop(&m);
    if (!ok)
        grade_fail("%s", report);
}

GRADED_TEST(ch06, mlp_backward_matches_the_numeric_gradient_of_a_2_3_1_tanh_network)
{
    Rng rng;
    rng_seed(&rng, 616, 1);
    const int sizes[3] = { 2, 3, 1 };
    g6_check_net(sizes, 2, ACT_TANH, 3, 0, 0, &rng);
}

GRADED_TEST(ch06, mlp_backward_matches_the_numeric_gradient_for_several_depths_and_activations)
{
    Rng rng;
    rng_seed(&rng, 616, 2);
    const int a[2] = { 3, 2 }, b[3] = { 2, 4, 3 }, c[4] = { 2, 5, 4, 1 }, d[5] = { 3, 4, 3, 5, 2 };
    g6_check_net(a, 1, ACT_SIGMOID, 5, 0, 0, &rng);   // no hidden layer
    g6_check_net(b, 2, ACT_SIGMOID, 3, 0, 0, &rng);
    g6_check_net(c, 3, ACT_RELU, 5, 0, 0, &rng);
    g6_check_net(d, 4, ACT_TANH, 3, 0, 0, &rng);
}

GRADED_TEST(ch06, mlp_backward_adds_to_gradients_already_there)
{
    Rng rng;
    rng_seed(&rng, 616, 3);
    const int sizes[4] = { 2, 4, 3, 1 };
    g6_check_net(sizes, 3, ACT_TANH, 3, 1, 0, &rng);
}

GRADED_TEST(ch06, mlp_backward_zeroes_its_scratch_so_a_second_call_adds_the_same_again)
{
    Rng rng;
    rng_seed(&rng, 616, 4);
    const int sizes[4] = { 3, 4, 5, 2 };
    g6_check_net(sizes, 3, ACT_RELU, 3, 0, 1, &rng);
    g6_check_net(sizes, 3, ACT_SIGMOID, 5, 1, 1, &rng);
}

GRADED_TEST(ch06, mlp_backward_handles_k_outputs_for_a_64_input_10_class_network)
{
    // The capstone's shape: any d loss / d logits (N, 10) goes back through the same code.
    Rng rng;
    rng_seed(&rng, 616, 5);
    const int sizes[3] = { 64, 8, 10 };
    g6_check_net(sizes, 2, ACT_RELU, 3, 0, 0, &rng);
}

// ---------------------------------------------------------------- mlp_update

GRADED_TEST(ch06, mlp_update_steps_every_parameter_against_its_gradient)
{
    const int sizes[3] = { 2, 3, 1 };
    Mlp m;
    g6_new_net(&m, sizes, 2, ACT_TANH, 1);
    const double p[13] = { 1, -1, 0.5, 0.5, -1, 0, 0.5, 0, 1, 2, -1, 0.5, -0.25 };
    const double g[13] = { 0.5, 0.25, -1, 2, 0, -0.5, 1, 1, -0.25, 0.75, -2, 4, 1.5 };
    memcpy(m.params, p, sizeof p);
    memcpy(m.grads, g, sizeof g);
    mlp_update(&m, 0.5);
    grade_expect_implemented(!any_nan(m.params, 13), "mlp_update");
    for (int k = 0; k < 13; k++) {
        double want = p[k] - 0.5 * g[k];
        if (m.params[k] != want) {
            double got = m.params[k];
            gnet_drop(&m);
            grade_fail("mlp_update(lr = 0.5): params[%d] (%s) is %g, expected %g - 0.5 * %g = %g:"
                       " every one of the num_params = 13 parameters steps against its gradient,"
                       " params[k] -= lr * grads[k]", k, k == 12 ? "the output bias" : k < 9
                       ? "layer 0" : "layer 1", got, p[k], g[k], want);
        }
        if (m.grads[k] != g[k]) {
            gnet_drop(&m);
            grade_fail("mlp_update changed grads[%d]: it must leave the gradients alone (the next"
                       " mlp_zero_grad resets them)", k);
        }
    }
    gnet_drop(&m);
}

// ---------------------------------------------------------------- mlp_train_step, mlp_train_epoch

// Glorot-uniform weights and zero biases drawn here from rng, in mlp_init's documented order:
// the tests pass in the initial weights, so training never depends on how yours were drawn.
void g6_glorot(Mlp *m, Rng *rng)
{
    memset(m->params, 0, sizeof(double) * (size_t)m->num_params);   // the biases stay 0
    for (int l = 0; l < m->L; l++) {
        double r = sqrt(6.0 / (m->sizes[l] + m->sizes[l + 1]));
        for (int k = 0; k < m->sizes[l] * m->sizes[l + 1]; k++)
            m->weight[l][k] = rng_range(rng, -r, r);
    }
}

// mlp_backward on a 1-1-1 network of the activation *ctx (z = 0.75, logit = -2 f(z) + 0.5, the
// input 1), with its scratch holding what an earlier step left there, as every training step
// after the first finds it: a backward that adds into dacts and dz without zeroing them first is
// right once, then wrong -- which a training test would blame on the training.
static int scratch_probe(void *ctx, char *why, size_t cap)
{
    Activation act = *(const Activation *)ctx;
    const int sizes[3] = { 1, 1, 1 };
    Mlp t;
    g6_new_net(&t, sizes, 2, act, 1);
    const double p0[4] = { 0.5, 0.25, -2.0, 0.5 }, x[1] = { 1.0 }, G[1] = { 1.0 };
    memcpy(t.params, p0, sizeof p0);
    mlp_forward(&t, x, 1);
    for (int l = 0; l < 2; l++)
        t.dacts[l][0] = 0.5;
    t.dz[0][0] = 0.5;
    memset(t.grads, 0, sizeof(double) * 4);
    mlp_backward(&t, G);
    double a = g6_act(act, 0.75);
    double slope = act == ACT_SIGMOID ? a * (1 - a) : act == ACT_TANH ? 1 - a * a : 1.0;
    double want[4] = { -2.0 * slope, -2.0 * slope, a, 1.0 };
    int ok = 1;
    for (int k = 0; k < 4; k++)
        ok = ok && fabs(t.grads[k] - want[k]) <= 1e-12;
    gnet_drop(&t);
    if (!ok)
        snprintf(why, cap, "called with dacts and dz holding an earlier call's values, as in every"
                 " step after the first, it gives other gradients: it adds into them without"
                 " zeroing each first (see"
                 " mlp_backward_zeroes_its_scratch_so_a_second_call_adds_the_same_again)");
    return ok;
}

// Everything one training step needs from the other exercises: a test that trains says which of
// them to fix first. The forward pass is checked on the test's own network.
void g6_expect_training_dependencies(Mlp *m, const double *X, int N)
{
    g6_expect_forward(m, X, N);
    const double z[3] = { 0.5, -3.0, 1.0 };
    const int y[3] = { 1, 0, 0 };
    double d[3] = { 0, 0, 0 };
    bce_backward(d, z, y, 3);
    double p = 1.0 / (1.0 + exp(-0.5));
    grade_expect_dependency(fabs(bce_loss(z, y, 3) - g6_bce(z, y, 3)) <= 1e-12, "bce_loss",
                            "training reports the loss it computes (see its tests)");
    grade_expect_dependency(fabs(d[0] - (p - 1) / 3) <= 1e-12, "bce_backward",
                            "training starts the backward pass from it (see its tests)");
    expect_layer_backwards(m->act);
    // mlp_backward and mlp_update on a 1-1-1 network of the same activation: z = 0.75, a = f(z),
    // logit = -2 a + 0.5; with dlogit = 1, dweight[1] = a, dbias[1] = 1, and dweight[0] =
    // dbias[0] = -2 f'(z) (the input is 1).
    const int sizes[3] = { 1, 1, 1 };
    Mlp t;
    g6_new_net(&t, sizes, 2, m->act, 1);
    const double p0[4] = { 0.5, 0.25, -2.0, 0.5 }, x[1] = { 1.0 }, G[1] = { 1.0 };
    memcpy(t.params, p0, sizeof p0);
    mlp_forward(&t, x, 1);
    memset(t.grads, 0, sizeof(double) * 4);
    mlp_backward(&t, G);
    double a = g6_act(m->act, 0.75);
    double slope = m->act == ACT_SIGMOID ? a * (1 - a) : m->act == ACT_TANH ? 1 - a * a : 1.0;
    double want[4] = { -2.0 * slope, -2.0 * slope, a, 1.0 };
    int ok = 1;
    for (int k = 0; k < 4; k++)
        ok = ok && fabs(t.grads[k] - want[k]) <= 1e-12;
    if (!ok)
        gnet_drop(&t);
    grade_expect_dependency(ok, "mlp_backward", "every training step calls it (see its tests)");
    // A training test that fails checks mlp_backward once more, with its scratch as an earlier
    // step left it (scratch_probe): one that passes keeps its points.
    mlp_update(&t, 0.5);
    ok = 1;
    for (int k = 0; k < 4; k++)
        ok = ok && fabs(t.params[k] - (p0[k] - 0.5 * want[k])) <= 1e-12;
    gnet_drop(&t);
    grade_expect_dependency(ok, "mlp_update", "every training step calls it (see its tests)");
    static Activation act;   // the test's network may be gone by the time it fails
    act = m->act;
    grade_on_failure_expect("mlp_backward", scratch_probe, &act);
}

// The 2-3-1 tanh network and batch of the step and epoch tests: parameters U(-1, 1) and
// inputs U(-2, 2) from seed (626, 1); labels fixed.
static void step_fixture(Mlp *m, double *X, int *y, int N, int max_batch)
{
    const int sizes[3] = { 2, 3, 1 };
    g6_new_net(m, sizes, 2, ACT_TANH, max_batch);
    Rng rng;
    rng_seed(&rng, 626, 1);
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = rng_range(&rng, -1.0, 1.0);
    for (int k = 0; k < 2 * N; k++)
        X[k] = rng_range(&rng, -2.0, 2.0);
    const int labels[7] = { 1, 0, 0, 1, 1, 0, 1 };
    memcpy(y, labels, sizeof(int) * N);
}

static void expect_params(const char *fn, const char *when, const Mlp *m, const double *want)
{
    for (int k = 0; k < m->num_params; k++)
        if (!(fabs(m->params[k] - want[k]) <= 1e-10))
            grade_fail("%s: params[%d] %s is %.10g, expected %.10g", fn, k, when, m->params[k],
                       want[k]);
}

// Recorded from the reference, and checked against a separate implementation (Python, from the
// definitions) to 2e-16: two steps of lr 0.5 on the batch of 4 of step_fixture.
static const double STEP_LOSS[2] = { 0.81595440220099413, 0.75286808382890891 };
static const double STEP_PARAMS[2][13] = {
    {
        -0.70014704281622775, 0.34339845268392577, 0.087692589106900878, 0.64465784942825644,
        -0.8120391342513652, -0.67341194423026518, 0.7189694862869086, -0.22595801335872351,
        -0.87521079545996427, 0.57595993422162139, -0.24130985994242596, 0.026657533765397756,
        0.6414546396256382 },
    {
        -0.72854205887999746, 0.40237189259715711, 0.061966747588273856, 0.64115160420731598,
        -0.8102050255000055, -0.67125710203958278, 0.69728602563188846, -0.21322499328209965,
        -0.87866349768658314, 0.58654798898622795, -0.16483487582390652, 0.012550617416677179,
        0.53314506441665588 } };

static void run_two_steps(double pre_grad)
{
    Mlp m;
    double X[14];
    int y[7];
    step_fixture(&m, X, y, 4, 4);
    g6_expect_training_dependencies(&m, X, 4);
    for (int k = 0; k < m.num_params; k++)
        m.grads[k] = pre_grad;
    for (int s = 0; s < 2; s++) {
        double loss = mlp_train_step(&m, X, y, 4, 0.5);
        grade_expect_implemented(!isnan(loss), "mlp_train_step");
        char what[96];
        snprintf(what, sizeof what, "the loss returned by step %d (before its update)", s + 1);
        grade_expect_close(loss, STEP_LOSS[s], 1e-10, "mlp_train_step", what);
        snprintf(what, sizeof what, "after step %d (lr 0.5%s)", s + 1,
                 pre_grad != 0.0 ? ", grads held 1 before the first" : "");
        expect_params("mlp_train_step", what, &m, STEP_PARAMS[s]);
    }
    gnet_drop(&m);
}

GRADED_TEST(ch06, mlp_train_step_returns_the_loss_before_the_update_and_takes_one_step)
{
    run_two_steps(0.0);
}

GRADED_TEST(ch06, mlp_train_step_starts_from_zeroed_gradients)
{
    run_two_steps(1.0);
}

// Recorded from the reference, and checked as above: one epoch over step_fixture's data, lr 0.5.
static const double EPOCH_ORDER_LOSS = 0.73962215782878016;
static const double EPOCH_ORDER_PARAMS[13] = {
    -0.78934953648884543, 0.51010611531988015, 0.14935251631051363, 0.58995361494744525,
    -0.80371818683553786, -0.66671761932506968, 0.63210980358535185, -0.24614308015536859,
    -0.8930122048939072, 0.68193680830620873, -0.048106042396413265, 0.10617116427293256,
    0.41417228609399404 };
static const double EPOCH_REST_LOSS = 0.70139456934104116;
static const double EPOCH_REST_PARAMS[13] = {
    -0.77365970876691148, 0.48032481562721763, 0.11903826414334805, 0.61263328838471587,
    -0.81941507245959189, -0.66905892633572761, 0.67359553588588728, -0.23967414859921174,
    -0.87394050185595717, 0.76086419099868119, -0.15583765285546466, 0.098575281370805401,
    0.64909892017517956 };

static void run_epoch(int N, int batch, const int *order, double want_loss, const double *want,
                      const char *setup)
{
    Mlp m;
    double X[14];
    int y[7];
    step_fixture(&m, X, y, N, batch);
    g6_expect_training_dependencies(&m, X, batch);
    double loss = mlp_train_epoch(&m, X, y, N, order, batch, 0.5);
    grade_expect_implemented(!isnan(loss), "mlp_train_epoch");
    char what[160];
    snprintf(what, sizeof what, "the mean loss returned for %s", setup);
    grade_expect_close(loss, want_loss, 1e-10, "mlp_train_epoch", what);
    snprintf(what, sizeof what, "after one epoch of %s", setup);
    expect_params("mlp_train_epoch", what, &m, want);
    gnet_drop(&m);
}

GRADED_TEST(ch06, mlp_train_epoch_takes_the_batches_in_the_order_given)
{
    // Labels (1, 0, 0, 1, 1, 0): in this order the batches' labels differ from the data order's.
    const int order[6] = { 3, 5, 0, 2, 1, 4 };
    run_epoch(6, 2, order, EPOCH_ORDER_LOSS, EPOCH_ORDER_PARAMS,
              "N = 6 in batches of 2, order (3, 5, 0, 2, 1, 4)");
}

GRADED_TEST(ch06, mlp_train_epoch_keeps_the_last_smaller_batch_and_averages_the_loss_per_example)
{
    const int order[7] = { 6, 2, 0, 5, 1, 3, 4 };
    run_epoch(7, 3, order, EPOCH_REST_LOSS, EPOCH_REST_PARAMS,
              "N = 7 in batches of 3, 3 and 1, order (6, 2, 0, 5, 1, 3, 4)");
}

// ---------------------------------------------------------------- training

static double accuracy(const Mlp *m, const Dataset *ds)
{
    double *logits = malloc(sizeof(double) * (size_t)ds->n);
    g6_ref_forward(m, ds->x, ds->n, logits, NULL);
    int right = 0;
    for (int n = 0; n < ds->n; n++)
        right += (logits[n] >= 0.0) == (ds->y[n] == 1);
    free(logits);
    return (double)right / ds->n;
}

// Trains on a Playground data set the way every training test does, all of it fixed by `seed`:
// 500 points (noise 0), shuffled, half for training; Glorot weights drawn here (g6_glorot);
// each epoch's order a permutation drawn here; mlp_train_epoch does the rest.
TrainResult g6_train(int (*make)(Dataset *, int, double, Rng *), const int *sizes, int L,
                     Activation f, double lr, int batch, int epochs, uint64_t seed)
{
    TrainResult r = { 0, 0, NAN, NAN };
    Rng rng;
    rng_seed(&rng, seed, 6);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (make(&all, 500, 0.0, &rng) != 0)
        grade_fail("internal: cannot make the data set (a bug in the test)");
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, &train, &test) != 0)
        grade_fail("internal: cannot split the data set (a bug in the test)");
    Mlp m;
    g6_new_net(&m, sizes, L, f, batch);
    g6_glorot(&m, &rng);
    g6_expect_training_dependencies(&m, train.x, batch);
    int *order = malloc(sizeof(int) * (size_t)train.n);
    for (int e = 0; e < epochs; e++) {
        rng_permutation(&rng, order, train.n);
        double loss = mlp_train_epoch(&m, train.x, train.y, train.n, order, batch, lr);
        if (e == 0)
            r.first_loss = loss;
        r.last_loss = loss;
        if (isnan(loss))
            break;
    }
    r.train_acc = accuracy(&m, &train);
    r.test_acc = accuracy(&m, &test);
    free(order);
    gnet_drop(&m);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    grade_expect_implemented(!isnan(r.first_loss), "mlp_train_epoch");
    return r;
}

// The thresholds sit well below the worst of 30 seeds of the reference (1001 .. 1030), so that
// a correct implementation that adds in another order never fails, and above what the planted
// bugs reach (tests/bugs/06_backprop.bugs).
GRADED_TEST(ch06, training_a_2_3_1_tanh_network_separates_circle_data)
{
    // The lecture's first Playground MLP: one hidden layer of 3 units. Reference over 30 seeds:
    // train accuracy >= 0.984, last epoch loss <= 0.10.
    const int sizes[3] = { 2, 3, 1 };
    TrainResult r = g6_train(data_circle, sizes, 2, ACT_TANH, 0.1, 10, 100, 1001);
    if (r.train_acc < 0.95 || !(r.last_loss < 0.25) || !(r.last_loss < r.first_loss))
        grade_fail("mlp_train_epoch: after 100 epochs on circle data (2-3-1 tanh, lr 0.1, batches"
                   " of 10) the training accuracy is %.3f (needs 0.95) and the epoch loss went"
                   " from %.4f to %.4f (needs to fall below 0.25)", r.train_acc, r.first_loss,
                   r.last_loss);
}

GRADED_TEST(ch06, training_a_2_16_16_1_tanh_network_separates_spiral_data)
{
    // The lecture's deeper Playground demo. Reference over 30 seeds: train accuracy >= 0.976,
    // last epoch loss <= 0.10.
    const int sizes[4] = { 2, 16, 16, 1 };
    TrainResult r = g6_train(data_spiral, sizes, 3, ACT_TANH, 0.2, 10, 400, 1001);
    if (r.train_acc < 0.9 || !(r.last_loss < 0.3) || !(r.last_loss < r.first_loss))
        grade_fail("mlp_train_epoch: after 400 epochs on spiral data (2-16-16-1 tanh, lr 0.2,"
                   " batches of 10) the training accuracy is %.3f (needs 0.9) and the epoch loss"
                   " went from %.4f to %.4f (needs to fall below 0.3)", r.train_acc,
                   r.first_loss, r.last_loss);
}

// ---------------------------------------------------------------- your own gradient checker
//
// gradcheck_numeric is graded against the grader's own checker (gc_numeric, grader/gradcheck.c)
// on the same functions and steps: smooth ones, relu at and near its kink, and steps too large
// and too small. Its calls of f run here, in the test's process (a callback runs on the
// grader's side of the boundary), and are recorded, so that a test can say which entry was
// moved, to what, and what was left moved. gradcheck_compare is graded on entries worked by
// hand. The last two tests run both, as a student would: they must flag a relu gradient within
// h of the kink (the false failure the notes explain) and reject steps too large or too small.

// What no checker computes: an entry still holding it was never written.
static const double G6_UNWRITTEN = 12345.0;

// f(p) = sum_i (1 + i/4) exp(sin(p_i^2)): this chapter's chain example in each entry.
double g6_fsep(const double *p, int P)
{
    double s = 0.0;
    for (int i = 0; i < P; i++)
        s += (1.0 + 0.25 * i) * exp(sin(p[i] * p[i]));
    return s;
}

// f(p) = log(1 + exp(p0 p1 - p2)) + (p0 + 2 p1)^2 / 2 + p2^3 / 3 + p2 sin(p0), P = 3: the
// entries interact, so an entry left moved changes the others' differences.
double g6_fmix(const double *p, int P)
{
    (void)P;
    double z = p[0] * p[1] - p[2], u = p[0] + 2.0 * p[1];
    return log1p(exp(z)) + 0.5 * u * u + p[2] * p[2] * p[2] / 3.0 + p[2] * sin(p[0]);
}

// Its gradient, from the definition.
static void fmix_grad(double *g, const double *p)
{
    double s = 1.0 / (1.0 + exp(-(p[0] * p[1] - p[2]))), u = p[0] + 2.0 * p[1];
    g[0] = s * p[1] + u + p[2] * cos(p[0]);
    g[1] = s * p[0] + 2.0 * u;
    g[2] = -s + p[2] * p[2] + sin(p[0]);
}

// f(p) = sum_i c_i relu(p_i), c = (1, 2, -1, 3, 0.5, ...): a kink at 0 in every entry.
static double relu_weight(int i)
{
    static const double c[6] = { 1.0, 2.0, -1.0, 3.0, 0.5, -2.5 };
    return c[i % 6];
}

static double frelu(const double *p, int P)
{
    double s = 0.0;
    for (int i = 0; i < P; i++)
        s += relu_weight(i) * (p[i] > 0.0 ? p[i] : 0.0);
    return s;
}

// The ScalarFn the student's checker gets: records the call, then evaluates f.
double g6_logged(const double *params, void *ctx)
{
    G6Fn *c = ctx;
    if (c->calls < G6_MAX_CALLS)
        memcpy(c->log[c->calls], params, sizeof(double) * (size_t)c->P);
    c->calls++;
    return c->fn(params, c->P);
}

// The function as the grader's own checker sees it (gradcheck.h's GcFunc): f at c->params.
static double g6_plain(void *ctx)
{
    const G6Fn *c = ctx;
    return c->fn(c->params, c->P);
}

// f at the parameters on entry with entry i set to v (the grader's own evaluation).
static double f_moved(const G6Fn *c, int i, double v)
{
    double p[G6_MAX_P];
    memcpy(p, c->base, sizeof(double) * (size_t)c->P);
    if (i >= 0)
        p[i] = v;
    return c->fn(p, c->P);
}

// The grader's own numeric gradient of c at step h, into ref (gc_numeric, grader/gradcheck.c).
void g6_reference_numeric(G6Fn *c, double h, double *ref)
{
    double params[G6_MAX_P];
    memcpy(params, c->base, sizeof(double) * (size_t)c->P);
    c->params = params;
    GcTensor t = { "params", params, params, NULL, 1, { c->P }, 0, 0 };
    gc_numeric(ref, &t, g6_plain, c, h);
    c->params = NULL;
}

// Runs the student's gradcheck_numeric on c at step h into num (each entry first set to a value
// no checker computes) with a copy of c->base, left in after (P entries) when after is given.
void g6_run_numeric(G6Fn *c, double h, double *num, double *after)
{
    double params[G6_MAX_P];
    memcpy(params, c->base, sizeof(double) * (size_t)c->P);
    for (int i = 0; i < c->P; i++)
        num[i] = G6_UNWRITTEN;
    c->calls = 0;
    gradcheck_numeric(num, params, c->P, g6_logged, c, h);
    if (after)
        memcpy(after, params, sizeof(double) * (size_t)c->P);
    int all_nan = 1;
    for (int i = 0; i < c->P; i++)
        all_nan = all_nan && isnan(num[i]);
    grade_expect_implemented(!all_nan, "gradcheck_numeric");
}

// The first call of f (from the record) that had more than one entry moved: its number, and the
// entry left moved (the one that is not the last moved); -1 when there is none.
static int left_moved(const G6Fn *c, int *call)
{
    int n = c->calls < G6_MAX_CALLS ? c->calls : G6_MAX_CALLS;
    for (int k = 0; k < n; k++) {
        int moved = 0, first = -1;
        for (int j = 0; j < c->P; j++)
            if (memcmp(&c->log[k][j], &c->base[j], sizeof(double)) != 0) {
                moved++;
                if (first < 0)
                    first = j;
            }
        if (moved > 1) {
            *call = k;
            return first;
        }
    }
    return -1;
}

static int close_rel(double a, double b, double rtol)
{
    return fabs(a - b) <= rtol * fmax(fabs(a), fabs(b)) + 1e-300;
}

// Fails unless num matches ref, the grader's centred differences of c at step h, within rtol;
// the message lists the entries off and, when it recognises one, the mistake -- found on the
// grader's side, from f's own values at x, x + h and x - h and from the record of the calls.
void g6_expect_numeric(const G6Fn *c, double h, const double *num, const double *ref,
                       double rtol, const char *where)
{
    int off = 0, unwritten = 0;
    for (int i = 0; i < c->P; i++) {
        off += !close_rel(num[i], ref[i], rtol);
        unwritten += num[i] == G6_UNWRITTEN;
    }
    if (off == 0)
        return;
    char msg[2048];
    int len = snprintf(msg, sizeof msg, "gradcheck_numeric: num does not match the grader's centred"
                       " difference for %s, h = %g", where, h);
    for (int i = 0, shown = 0; i < c->P && shown < 4; i++)
        if (!close_rel(num[i], ref[i], rtol) && len < (int)sizeof msg - 160) {
            len += snprintf(msg + len, sizeof msg - (size_t)len, "\n  num[%d]  yours %.10g   grader's"
                            " %.10g   (params[%d] = %.10g)", i, num[i], ref[i], i, c->base[i]);
            shown++;
        }
    snprintf(msg + len, sizeof msg - (size_t)len, "\n  %d of %d entries off (allowed rel err %g)",
             off, c->P, rtol);
    // Recognisable mistakes, each tried on every entry.
    double f0 = f_moved(c, -1, 0.0);
    int fwd = 1, bwd = 1, twice = 1, half = 1, call = 0;
    for (int i = 0; i < c->P; i++) {
        double x = c->base[i], up = f_moved(c, i, x + h), down = f_moved(c, i, x - h);
        fwd = fwd && close_rel(num[i], (up - f0) / h, 1e-9);
        bwd = bwd && close_rel(num[i], (f0 - down) / h, 1e-9);
        twice = twice && close_rel(num[i], 2.0 * ref[i], 1e-9);
        half = half && close_rel(num[i], 0.5 * ref[i], 1e-9);
    }
    int stuck = left_moved(c, &call);
    if (unwritten)
        grade_fail("%s\nhint: %d entries of num still hold what they held before the call (%g):"
                   " write every entry, i = 0 .. P-1", msg, unwritten, G6_UNWRITTEN);
    if (stuck >= 0)
        grade_fail("%s\nhint: when f was called the %d%s time, params[%d] was still moved (%.17g,"
                   " its value on entry %.17g) while another entry was being moved: restore each"
                   " entry before you move the next", msg, call + 1, call == 0 ? "st" : call == 1
                   ? "nd" : call == 2 ? "rd" : "th", stuck, c->log[call][stuck], c->base[stuck]);
    if (fwd)
        grade_fail("%s\nhint: yours matches a one-sided difference, f at x + h against f at x: a"
                   " centred difference looks at both sides of x (its error shrinks like h^2, a"
                   " one-sided one's like h)", msg);
    if (bwd)
        grade_fail("%s\nhint: yours matches a one-sided difference, f at x against f at x - h: a"
                   " centred difference looks at both sides of x (its error shrinks like h^2, a"
                   " one-sided one's like h)", msg);
    if (twice)
        grade_fail("%s\nhint: yours is twice the grader's: how far apart are the two points you"
                   " evaluate f at?", msg);
    if (half)
        grade_fail("%s\nhint: yours is half the grader's: how far apart are the two points you"
                   " evaluate f at?", msg);
    grade_fail("%s", msg);
}

GRADED_TEST(ch06, gradcheck_numeric_matches_the_graders_checker_on_smooth_functions)
{
    // h = 1e-5, the grader's own step; a separable function of 5 entries and one of 3 whose
    // entries interact. Any correct centred difference agrees with the grader's to rounding.
    static G6Fn sep = { "f(p) = sum_i (1 + i/4) exp(sin(p_i^2)) at (0.3, -1.1, 0.8, 1.6, -0.45)",
                        g6_fsep, 5, { 0.3, -1.1, 0.8, 1.6, -0.45 }, NULL, 0, { { 0 } } };
    static G6Fn mix = { "f(p) = log(1 + exp(p0 p1 - p2)) + (p0 + 2 p1)^2 / 2 + p2^3 / 3 + p2 sin(p0)"
                        " at (0.7, -0.4, 0.25)", g6_fmix, 3, { 0.7, -0.4, 0.25 }, NULL, 0, { { 0 } } };
    G6Fn *fs[2] = { &sep, &mix };
    for (int k = 0; k < 2; k++) {
        double num[G6_MAX_P], ref[G6_MAX_P];
        g6_run_numeric(fs[k], 1e-5, num, NULL);
        g6_reference_numeric(fs[k], 1e-5, ref);
        g6_expect_numeric(fs[k], 1e-5, num, ref, 1e-9, fs[k]->name);
    }
}

GRADED_TEST(ch06, gradcheck_numeric_restores_every_parameter_bit_for_bit)
{
    // Entries below h: for them x + h - h and x - h + h are not x (1e-6 + 1e-5 - 1e-5 is
    // 1.0000000000000006e-06), so only the saved value restores them exactly.
    static G6Fn c = { "f(p) = sum_i (1 + i/4) exp(sin(p_i^2)) at (1e-06, 0.7, 3e-07, -1.3, 2.5e-06)",
                      g6_fsep, 5, { 1e-6, 0.7, 3e-7, -1.3, 2.5e-6 }, NULL, 0, { { 0 } } };
    double num[G6_MAX_P], after[G6_MAX_P];
    g6_run_numeric(&c, 1e-5, num, after);
    for (int i = 0; i < c.P; i++)
        if (memcmp(&after[i], &c.base[i], sizeof(double)) != 0)
            grade_fail("gradcheck_numeric: after the call params[%d] is %.17g, but it held %.17g"
                       " on entry (%s, h = 1e-05): put back the value you saved -- x + h - h is not"
                       " always x -- so that the caller's parameters never drift", i, after[i],
                       c.base[i], c.name);
}

// The (1-based) ordinal suffix of k, for messages.
static const char *nth(int k)
{
    return k % 100 >= 11 && k % 100 <= 13 ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd"
         : k % 10 == 3 ? "rd" : "th";
}

// Fails unless every recorded call of f had at most one entry moved, to exactly x + h or x - h
// computed from the value on entry, and every entry was evaluated on both sides.
void g6_expect_one_entry_at_a_time(const G6Fn *c, double h)
{
    int n = c->calls < G6_MAX_CALLS ? c->calls : G6_MAX_CALLS;
    int plus[G6_MAX_P] = { 0 }, minus[G6_MAX_P] = { 0 };
    for (int k = 0; k < n; k++) {
        int moved = -1;
        for (int j = 0; j < c->P; j++) {
            if (memcmp(&c->log[k][j], &c->base[j], sizeof(double)) == 0)
                continue;
            if (moved >= 0)
                grade_fail("gradcheck_numeric: when f was called the %d%s time, params[%d] (%.17g)"
                           " and params[%d] (%.17g) both differed from their values on entry"
                           " (%.17g and %.17g): move one entry at a time, and restore it before"
                           " the next", k + 1, nth(k + 1), moved, c->log[k][moved], j,
                           c->log[k][j], c->base[moved], c->base[j]);
            moved = j;
        }
        if (moved < 0)
            continue;
        double x = c->base[moved], v = c->log[k][moved], up = x + h, down = x - h;
        if (memcmp(&v, &up, sizeof v) == 0)
            plus[moved] = 1;
        else if (memcmp(&v, &down, sizeof v) == 0)
            minus[moved] = 1;
        else
            grade_fail("gradcheck_numeric: when f was called the %d%s time, params[%d] was"
                       " %.17g, neither x + h = %.17g nor x - h = %.17g (x = %.17g, its value on"
                       " entry, h = %g): compute both from the saved x itself -- stepping from x +"
                       " h back by 2h rounds differently", k + 1, nth(k + 1), moved, v, up, down,
                       x, h);
    }
    for (int j = 0; j < c->P; j++)
        if (!plus[j] || !minus[j])
            grade_fail("gradcheck_numeric: f was never called with params[%d] at x %c h (x = %.17g,"
                       " h = %g): a centred difference evaluates f on both sides of x, for every"
                       " entry", j, plus[j] ? '-' : '+', c->base[j], h);
}

GRADED_TEST(ch06, gradcheck_numeric_moves_one_entry_at_a_time_to_x_plus_h_and_x_minus_h)
{
    // For 7e-06, 4e-06, 0.7 and 1.6, (x + h) - 2h is not x - h in double: the test can tell
    // where each call's parameters were computed from.
    static G6Fn c = { "f(p) = sum_i (1 + i/4) exp(sin(p_i^2)) at (7e-06, 0.7, 4e-06, 1.6)",
                      g6_fsep, 4, { 7e-6, 0.7, 4e-6, 1.6 }, NULL, 0, { { 0 } } };
    double num[G6_MAX_P];
    g6_run_numeric(&c, 1e-5, num, NULL);
    g6_expect_one_entry_at_a_time(&c, 1e-5);
}

GRADED_TEST(ch06, gradcheck_numeric_at_a_relu_kink_gives_the_centred_slope)
{
    // f(p) = sum_i c_i relu(p_i), c = (1, 2, -1, 3): params[0] on the kink, params[1] and
    // params[2] within h of it, params[3] far from it. At the kink the centred difference is
    // c_0 / 2, the mean of the slopes on either side; a one-sided one gives c_0 or 0.
    static G6Fn c = { "f(p) = p0+ + 2 p1+ - p2+ + 3 p3+ (q+ = relu(q)) at (0, 3e-06, -4e-06, 0.5)",
                      frelu, 4, { 0.0, 3e-6, -4e-6, 0.5 }, NULL, 0, { { 0 } } };
    double num[G6_MAX_P], ref[G6_MAX_P];
    g6_run_numeric(&c, 1e-5, num, NULL);
    g6_reference_numeric(&c, 1e-5, ref);
    if (!close_rel(num[0], ref[0], 1e-9) && num[0] != G6_UNWRITTEN)
        grade_fail("gradcheck_numeric: at params[0] = 0, relu's kink, yours is %.10g and the"
                   " grader's centred difference %.10g (h = 1e-05): a centred difference straddles"
                   " the kink and gives the mean of the slopes on both sides, %g and %g", num[0],
                   ref[0], relu_weight(0), 0.0);
    g6_expect_numeric(&c, 1e-5, num, ref, 1e-9, c.name);
}

GRADED_TEST(ch06, gradcheck_numeric_with_a_step_too_large_or_too_small_gives_what_the_graders_checker_gives)
{
    // h = 0.1: the difference quotient's own error (of order h^2) shows; h = 1e-12: rounding in
    // f (of order 1e-16 / h) does. Both are what a centred difference with that h gives: the
    // checker uses the h it is given, and the grader's checker gets the same numbers.
    static G6Fn c = { "f(p) = log(1 + exp(p0 p1 - p2)) + (p0 + 2 p1)^2 / 2 + p2^3 / 3 + p2 sin(p0)"
                      " at (0.7, -0.4, 0.25)", g6_fmix, 3, { 0.7, -0.4, 0.25 }, NULL, 0, { { 0 } } };
    const double steps[2] = { 0.1, 1e-12 };
    double exact[3];
    fmix_grad(exact, c.base);
    for (int k = 0; k < 2; k++) {
        double num[G6_MAX_P], ref[G6_MAX_P];
        g6_run_numeric(&c, steps[k], num, NULL);
        g6_reference_numeric(&c, steps[k], ref);
        int near_exact = 1;
        for (int i = 0; i < c.P; i++)
            near_exact = near_exact && close_rel(num[i], exact[i], 1e-9);
        if (near_exact)
            grade_fail("gradcheck_numeric: with h = %g yours is the exact derivative to 1e-9, which"
                       " no centred difference with that step gets (the grader's is %.10g for"
                       " num[0], the exact %.10g): use the h you are given", steps[k], ref[0],
                       exact[0]);
        g6_expect_numeric(&c, steps[k], num, ref, 1e-12, c.name);
    }
}

// ---- gradcheck_compare

// Runs the student's gradcheck_compare and fails unless it returns want_off (and, when
// want_worst is not NaN, writes want_worst into *worst to 1e-15 relative).
static void expect_compare(const double *grad, const double *num, int P, double rtol,
                           double atol, int want_off, double want_worst, const char *why)
{
    double worst = -1.0;
    int off = gradcheck_compare(&worst, grad, num, P, rtol, atol);
    grade_expect_implemented(off != -1 || !isnan(worst), "gradcheck_compare");
    char list[768];
    int len = 0;
    for (int i = 0; i < P && len < (int)sizeof list - 64; i++)
        len += snprintf(list + len, sizeof list - (size_t)len, "%s(%g, %g)", i ? ", " : "",
                        grad[i], num[i]);
    if (off != want_off)
        grade_fail("gradcheck_compare: returned %d for the entries (grad, num) = %s with rtol %g"
                   " and atol %g, expected %d: %s", off, list, rtol, atol, want_off, why);
    if (!isnan(want_worst) && !(worst == want_worst ||
                                fabs(worst - want_worst) <= 1e-15 * fabs(want_worst)))
        grade_fail("gradcheck_compare: *worst is %.17g for the entries (grad, num) = %s, expected"
                   " %.17g: %s", worst, list, want_worst, why);
}

GRADED_TEST(ch06, gradcheck_compare_counts_the_entries_outside_the_mixed_tolerance)
{
    // rtol 1e-7, atol 1e-9: (1, 1 + 5e-8) passes; (1e-12, 1.3e-12) and (5e-10, 0) pass thanks to
    // the floor atol (their relative errors are 0.23 and 1); (0, 0) passes; (2, 2.0000004) is
    // off by 2e-7 relative; (-3, 3) has the wrong sign; (0.25, 0.25 + 2e-8) passes.
    const double g1[7] = { 1.0, 1e-12, 0.0, 2.0, -3.0, 5e-10, 0.25 };
    const double n1[7] = { 1.0 + 5e-8, 1.3e-12, 0.0, 2.0000004, 3.0, 0.0, 0.25 + 2e-8 };
    expect_compare(g1, n1, 7, 1e-7, 1e-9, 2, NAN, "(2, 2.0000004) and (-3, 3) do not pass; the"
                   " tiny entries pass thanks to atol, and (0, 0) passes");
    // rtol 0.5, atol 0: |1 - 0.6| = 0.4 <= 0.5 max(1, 0.6) either way round, |1 - 0.4| = 0.6 is
    // not, and (0, 0) passes because 0 <= 0: the scale is the larger of |a| and |n|.
    const double g2[4] = { 1.0, 0.6, 1.0, 0.0 }, n2[4] = { 0.6, 1.0, 0.4, 0.0 };
    expect_compare(g2, n2, 4, 0.5, 0.0, 1, NAN, "only (1, 0.4) is off: the tolerance scales with"
                   " max(|a|, |n|), whichever of the two it is, and 0 <= 0 passes");
}

GRADED_TEST(ch06, gradcheck_compare_reports_the_worst_relative_error)
{
    // |a - n| / max(|a|, |n|): (-3, 3) gives 2; (0, 2e-3) gives 1, whichever is 0; (0, 0) gives 0.
    const double g1[7] = { 1.0, 1e-12, 0.0, 2.0, -3.0, 5e-10, 0.25 };
    const double n1[7] = { 1.0 + 5e-8, 1.3e-12, 0.0, 2.0000004, 3.0, 0.0, 0.25 + 2e-8 };
    expect_compare(g1, n1, 7, 1e-7, 1e-9, 2, 2.0, "the worst is (-3, 3): |a - n| / max(|a|, |n|)"
                   " = 6 / 3");
    const double g2[3] = { 0.0, 0.0, 1e-3 }, n2[3] = { 0.0, 2e-3, 1e-3 };
    expect_compare(g2, n2, 3, 1e-7, 1e-9, 1, 1.0, "(0, 2e-3) has relative error 1 (the scale is"
                   " the larger of the two), and (0, 0) has 0, not 0 / 0");
    const double g3[2] = { 2e-3, 0.5 }, n3[2] = { 0.0, 0.5 };
    expect_compare(g3, n3, 2, 1e-7, 1e-9, 1, 1.0, "(2e-3, 0) has relative error 1 too: the"
                   " scale is the larger of |a| and |n|");
}

GRADED_TEST(ch06, gradcheck_compare_never_passes_nan_or_inf)
{
    // A NaN compares false with everything: a test written "off when |a - n| > tol" lets it
    // through. inf - inf is NaN too.
    const double g[5] = { NAN, 1.0, INFINITY, 2.0, 0.5 }, n[5] = { 1.0, NAN, INFINITY, 2.0, -INFINITY };
    expect_compare(g, n, 5, 1e-7, 1e-9, 4, INFINITY, "every entry with a NaN or an inf is off,"
                   " even (inf, inf), and makes the worst relative error inf");
}

// ---- both together, as a student uses them

// Probes of the two functions, on this section's fixtures, for the tests that use both.
static int numeric_works(void)
{
    static G6Fn c = { "", g6_fmix, 3, { 0.7, -0.4, 0.25 }, NULL, 0, { { 0 } } };
    double num[G6_MAX_P], ref[G6_MAX_P], params[3] = { 0.7, -0.4, 0.25 };
    for (int i = 0; i < 3; i++)
        num[i] = G6_UNWRITTEN;
    gradcheck_numeric(num, params, 3, g6_logged, &c, 1e-5);
    g6_reference_numeric(&c, 1e-5, ref);
    int ok = 1;
    for (int i = 0; i < 3; i++)
        ok = ok && close_rel(num[i], ref[i], 1e-9) && memcmp(&params[i], &c.base[i], sizeof(double)) == 0;
    return ok;
}

static int compare_works(void)
{
    const double g[5] = { 1.0, 1e-12, 2.0, -3.0, NAN }, n[5] = { 1.0 + 5e-8, 1.3e-12, 2.0000004, 3.0, 1.0 };
    double worst = 0.0;
    return gradcheck_compare(&worst, g, n, 5, 1e-7, 1e-9) == 3 && worst == INFINITY;
}

static void expect_both(void)
{
    grade_expect_dependency(numeric_works(), "gradcheck_numeric", "this test runs your checker"
                            " end to end (see gradcheck_numeric's own tests)");
    grade_expect_dependency(compare_works(), "gradcheck_compare", "this test runs your checker"
                            " end to end (see gradcheck_compare's own tests)");
}

GRADED_TEST(ch06, your_checker_flags_a_correct_relu_gradient_within_h_of_the_kink_and_passes_it_beyond)
{
    // The analytic gradient of f(p) = sum_i c_i relu(p_i) is c_i where p_i > 0, else 0: right.
    // Entries 0, 1 and 4 lie farther than h from the kink and pass; entries 2 and 3, within h,
    // straddle it, and the centred difference lies there (0.7 c_2 and 0.4 c_3): a false
    // failure, even with the kink band's rtol 1e-4. That is why the grader's relu fixtures
    // stay at least 1e-3 from 0.
    expect_both();
    static G6Fn c = { "", frelu, 5, { 0.02, -0.03, 4e-6, -2e-6, 0.7 }, NULL, 0, { { 0 } } };
    double num[G6_MAX_P], grad[G6_MAX_P], worst = 0.0;
    g6_run_numeric(&c, 1e-5, num, NULL);
    for (int i = 0; i < c.P; i++)
        grad[i] = c.base[i] > 0.0 ? relu_weight(i) : 0.0;
    int off = gradcheck_compare(&worst, grad, num, c.P, 1e-4, 1e-9);
    if (off != 2)
        grade_fail("your checker: on f(p) = sum_i c_i relu(p_i) at (0.02, -0.03, 4e-06, -2e-06,"
                   " 0.7) with h = 1e-05 and rtol 1e-4, gradcheck_compare found %d entries off"
                   " (worst rel err %.3g), expected 2: the two entries within h of the kink,"
                   " whose centred differences straddle it", off, worst);
}

GRADED_TEST(ch06, your_checker_accepts_h_1e_5_and_rejects_steps_too_large_or_too_small)
{
    // The exact gradient of the smooth function of 3 entries against your centred differences:
    // at h = 1e-5 every entry passes rtol 1e-7, atol 1e-9; at h = 0.1 (the quotient's own error)
    // and at h = 1e-12 (rounding) some do not. The U of the notes' figure, in three points.
    expect_both();
    static G6Fn c = { "", g6_fmix, 3, { 0.7, -0.4, 0.25 }, NULL, 0, { { 0 } } };
    double grad[3];
    fmix_grad(grad, c.base);
    const double steps[3] = { 1e-5, 0.1, 1e-12 };
    for (int k = 0; k < 3; k++) {
        double num[G6_MAX_P], worst = 0.0;
        g6_run_numeric(&c, steps[k], num, NULL);
        int off = gradcheck_compare(&worst, grad, num, 3, 1e-7, 1e-9);
        if ((k == 0) != (off == 0))
            grade_fail("your checker: with h = %g on the exact gradient of f(p) = log(1 + exp(p0 p1 -"
                       " p2)) + ... at (0.7, -0.4, 0.25), gradcheck_compare found %d of 3 entries"
                       " off (worst rel err %.3g); expected %s", steps[k], off, worst, k == 0
                       ? "none: h = 1e-5 sits at the bottom of the U" : "some: this step is too"
                       " large or too small for rtol 1e-7");
    }
}
