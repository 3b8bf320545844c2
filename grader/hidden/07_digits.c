/* hidden/07_digits.c -- chapter 7's tests that run only at submission.
 *
 * Randomised versions of the visible tests: the softmax, its loss and its gradient on random
 * shapes with logits offset by up to +-900, buffers pre-filled; one training step against a step
 * along the numeric gradient of random networks; predictions through random chunk sizes; the
 * confusion matrix on random predictions, some out of range; and two more training runs on the
 * digits (a relu network, and a softmax regression without a hidden layer). Expected values come
 * from the definitions written out here, or from centred differences, never from the reference
 * solution; the training thresholds sit below the worst of 30 seeds of the reference. Never
 * shipped to students.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "grade.h"
#include "softmax.h"

#include "07_digits.h"   // the fixtures of grader/07_digits.c

// ---------------------------------------------------------------- the definitions

// The largest entry of z (K).
static double h7_max(const double *z, int K)
{
    double mx = z[0];
    for (int k = 1; k < K; k++)
        mx = fmax(mx, z[k]);
    return mx;
}

// log sum_k exp(z[k]), stably.
static double h7_logsumexp(const double *z, int K)
{
    double mx = h7_max(z, K), s = 0.0;
    for (int k = 0; k < K; k++)
        s += exp(z[k] - mx);
    return mx + log(s);
}

// The mean cross-entropy of a softmax over logits (N, K).
static double h7_loss(const double *z, const int *y, int N, int K)
{
    double s = 0.0;
    for (int n = 0; n < N; n++)
        s += h7_logsumexp(z + n * K, K) - z[n * K + y[n]];
    return s / N;
}

static double h7_act(Activation f, double z)
{
    switch (f) {
    case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case ACT_TANH: return tanh(z);
    default: return z > 0.0 ? z : 0.0;
    }
}

// The logits of m for X (N rows) into out (N, K), from the definition; zmin (if not NULL) gets
// the smallest |pre-activation| of a hidden unit.
static void h7_forward(const Mlp *m, const double *X, int N, double *out, double *zmin)
{
    double a[64], b[64];
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
                    if (zmin)
                        *zmin = fmin(*zmin, fabs(z));
                    z = h7_act(m->act, z);
                }
                b[h] = z;
            }
            memcpy(a, b, sizeof(double) * H);
        }
        memcpy(out + n * m->sizes[m->L], a, sizeof(double) * m->sizes[m->L]);
    }
}

// ---------------------------------------------------------------- the softmax and its loss

GRADED_TEST(ch07, softmax_forward_matches_the_definition_on_random_rows)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 71);
    double z[72], p[72];
    for (int trial = 0; trial < 300; trial++) {
        int N = 1 + (int)rng_below(&rng, 6), K = 2 + (int)rng_below(&rng, 11);
        for (int n = 0; n < N; n++) {
            double offset = rng_range(&rng, -900.0, 900.0);
            for (int k = 0; k < K; k++)
                z[n * K + k] = offset + rng_range(&rng, -20.0, 20.0);
        }
        softmax_forward(p, z, N, K);
        grade_expect_implemented(!gnet_any_nan(p, 1), "softmax_forward");
        for (int n = 0; n < N; n++) {
            double lse = h7_logsumexp(z + n * K, K);
            for (int k = 0; k < K; k++) {
                double want = exp(z[n * K + k] - lse);
                if (!(fabs(p[n * K + k] - want) <= 1e-12 + 1e-9 * want))
                    grade_fail("softmax_forward: probs[%d,%d] is %.10g for a random row (N = %d,"
                               " K = %d, logits near %.0f), expected %.10g", n, k, p[n * K + k],
                               N, K, z[n * K], want);
            }
        }
    }
}

GRADED_TEST(ch07, softmax_ce_loss_matches_the_definition_on_random_batches)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 72);
    double z[72];
    int y[6];
    for (int trial = 0; trial < 300; trial++) {
        int N = 1 + (int)rng_below(&rng, 6), K = 2 + (int)rng_below(&rng, 11);
        for (int n = 0; n < N; n++) {
            double offset = rng_range(&rng, -900.0, 900.0);
            y[n] = (int)rng_below(&rng, (uint32_t)K);
            for (int k = 0; k < K; k++)
                z[n * K + k] = offset + rng_range(&rng, -40.0, 40.0);
        }
        double got = softmax_ce_loss(z, y, N, K), want = h7_loss(z, y, N, K);
        grade_expect_implemented(!isnan(got) || isnan(want), "softmax_ce_loss");
        if (!(fabs(got - want) <= 1e-9 * (1.0 + fabs(want))))
            grade_fail("softmax_ce_loss is %.12g for a random batch (N = %d, K = %d, logits near"
                       " %.0f, spread +-40), expected %.12g", got, N, K, z[0], want);
    }
}

typedef struct {
    double *z;
    const int *y;
    int N, K;
} H7LossCtx;

static double h7_loss_f(void *ctx)
{
    const H7LossCtx *c = ctx;
    return h7_loss(c->z, c->y, c->N, c->K);
}

GRADED_TEST(ch07, softmax_ce_backward_matches_the_numeric_gradient_on_random_shapes)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 73);
    double z[64], d[64], pre[64];
    int y[8];
    for (int trial = 0; trial < 40; trial++) {
        int N = 1 + (int)rng_below(&rng, 7), K = 2 + (int)rng_below(&rng, 7);
        int prefill = (int)rng_below(&rng, 2);
        for (int n = 0; n < N; n++)
            y[n] = (int)rng_below(&rng, (uint32_t)K);
        for (int k = 0; k < N * K; k++) {
            z[k] = rng_range(&rng, -4.0, 4.0);
            pre[k] = prefill ? rng_range(&rng, -1.0, 1.0) : 0.0;
            d[k] = pre[k];
        }
        softmax_ce_backward(d, z, y, N, K);
        grade_expect_implemented(!gnet_any_nan(d, N * K), "softmax_ce_backward");
        H7LossCtx c = { z, y, N, K };
        GcTensor t = { "dlogits", z, d, prefill ? pre : NULL, 2, { N, K }, N, 0 };
        char fn[96];
        snprintf(fn, sizeof fn, "softmax_ce_backward (N = %d, K = %d%s)", N, K,
                 prefill ? ", dlogits pre-filled" : "");
        grade_gradcheck(fn, &t, 1, h7_loss_f, &c, NULL);
    }
}

// ---------------------------------------------------------------- training

typedef struct {
    const Mlp *m;
    const double *X;
    const int *y;
    int N;
    double *out;
} H7NetCtx;

static double h7_net_loss(void *ctx)
{
    const H7NetCtx *c = ctx;
    h7_forward(c->m, c->X, c->N, c->out, NULL);
    return h7_loss(c->out, c->y, c->N, c->m->sizes[c->m->L]);
}

GRADED_TEST(ch07, softmax_train_step_follows_the_numeric_gradient_on_random_networks)
{
    g7_expect_chapters_5_and_6("softmax_train_step");
    Rng rng;
    rng_seed(&rng, 0x5eed, 74);
    for (int trial = 0; trial < 12; trial++) {
        int L = 1 + (int)rng_below(&rng, 3), sizes[4];
        for (int l = 0; l < L; l++)
            sizes[l] = 1 + (int)rng_below(&rng, 5);
        sizes[L] = 2 + (int)rng_below(&rng, 4);
        Activation f = (Activation)rng_below(&rng, 3);
        int N = 1 + (int)rng_below(&rng, 5);
        double lr = rng_range(&rng, 0.05, 1.0), X[25], out[30], zmin = 0.0;
        int y[5];
        Mlp m;
        gnet_new(&m, sizes, L, f, N, "softmax_train_step");
        for (int tries = 0; tries < 1000; tries++) {   // away from relu's kink
            for (int k = 0; k < m.num_params; k++)
                m.params[k] = rng_range(&rng, -1.0, 1.0);
            for (int k = 0; k < N * sizes[0]; k++)
                X[k] = rng_range(&rng, -2.0, 2.0);
            h7_forward(&m, X, N, out, &zmin);
            if (f != ACT_RELU || L == 1 || zmin >= 1e-3)
                break;
        }
        for (int n = 0; n < N; n++)
            y[n] = (int)rng_below(&rng, (uint32_t)sizes[L]);
        // The step it should take: against the numeric gradient of the definition's loss.
        int P = m.num_params;
        double *want = malloc(sizeof(double) * (size_t)P), *grad = malloc(sizeof(double) * (size_t)P);
        H7NetCtx c = { &m, X, y, N, out };
        double want_loss = h7_net_loss(&c);
        GcTensor t = { "params", m.params, NULL, NULL, 1, { P }, 0, 0 };
        gc_numeric(grad, &t, h7_net_loss, &c, 1e-5);
        for (int k = 0; k < P; k++)
            want[k] = m.params[k] - lr * grad[k];
        for (int k = 0; k < P; k++)
            m.grads[k] = rng_range(&rng, -1.0, 1.0);   // stale gradients: must be zeroed
        double loss = softmax_train_step(&m, X, y, N, lr);
        int bad = -1;
        for (int k = 0; k < P && bad < 0; k++)
            if (!(fabs(m.params[k] - want[k]) <= 1e-7 * (1.0 + fabs(want[k]))))
                bad = k;
        double got_p = bad >= 0 ? m.params[bad] : 0.0, want_p = bad >= 0 ? want[bad] : 0.0;
        free(want), free(grad);
        gnet_drop(&m);
        grade_expect_implemented(!isnan(loss), "softmax_train_step");
        if (!(fabs(loss - want_loss) <= 1e-9 * (1.0 + want_loss)))
            grade_fail("softmax_train_step returned the loss %.10g on a random network (L = %d,"
                       " K = %d, N = %d), expected %.10g, the loss before the update", loss, L,
                       sizes[L], N, want_loss);
        if (bad >= 0)
            grade_fail("softmax_train_step: on a random %d-layer %s network (K = %d, N = %d, lr"
                       " %.3f, grads holding stale values) params[%d] became %.10g, expected"
                       " %.10g (one step against the numeric gradient of the mean loss)", L,
                       activation_name(f), sizes[L], N, lr, bad, got_p, want_p);
    }
}

GRADED_TEST(ch07, softmax_predict_matches_the_largest_logit_on_random_networks_and_chunks)
{
    g7_expect_chapters_5_and_6("softmax_predict");
    Rng rng;
    rng_seed(&rng, 0x5eed, 75);
    double X[23 * 5], out[23 * 6];
    int pred[23];
    for (int trial = 0; trial < 20; trial++) {
        const int sizes[3] = { 5, 7, 2 + (int)rng_below(&rng, 5) };
        int max_batch = 1 + (int)rng_below(&rng, 6), N = 1 + (int)rng_below(&rng, 23);
        Mlp m;
        gnet_new(&m, sizes, 2, ACT_TANH, max_batch, "softmax_predict");
        for (int k = 0; k < m.num_params; k++)
            m.params[k] = rng_range(&rng, -1.0, 1.0);
        for (int k = 0; k < N * 5; k++)
            X[k] = rng_range(&rng, -2.0, 2.0);
        h7_forward(&m, X, N, out, NULL);
        for (int n = 0; n < N; n++)
            pred[n] = -7;
        softmax_predict(pred, &m, X, N);
        gnet_drop(&m);
        grade_expect_implemented(pred[0] != -1, "softmax_predict");
        int K = sizes[2];
        for (int n = 0; n < N; n++) {
            int best = 0;
            for (int k = 1; k < K; k++)
                if (out[n * K + k] > out[n * K + best])
                    best = k;
            if (pred[n] != best)
                grade_fail("softmax_predict: row %d of %d (max_batch %d, K = %d) got class %d,"
                           " expected %d, the largest logit", n, N, max_batch, K, pred[n], best);
        }
    }
}

GRADED_TEST(ch07, confusion_matrix_matches_the_counts_on_random_predictions)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 76);
    int y[200], pred[200], counts[100], want[100];
    for (int trial = 0; trial < 50; trial++) {
        int K = 2 + (int)rng_below(&rng, 9), N = 1 + (int)rng_below(&rng, 200), right = 0;
        memset(want, 0, sizeof want);
        for (int n = 0; n < N; n++) {
            y[n] = (int)rng_below(&rng, (uint32_t)K);
            pred[n] = rng_below(&rng, 10) == 0 ? (int)rng_below(&rng, (uint32_t)K + 2) - 1 : y[n];
            if (rng_below(&rng, 3) == 0 && pred[n] >= 0 && pred[n] < K)
                pred[n] = (int)rng_below(&rng, (uint32_t)K);
            if (pred[n] >= 0 && pred[n] < K)
                want[y[n] * K + pred[n]]++;
            right += pred[n] == y[n];
        }
        for (int k = 0; k < K * K; k++)
            counts[k] = (int)rng_below(&rng, 5);
        double acc = confusion_matrix(counts, pred, y, N, K);
        grade_expect_implemented(!isnan(acc), "confusion_matrix");
        for (int k = 0; k < K * K; k++)
            if (counts[k] != want[k])
                grade_fail("confusion_matrix: counts[%d,%d] is %d for %d random predictions of %d"
                           " classes (some out of range), expected %d", k / K, k % K, counts[k],
                           N, K, want[k]);
        if (!(fabs(acc - (double)right / N) <= 1e-12))
            grade_fail("confusion_matrix returned the accuracy %.6f for %d random predictions,"
                       " expected %d / %d = %.6f", acc, N, right, N, (double)right / N);
    }
}

// The reference over 30 seeds (7101 .. 7130): at least 0.951 for this relu network, at least
// 0.949 for the softmax regression; the tests ask 0.93 and 0.92.
GRADED_TEST(ch07, training_a_64_64_10_relu_network_reads_93_percent_of_held_out_digits)
{
    const int sizes[3] = { 64, 64, 10 };
    DigitsResult r = g7_train_digits(sizes, 2, ACT_RELU, 0.1, 10, 30, 7101);
    if (r.test_acc < 0.93 || !(r.last_loss < r.first_loss))
        grade_fail("softmax_train_epoch: after 30 epochs (64-64-10 relu, lr 0.1, batches of 10)"
                   " the held-out accuracy is %.3f (needs 0.93) and the epoch loss went from %.4f"
                   " to %.4f", r.test_acc, r.first_loss, r.last_loss);
}

GRADED_TEST(ch07, training_a_softmax_regression_without_hidden_layer_reads_92_percent)
{
    const int sizes[2] = { 64, 10 };
    DigitsResult r = g7_train_digits(sizes, 1, ACT_TANH, 0.2, 10, 30, 7102);
    if (r.test_acc < 0.92 || !(r.last_loss < r.first_loss))
        grade_fail("softmax_train_epoch: after 30 epochs of a 64-10 softmax regression (no hidden"
                   " layer, lr 0.2, batches of 10) the held-out accuracy is %.3f (needs 0.92) and"
                   " the epoch loss went from %.4f to %.4f", r.test_acc, r.first_loss,
                   r.last_loss);
}
