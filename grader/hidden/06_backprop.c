/* hidden/06_backprop.c -- chapter 6's tests that run only at submission.
 *
 * Randomised versions of the visible tests: gradient checks of every backward function on
 * random shapes, depths, widths, activations and batch sizes, with buffers pre-filled; the loss
 * on random logits up to +-50; training on other data sets with other activations. Expected
 * values come from the definitions or from centred differences, never from the reference
 * solution; the training thresholds sit well below the worst of 30 seeds of the reference
 * (2001 .. 2030). The gradient checker of the last section: random smooth functions and steps,
 * random entries for the comparison. Never shipped to students.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "data.h"
#include "grade.h"

#include "06_backprop.h"   // the fixtures of grader/06_backprop.c

GRADED_TEST(ch06, chain_example_grad_agrees_with_the_derivative_at_random_points)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 61);
    grade_expect_implemented(!isnan(chain_example_grad(1.0)), "chain_example_grad");
    for (int k = 0; k < 100; k++) {
        double x = rng_range(&rng, -3.0, 3.0);
        double want = exp(sin(x * x)) * cos(x * x) * 2.0 * x, got = chain_example_grad(x);
        if (!(fabs(got - want) <= 1e-12 * (1.0 + fabs(want))))
            grade_fail("chain_example_grad(%.6g) is %.12g, expected %.12g", x, got, want);
    }
}

GRADED_TEST(ch06, activation_backward_matches_the_numeric_gradient_on_random_inputs)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 62);
    double z[24], out[24], dout[24], dinp[24], pre[24];
    for (int trial = 0; trial < 40; trial++) {
        int n = 1 + (int)rng_below(&rng, 24);
        Activation f = (Activation)(trial % 3);
        for (int i = 0; i < n; i++) {
            do
                z[i] = rng_range(&rng, -4.0, 4.0);
            while (fabs(z[i]) < 1e-3);   // away from relu's kink
            out[i] = g6_act(f, z[i]);
            dout[i] = rng_range(&rng, -2.0, 2.0);
            dinp[i] = pre[i] = rng_range(&rng, -1.0, 1.0);
        }
        activation_backward(dinp, dout, out, n, f);
        grade_expect_implemented(!isnan(dinp[0]), "activation_backward");
        ActCtx c = { f, z, dout, n };
        GcTensor t = { "dinp", z, dinp, pre, 1, { n }, 0, 0 };
        grade_gradcheck("activation_backward", &t, 1, g6_act_f, &c, NULL);
    }
}

GRADED_TEST(ch06, linear_backward_matches_the_numeric_gradient_on_random_shapes)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 63);
    for (int trial = 0; trial < 40; trial++) {
        int N = 1 + (int)rng_below(&rng, 6), D = 1 + (int)rng_below(&rng, 7);
        int H = 1 + (int)rng_below(&rng, 7);
        g6_check_linear(N, D, H, trial % 2, &rng);
    }
}

GRADED_TEST(ch06, bce_matches_the_definition_on_random_batches)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 64);
    double z[16];
    int y[16];
    const double half[1] = { 0.5 };
    const int one[1] = { 1 };
    grade_expect_implemented(!isnan(bce_loss(half, one, 1)), "bce_loss");
    for (int trial = 0; trial < 40; trial++) {
        int N = 1 + (int)rng_below(&rng, 16);
        double scale = trial % 4 == 0 ? 50.0 : 5.0;
        for (int n = 0; n < N; n++) {
            z[n] = rng_range(&rng, -scale, scale);
            y[n] = (int)rng_below(&rng, 2);
        }
        double got = bce_loss(z, y, N), want = g6_bce(z, y, N);
        if (!(fabs(got - want) <= 1e-10 * (1.0 + want)))
            grade_fail("bce_loss on %d random logits (up to +-%g) is %.12g, expected %.12g", N,
                       scale, got, want);
        g6_check_bce(1 + (int)rng_below(&rng, 12), trial % 2, &rng);
    }
}

GRADED_TEST(ch06, mlp_backward_matches_the_numeric_gradient_of_random_networks)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 65);
    for (int trial = 0; trial < 24; trial++) {
        int L = 1 + (int)rng_below(&rng, 5), sizes[MLP_MAX_LAYERS + 1];
        for (int l = 0; l <= L; l++)
            sizes[l] = 1 + (int)rng_below(&rng, l == 0 ? 8 : 6);
        int N = 1 + (int)rng_below(&rng, 6);
        g6_check_net(sizes, L, (Activation)(trial % 3), N, trial % 2, trial % 5 == 0, &rng);
    }
}

GRADED_TEST(ch06, mlp_update_follows_the_rule_on_random_networks)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 66);
    for (int trial = 0; trial < 20; trial++) {
        int sizes[4] = { 1 + (int)rng_below(&rng, 6), 1 + (int)rng_below(&rng, 6),
                         1 + (int)rng_below(&rng, 6), 1 + (int)rng_below(&rng, 4) };
        Mlp m;
        g6_new_net(&m, sizes, 3, ACT_TANH, 1);
        double *want = malloc(sizeof(double) * (size_t)m.num_params);
        double lr = rng_range(&rng, 0.001, 2.0);
        for (int k = 0; k < m.num_params; k++) {
            m.params[k] = rng_range(&rng, -1.0, 1.0);
            m.grads[k] = rng_range(&rng, -1.0, 1.0);
            want[k] = m.params[k] - lr * m.grads[k];
        }
        mlp_update(&m, lr);
        int bad = -1;
        for (int k = 0; k < m.num_params && bad < 0; k++)
            if (!(fabs(m.params[k] - want[k]) <= 1e-15))
                bad = k;
        double got = bad >= 0 ? m.params[bad] : 0.0, w = bad >= 0 ? want[bad] : 0.0;
        int P = m.num_params, nan = isnan(m.params[0]);
        free(want);
        gnet_drop(&m);
        grade_expect_implemented(!nan, "mlp_update");
        if (bad >= 0)
            grade_fail("mlp_update (lr = %g, %d parameters): params[%d] is %.12g, expected %.12g",
                       lr, P, bad, got, w);
    }
}

GRADED_TEST(ch06, training_a_2_16_16_1_relu_network_separates_spiral_data)
{
    // Reference over seeds 2001 .. 2030: train accuracy >= 0.972, last epoch loss <= 0.16.
    const int sizes[4] = { 2, 16, 16, 1 };
    TrainResult r = g6_train(data_spiral, sizes, 3, ACT_RELU, 0.1, 10, 300, 2001);
    if (r.train_acc < 0.9 || !(r.last_loss < 0.35))
        grade_fail("mlp_train_epoch: after 300 epochs on spiral data (2-16-16-1 relu, lr 0.1,"
                   " batches of 10) the training accuracy is %.3f (needs 0.9), the last epoch's"
                   " loss %.4f (needs below 0.35)", r.train_acc, r.last_loss);
}

GRADED_TEST(ch06, training_a_2_8_1_sigmoid_network_separates_xor_data)
{
    // Reference over seeds 2001 .. 2030: train accuracy >= 0.988, last epoch loss <= 0.04.
    const int sizes[3] = { 2, 8, 1 };
    TrainResult r = g6_train(data_xor, sizes, 2, ACT_SIGMOID, 1.0, 10, 100, 2002);
    if (r.train_acc < 0.93 || !(r.last_loss < 0.2))
        grade_fail("mlp_train_epoch: after 100 epochs on xor data (2-8-1 sigmoid, lr 1, batches"
                   " of 10) the training accuracy is %.3f (needs 0.93), the last epoch's loss"
                   " %.4f (needs below 0.2)", r.train_acc, r.last_loss);
}

// ---------------------------------------------------------------- your own gradient checker

// A random smooth function of P entries: 0.5 p'Qp + sum_i b_i sin(p_i) + log(1 + exp(q . p)),
// its coefficients drawn by the test (each test runs in its own process).
static double RQ[G6_MAX_P][G6_MAX_P], RB[G6_MAX_P], RV[G6_MAX_P];

static double frandom(const double *p, int P)
{
    double s = 0.0, z = 0.0;
    for (int i = 0; i < P; i++) {
        for (int j = 0; j < P; j++)
            s += 0.5 * p[i] * RQ[i][j] * p[j];
        s += RB[i] * sin(p[i]);
        z += RV[i] * p[i];
    }
    return s + log1p(exp(z));
}

GRADED_TEST(ch06, gradcheck_numeric_matches_the_graders_checker_on_random_functions)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 67);
    static G6Fn c;
    static char name[96];
    for (int trial = 0; trial < 30; trial++) {
        int P = 1 + (int)rng_below(&rng, 12);
        double h = pow(10.0, rng_range(&rng, -7.0, -2.0));
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++)
                RQ[i][j] = rng_range(&rng, -1.0, 1.0);
            RB[i] = rng_range(&rng, -2.0, 2.0);
            RV[i] = rng_range(&rng, -1.0, 1.0);
            // a third of the entries below h, where x + h - h is often not x
            c.base[i] = rng_below(&rng, 3) == 0 ? rng_range(&rng, -h, h) : rng_range(&rng, -2.0, 2.0);
        }
        snprintf(name, sizeof name, "a random smooth function of %d entries", P);
        c.name = name, c.fn = frandom, c.P = P;
        double num[G6_MAX_P], ref[G6_MAX_P], after[G6_MAX_P];
        g6_run_numeric(&c, h, num, after);
        g6_reference_numeric(&c, h, ref);
        g6_expect_numeric(&c, h, num, ref, 1e-9, name);
        g6_expect_one_entry_at_a_time(&c, h);
        for (int i = 0; i < P; i++)
            if (memcmp(&after[i], &c.base[i], sizeof(double)) != 0)
                grade_fail("gradcheck_numeric: after the call params[%d] is %.17g, it held %.17g on"
                           " entry (%s, h = %g)", i, after[i], c.base[i], name, h);
    }
}

// One entry of a random pair: 0, tiny, ordinary, huge, NaN or inf.
static double random_entry(Rng *rng)
{
    switch (rng_below(rng, 8)) {
    case 0: return 0.0;
    case 1: return rng_range(rng, -1e-9, 1e-9);
    case 2: return rng_range(rng, -1e6, 1e6);
    case 3: return rng_below(rng, 2) ? NAN : (rng_below(rng, 2) ? INFINITY : -INFINITY);
    default: return rng_range(rng, -3.0, 3.0);
    }
}

GRADED_TEST(ch06, gradcheck_compare_agrees_with_the_mixed_rule_on_random_entries)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 68);
    const double rtols[3] = { 1e-7, 1e-4, 1e-2 }, atols[3] = { 0.0, 1e-9, 1e-6 };
    for (int trial = 0; trial < 200; trial++) {
        int P = 1 + (int)rng_below(&rng, 16);
        double rtol = rtols[rng_below(&rng, 3)], atol = atols[rng_below(&rng, 3)];
        double g[16], n[16], worst = 0.0;
        int off = 0;
        for (int i = 0; i < P; i++) {
            g[i] = random_entry(&rng);
            switch (rng_below(&rng, 4)) {   // near it, with either sign, or anything
            case 0: n[i] = g[i] * (1.0 + rng_range(&rng, -3.0, 3.0) * rtol); break;
            case 1: n[i] = g[i] + rng_range(&rng, -3.0, 3.0) * atol; break;
            case 2: n[i] = -g[i]; break;
            default: n[i] = random_entry(&rng); break;
            }
            // Never within rounding of the threshold, where an equivalent way of writing the
            // rule (dividing through by the scale, say) could decide otherwise.
            double tol = rtol * fmax(fabs(g[i]), fabs(n[i])) + atol;
            if (isfinite(g[i]) && isfinite(n[i]) && fabs(fabs(g[i] - n[i]) - tol) <= 1e-9 * tol)
                n[i] = g[i];
            off += !gc_close(g[i], n[i], rtol, atol);
            if (!isfinite(g[i]) || !isfinite(n[i]))
                worst = INFINITY;
            else if (fmax(fabs(g[i]), fabs(n[i])) > 0.0)
                worst = fmax(worst, fabs(g[i] - n[i]) / fmax(fabs(g[i]), fabs(n[i])));
        }
        double got_worst = -1.0;
        int got = gradcheck_compare(&got_worst, g, n, P, rtol, atol);
        grade_expect_implemented(got != -1 || !isnan(got_worst), "gradcheck_compare");
        if (got != off)
            grade_fail("gradcheck_compare: returned %d for %d random entries (rtol %g, atol %g),"
                       " expected %d", got, P, rtol, atol, off);
        if (!(got_worst == worst || fabs(got_worst - worst) <= 1e-15 * worst))
            grade_fail("gradcheck_compare: *worst is %.17g for %d random entries, expected %.17g",
                       got_worst, P, worst);
    }
}
