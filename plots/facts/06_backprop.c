/* 06_backprop.c -- the numbers of chapters/06-backprop/notes.md, recomputed from the reference
 * backward pass (see facts.h): the chain-rule example, the 1-1-1 network by hand, the grader's
 * hand-worked layer, the gradient sizes of the figure, the training tests' spread over seeds and
 * the figure's run, the error of centred differences against their step (the figure gradcheck_h,
 * plots/gradcheck_curve.h, whose table of the reference's curve is checked here), and the
 * Will-I-pass comparison with chapter 2's logistic regression.
 * Not here on purpose: anything the notes do not state.
 */
// @needs 05_mlp.c
// @with playground/glue.c
// @needs 02_logistic_regression.c
// @needs 03_gradient_descent.c
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../experiments/06_dead.h"
#include "../experiments/06_init.h"
#include "../experiments/06_lr.h"
#include "../experiments/06_vanishing.h"
#include "../gradcheck_curve.h"
#include "facts.h"
#include "glue.h"
#include "logreg.h"
#include "train.h"

static double chain_f(double x) { return exp(sin(x * x)); }

static void intro(void)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    Mlp m;
    const int sizes[4] = { 2, 16, 16, 1 };
    if (mlp_init(&m, sizes, 3, ACT_TANH, 1, &rng) != 0)
        facts_die("mlp_init failed");
    fact("params", "A 2-16-16-1 network has %d parameters", m.num_params);
    fact("params_all", "finds all %d partial derivatives", m.num_params);
    fact("numeric_cost", "costs $2P$ forward passes: %d for our %d-parameter network", 2 * m.num_params,
         m.num_params);
    mlp_free(&m);

    double x = 1.0, v = sin(x * x), f = exp(v), g = chain_example_grad(x);
    if (fabs(chain_example(x) - f) > 1e-15 || fabs(g - 2 * x * cos(x * x) * f) > 1e-12)
        facts_die("the chain example disagrees with its formula");
    fact("chain", "At $x = 1$: $u = 1$, $v = \\sin 1 = %s$, $f = e^{%s} = %s$, and $f'(1) = %s \\cdot \\cos 1 "
         "\\cdot 2 = %s \\cdot %s \\cdot 2 = %s$", fix(v, 6), fix(v, 6), fix(f, 6), fix(f, 6), fix(f, 6),
         fix(cos(1.0), 6), fix(g, 6));
    (void)chain_f;
}

// The 1-1-1 tanh network by hand, through the reference's forward and backward passes.
static void by_hand(void)
{
    const double x = 1, w0 = 0.5, b0 = 0.25, w1 = -2, b1 = 0.5;
    const int y = 1, sizes[3] = { 1, 1, 1 };
    fact("hand_given", "$x = %g$, label $y = %d$, $w_0 = %g$, $b_0 = %g$, $w_1 = %g$, $b_1 = %g$", x, y, w0, b0,
         w1, b1);
    Rng rng;
    rng_seed(&rng, 1, 1);
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_TANH, 1, &rng) != 0)
        facts_die("mlp_init failed");
    m.weight[0][0] = w0, m.bias[0][0] = b0, m.weight[1][0] = w1, m.bias[1][0] = b1;
    double o = mlp_forward(&m, &x, 1)[0], a = m.acts[1][0], z = w0 * x + b0, p = logreg_sigmoid(o);
    double loss = bce_loss(&o, &y, 1), dlogit = 0;
    bce_backward(&dlogit, &o, &y, 1);
    mlp_zero_grad(&m);
    mlp_backward(&m, &dlogit);
    fact("hand_z", "z &= w_0 x + b_0 = %g, \\\\", z);
    fact("hand_a", "a &= \\tanh z = %s, \\\\", fix(a, 6));
    fact("hand_o", "o &= w_1 a + b_1 = %s, \\\\", fix(o, 6));
    fact("hand_p", "p &= \\sigma(o) = %s, \\\\", fix(p, 6));
    fact("hand_loss", "\\ell &= -\\log p = %s.", fix(loss, 6));
    fact("hand_obar", "\\bar{o} &= p - y = %s, \\\\", fix(dlogit, 6));
    fact("hand_w1", "\\bar{w}_1 &= \\bar{o}\\, a = %s, \\qquad \\bar{b}_1 = \\bar{o} = %s, \\\\",
         fix(m.dweight[1][0], 6), fix(m.dbias[1][0], 6));
    fact("hand_abar", "\\bar{a} &= \\bar{o}\\, w_1 = %s, \\\\", fix(m.dacts[1][0], 6));
    fact("hand_zbar", "\\bar{z} &= \\bar{a}\\,(1 - a^2) = %s \\cdot %s = %s, \\\\", fix(m.dacts[1][0], 6),
         fix(1 - a * a, 6), fix(m.dz[0][0], 6));
    fact("hand_w0", "\\bar{w}_0 &= \\bar{z}\\, x = %s, \\qquad \\bar{b}_0 = \\bar{z} = %s.", fix(m.dweight[0][0], 6),
         fix(m.dbias[0][0], 6));
    // the centred difference on w0
    const double eps = 1e-5;
    double keep = m.weight[0][0], up, down;
    m.weight[0][0] = keep + eps;
    up = bce_loss(mlp_forward(&m, &x, 1), &y, 1);
    m.weight[0][0] = keep - eps;
    down = bce_loss(mlp_forward(&m, &x, 1), &y, 1);
    double numeric = (up - down) / (2 * eps);
    if (fabs(numeric - m.dweight[0][0]) > 1e-9)
        facts_die("the centred difference disagrees: %g against %g", numeric, m.dweight[0][0]);
    fact("hand_check", "nudging $w_0$ by $\\pm %s$ changes $\\ell$ by $\\pm %s \\cdot %s$", sci(eps, 1),
         fix(numeric, 6), sci(eps, 1));
    mlp_free(&m);
    const double big = 800;
    const int zero = 0;
    if (bce_loss(&big, &zero, 1) != big)
        facts_die("bce_loss at 800 is not 800");
    fact("loss_800", "$z = %g$ with $y = 0$, costs exactly %g", big, bce_loss(&big, &zero, 1));
}

static void dense(void)
{
    const double X[6] = { 1, 2, 3, -1, 0, 1 }, W[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double dZ[4] = { 1, -2, 0.5, 1 };
    double dA[6] = { 0 }, dW[6] = { 0 }, db[2] = { 0 };
    linear_backward(dA, dW, db, dZ, X, W, 2, 3, 2);
    fact("dense_dz", "$$\\bar{Z} = \\begin{pmatrix} %g & %g \\\\ %g & %g \\end{pmatrix}:$$ $\\bar{\\mathbf{b}} = (%g, %g)$",
         dZ[0], dZ[1], dZ[2], dZ[3], db[0], db[1]);
    fact("dense_w0", "$%g \\cdot (%g, %g, %g) + %g \\cdot (%g, %g, %g) = (%g, %g, %g)$", dZ[0], X[0], X[1], X[2],
         dZ[2], X[3], X[4], X[5], dW[0], dW[1], dW[2]);
    fact("dense_w1", "$%g \\cdot (%g, %g, %g) + %g \\cdot (%g, %g, %g) = (%g, %g, %g)$", dZ[1], X[0], X[1], X[2],
         dZ[3], X[3], X[4], X[5], dW[3], dW[4], dW[5]);
    fact("dense_a", "$%g \\cdot (%g, %g, %g) - %g \\cdot (%g, %g, %g) = (%g, %g, %g)$", dZ[0], W[0], W[1], W[2],
         -dZ[1], W[3], W[4], W[5], dA[0], dA[1], dA[2]);
}

static void checking(void)
{
    // grader/gradcheck.h: step 1e-5, an entry passes when |a - n| <= 1e-7 max(|a|, |n|) + 1e-9;
    // grader/06_backprop.c keeps relu fixtures 1e-3 from the kink.
    fact("check_eps", "\\qquad \\epsilon = %s,$$", sci(1e-5, 1));
    fact("check_tol", "$|a - n| \\le %s \\max(|a|, |n|) + %s$", sci(1e-7, 1), sci(1e-9, 1));
    fact("check_kink", "at least $%s$ from 0", sci(1e-3, 1));
    fact("vanish", "$4^{-5} \\approx %s$", sci(pow(4, -5), 1));
}

// The figure gradcheck_h: the reference's gradient checker at 49 steps from 0.1 to 1e-13. Its
// curve is also a table in plots/gradcheck_curve.h, which the plot driver draws beside the
// student's: checked here, and printed anew when it no longer holds.
static const char *step(int k)   // 10^{-5}, 5.6 \times 10^{-6}: one digit for a power of ten
{
    double e = log10(curve_h(k));
    return sci(curve_h(k), fabs(e - round(e)) < 1e-9 ? 1 : 2);
}

static void step_curve(void)
{
    double worst[CURVE_STEPS];
    int off[CURVE_STEPS];
    if (curve_compute(worst, off) != NULL)
        facts_die("the reference's gradient checker is not implemented");
    for (int k = 0; k < CURVE_STEPS; k++)
        if (worst[k] != REFERENCE_CURVE[k]) {
            fprintf(stderr, "plots/gradcheck_curve.h's REFERENCE_CURVE no longer holds (step %d):"
                    " replace it with\n", k);
            for (int j = 0; j < CURVE_STEPS; j++)
                fprintf(stderr, "    %.17g,\n", worst[j]);
            facts_die("REFERENCE_CURVE is out of date");
        }
    int best = 0, lo = -1, hi = -1;     // the smallest error; the steps where no entry fails
    for (int k = 0; k < CURVE_STEPS; k++) {
        if (worst[k] < worst[best])
            best = k;
        if (off[k] == 0) {
            if (lo >= 0 && hi != k - 1)
                facts_die("the steps where every entry passes are not one range");
            if (lo < 0)
                lo = k;
            hi = k;
        }
    }
    int grader = 16;                    // h = 1e-5, the grader's step
    if (fabs(curve_h(grader) - 1e-5) > 1e-20 || lo < 0)
        facts_die("the step curve is not as the notes describe it");
    // The quotient's error falls like h^2: a decade of h, two of error (from h = 1e-2 to 1e-3).
    double fall = worst[4] / worst[8];
    if (fabs(curve_h(4) - 1e-2) > 1e-18 || fall < 95 || fall > 105)
        facts_die("the right branch does not fall like h^2 (%g per decade)", fall);
    fact("step_range", "Why $%s$? The figure runs your checker on a smooth function of %d parameters, whose"
         " exact gradient is known, at steps from %s down to $%s$", sci(1e-5, 1), CURVE_P,
         num(curve_h(0), 2), sci(curve_h(CURVE_STEPS - 1), 1));
    fact("step_fall", "ten times smaller step, %d times smaller error", (int)(fall / 10 + 0.5) * 10);
    fact("step_best", "cube root of the machine epsilon, $%s$; on this function the error is"
         " smallest at $\\epsilon = %s$ ($%s$), and $%s$ at the grader's $%s$", sci(cbrt(DBL_EPSILON), 1),
         step(best), sci(worst[best], 1), sci(worst[grader], 2), sci(1e-5, 1));
    fact("step_pass", "every entry passes from $\\epsilon = %s$ down to $%s$", step(lo), step(hi));
    fact("step_fail", "at $\\epsilon = %s$ as surely as at $%s$", step(8), step(36));
    if (off[8] == 0 || off[36] == 0)
        facts_die("the notes' failing steps pass");
}

// The figure's gradient sizes (plots/06_backprop.c): RMS of dweight per layer of 2-8-8-8-8-8-1
// at initialisation, geometric mean over 20 Glorot draws, on 100 spiral training points.
static void gradient_sizes(void)
{
    enum { M = 6, DRAWS = 20, NB = 100 };
    const int sizes[M + 1] = { 2, 8, 8, 8, 8, 8, 1 };
    Rng rng;
    rng_seed(&rng, 1001, 6);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (data_spiral(&all, 500, 0.0, &rng) != 0)
        facts_die("data_spiral failed");
    dataset_shuffle(&all, &rng);
    dataset_split(&all, 0.5, &train, &test);
    double rms[3][M];
    for (int f = 0; f < 3; f++) {
        Mlp m;
        Rng init, draws;
        rng_seed(&init, 1, 1);
        rng_seed(&draws, 66, 6);
        mlp_init(&m, sizes, M, (Activation)f, NB, &init);
        double logsum[M] = { 0 }, dlogits[NB];
        for (int d = 0; d < DRAWS; d++) {
            memset(m.params, 0, sizeof(double) * (size_t)m.num_params);
            for (int l = 0; l < M; l++) {
                double r = sqrt(6.0 / (sizes[l] + sizes[l + 1]));
                for (int k = 0; k < sizes[l] * sizes[l + 1]; k++)
                    m.weight[l][k] = rng_range(&draws, -r, r);
            }
            const double *logits = mlp_forward(&m, train.x, NB);
            memset(dlogits, 0, sizeof dlogits);
            bce_backward(dlogits, logits, train.y, NB);
            mlp_zero_grad(&m);
            mlp_backward(&m, dlogits);
            for (int l = 0; l < M; l++) {
                double s = 0;
                int n = sizes[l] * sizes[l + 1];
                for (int k = 0; k < n; k++)
                    s += m.dweight[l][k] * m.dweight[l][k];
                logsum[l] += log(sqrt(s / n));
            }
        }
        for (int l = 0; l < M; l++)
            rms[f][l] = exp(logsum[l] / DRAWS);
        mlp_free(&m);
    }
    double lo = INFINITY, hi = 0;
    for (int f = 1; f < 3; f++)
        for (int l = 0; l < M; l++)
            lo = fmin(lo, rms[f][l]), hi = fmax(hi, rms[f][l]);
    fact("gradnorm_caption", "at initialisation, for each activation (geometric mean of %d draws, %d spiral "
         "points)", DRAWS, NB);
    fact("gradnorm_text", "with sigmoid units the gradient falls from $%s$ at the output layer, layer %d, to "
         "$%s$ at layer 0, a factor of about %.0f per layer, as predicted; with tanh and relu it stays between "
         "$%s$ and $%s$ in every layer", sci(rms[0][M - 1], 1), M - 1, sci(rms[0][0], 1),
         pow(rms[0][M - 1] / rms[0][0], 1.0 / (M - 1)), sci(lo, 1), sci(hi, 2));
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
}

// The training tests' spread over the seeds 1001 .. 1030, and the figure's run.
static void training(void)
{
    const int spiral[4] = { 2, 16, 16, 1 }, circle[3] = { 2, 3, 1 };
    double sp_acc = 1, sp_loss = 0, ci_acc = 1;
    for (uint64_t seed = 1001; seed <= 1030; seed++) {
        Trained s = train_recipe(data_spiral, spiral, 3, ACT_TANH, 0.2, 10, 400, seed, NULL);
        Trained c = train_recipe(data_circle, circle, 2, ACT_TANH, 0.1, 10, 100, seed, NULL);
        sp_acc = fmin(sp_acc, s.train_acc), sp_loss = fmax(sp_loss, s.last_loss);
        ci_acc = fmin(ci_acc, c.train_acc);
    }
    fact("spiral_test", "the %d training points of a %d-point spiral (seed %d), with Glorot weights and per-epoch "
         "permutations drawn by the grader, lr %g, batches of %d, for %d epochs. Over 30 seeds the reference "
         "reaches a training accuracy of at least %s and a last-epoch loss below %s; the test asks for %g and %g",
         250, 500, 1001, 0.2, 10, 400, fix(sp_acc, 3), num(ceil(sp_loss * 100) / 100, 2), 0.9, 0.3);
    fact("circle_test", "(reference: at least %s over 30 seeds; the test asks %g)", fix(ci_acc, 3), 0.95);
}

// The figure's run: the spiral test's training, with the loss of both halves after each epoch;
// and the same with the planted bug that shuffles the rows but not the labels.
static void loss_curve(void)
{
    enum { EPOCHS = 400 };
    const int sizes[4] = { 2, 16, 16, 1 };
    double train_loss[EPOCHS + 1], test_loss[EPOCHS + 1], bug_acc = 0;
    for (int bug = 0; bug < 2; bug++) {
        Rng rng;
        rng_seed(&rng, 1001, 6);
        Dataset all = { 0 }, train = { 0 }, test = { 0 };
        if (data_spiral(&all, 500, 0.0, &rng) != 0)
            facts_die("data_spiral failed");
        dataset_shuffle(&all, &rng);
        dataset_split(&all, 0.5, &train, &test);
        Mlp m;
        if (mlp_init(&m, sizes, 3, ACT_TANH, train.n, &rng) != 0)
            facts_die("mlp_init failed");
        int order[250], ybug[250];
        for (int e = 0; e <= EPOCHS; e++) {
            if (e > 0) {
                rng_permutation(&rng, order, train.n);
                // the bug: row order[k] trained with label y[k], a new pairing every epoch
                for (int k = 0; k < train.n; k++)
                    ybug[order[k]] = train.y[k];
                mlp_train_epoch(&m, train.x, bug ? ybug : train.y, train.n, order, 10, 0.2);
            }
            if (!bug) {
                train_loss[e] = bce_loss(mlp_forward(&m, train.x, train.n), train.y, train.n);
                test_loss[e] = bce_loss(mlp_forward(&m, test.x, test.n), test.y, test.n);
            }
        }
        if (bug)
            bug_acc = net_accuracy(&m, &train);
        mlp_free(&m);
        dataset_free(&all), dataset_free(&train), dataset_free(&test);
    }
    // The two largest rises of the training loss, at least 50 epochs apart.
    int j1 = 1, j2 = 1;
    for (int e = 1; e <= EPOCHS; e++)
        if (train_loss[e] - train_loss[e - 1] > train_loss[j1] - train_loss[j1 - 1])
            j1 = e;
    for (int e = 1; e <= EPOCHS; e++)
        if (abs(e - j1) >= 50 && train_loss[e] - train_loss[e - 1] > train_loss[j2] - train_loss[j2 - 1])
            j2 = e;
    int a = j1 < j2 ? j1 : j2, b = j1 < j2 ? j2 : j1;
    double test_min = test_loss[0];
    for (int e = 0; e <= EPOCHS; e++)
        test_min = fmin(test_min, test_loss[e]);
    fact("loss_factor", "The training loss falls by a factor of %.0f, but not smoothly: with lr %g and batches of "
         "%d", train_loss[0] / train_loss[EPOCHS], 0.2, 10);
    fact("loss_jumps", "the loss jumps before it recovers (near epochs %d and %d). The test loss follows it down "
         "to about %s", (int)(10 * round(a / 10.0)), (int)(10 * round(b / 10.0)), num(test_min, 1));
    fact("labels_bug", "stays near %s", num(bug_acc, 1));
    fact("labels_bug_mistake", "the training tests fail at about %s accuracy", num(bug_acc, 1));
}

// Chapter 1's students: chapter 2's logistic regression against the 2-3-1 network.
static void will_i_pass(void)
{
    Rng rng;
    rng_seed(&rng, 2024, 1);
    Dataset ds = { 0 };
    if (data_pass(&ds, 200, 0.3, &rng) != 0)
        facts_die("data_pass failed");
    double w[2] = { 0, 0 }, b = 0;
    for (int s = 0; s < 100; s++) {   // chapter 2's loop: 100 steps of lr 0.5 from zero
        double dw[2] = { 0, 0 }, db = 0;
        logreg_grad(dw, &db, w, b, ds.x, ds.y, ds.n, 2);
        w[0] -= 0.5 * dw[0], w[1] -= 0.5 * dw[1], b -= 0.5 * db;
    }
    const int sizes[3] = { 2, 3, 1 };
    const double lr = 0.1;
    const int batch = 10, epochs = 100;
    Rng init;
    rng_seed(&init, 2024, 6);
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_TANH, ds.n, &init) != 0)
        facts_die("mlp_init failed");
    int order[200];
    for (int e = 0; e < epochs; e++) {
        rng_permutation(&init, order, ds.n);
        mlp_train_epoch(&m, ds.x, ds.y, ds.n, order, batch, lr);
    }
    if (net_accuracy(&m, &ds) != 1.0)
        facts_die("the network does not get every student right");
    double net_loss = bce_loss(mlp_forward(&m, ds.x, ds.n), ds.y, ds.n);
    fact("pass_recipe", "on the same %d students of chapter 1, with this chapter's code: Glorot weights, lr %g, "
         "batches of %d, %d epochs", ds.n, lr, batch, epochs);
    const struct { const char *name; double x[2]; int lr_digits, net_digits; } s[3] = {
        { "Ana", { 2, 1 }, 3, 4 }, { "Ben", { -3, -1 }, 3, 3 }, { "Cleo", { -1, 0 }, 2, 2 } };
    for (int k = 0; k < 3; k++) {
        char key[16];
        snprintf(key, sizeof key, "pass_row_%c", "abc"[k]);
        double p_net = logreg_sigmoid(mlp_forward(&m, s[k].x, 1)[0]);
        fact(key, "| %s | $(%g, %g)$ | %s | %s |", s[k].name, s[k].x[0], s[k].x[1],
             fix(logreg_prob(w, b, s[k].x, 2), s[k].lr_digits), fix(p_net, s[k].net_digits));
    }
    fact("pass_loss", "The network also gets all %d students right, its loss is lower (%s against chapter 2's %s)",
         ds.n, fix(net_loss, 3), fix(logreg_loss(w, b, ds.x, ds.y, ds.n, 2), 3));
    mlp_free(&m);
    dataset_free(&ds);
}

// The playground section: the page's own training (playground/glue.c, built natively here, as
// it is for its own test) with the page's defaults (seed 1, noise 0, half the points to train)
// and the settings of the section's figure (playground.mk's PG_FIGURE_06).
static void live_playground(void)
{
    const double lr = 0.03;
    const int batch = 10, figure_epochs = 1500;
    if (pg_data(PG_SPIRAL, 0.0, 50, 1) != PG_OK ||
        pg_network(PG_FEAT_X1 | PG_FEAT_X2, ACT_TANH, 2, (int[]){ 8, 8 }, 1) != PG_OK)
        facts_die("the playground's glue refused the spiral: %s", pg_message());
    long first = -1;
    for (int e = 1; e <= figure_epochs; e++) {
        if (pg_train(1, batch, lr) != 1 || pg_evaluate() != PG_OK)
            facts_die("the playground's training stopped at epoch %d: %s", e, pg_message());
        if (first < 0 && pg_stat(PG_TRAIN_ACC) >= 0.95)
            first = e;
    }
    fact("pg_reaches", "batches of %d and learning rate %g reaches 95%% on its training points after %ld epochs",
         batch, lr, first);
    fact("pg_settings", "{.live-playground settings=\"dataset=spiral&networkShape=8,8&activation=tanh&learningRate=%g&batchSize=%d\"}",
         lr, batch);
    fact("pg_figure", "The playground after %d epochs of the reference on the spiral, two hidden layers of 8 tanh"
         " units: %s of the training points and %s of the test points", figure_epochs,
         pct(pg_stat(PG_TRAIN_ACC), 1), pct(pg_stat(PG_TEST_ACC), 1));
}

// The experiment on initialisation (make experiment CH=06 E=init), as its figure ran.
static void experiment_claim(int holds, const char *what)
{
    if (!holds)
        facts_die("an experiment's claim: %s: does not hold", what);
}

static void init_experiment(void)
{
    static InitResult r;
    const InitConfig *cfg = &INIT_FULL;
    if (init_run(&r, cfg) != 0)
        facts_die("the initialisation experiment did not run");
    init_claims(&r, experiment_claim);
    fact("init_plain", "against a plain $U(-%g, %g)$?", INIT_UNIFORM, INIT_UNIFORM);
    fact("init_recipe", "(rate %g, batches of %d)", INIT_LR, INIT_BATCH);
    fact("init_close", "close to %g, and the two random starts", INIT_UNIFORM);
    fact("init_runs", "each for %d epochs from seeds 1 to %d", r.epochs, r.seeds);
    fact("init_glorot_r", "$r = %.2f$, $%.2f$ and $%.2f$", sqrt(6.0 / 18), sqrt(6.0 / 32), sqrt(6.0 / 17));
    fact("init_speed", "%.0f and %.0f epochs on average to bring the loss below %g", init_mean_to_target(&r, 0),
         init_mean_to_target(&r, 1), INIT_TARGET);
    fact("init_final", "end at %.3f and %.3f", init_mean_final(&r, 0), init_mean_final(&r, 1));
    fact("init_sym", "after %d epochs no two hidden units differ by more than $%s$", INIT_SYMMETRY_EPOCH,
         sci(1e-12, 1));
    fact("init_zero", "the loss ends at %.3f, the $\\ln 2 = %.3f$ of a coin toss", init_mean_final(&r, 2), log(2.0));
    fact("init_sigmoid", "its hidden weights grow to %.2f, all alike, and the loss ends at %.3f", r.moved[3],
         init_mean_final(&r, 3));
}

// The experiment on vanishing gradients (make experiment CH=06 E=vanishing), as its figure ran.
static void vanishing_experiment(void)
{
    static VanResult r;
    const VanConfig *cfg = &VAN_FULL;
    if (van_run(&r, cfg) != 0)
        facts_die("the vanishing-gradient experiment did not run");
    van_claims(&r, experiment_claim);
    const int D = VAN_MAX_DEPTH - 1;
    fact("van_setup", "%d draws of Glorot's weights each, on %d spiral points", r.draws, VAN_BATCH);
    fact("van_sigmoid", "a factor of %.1f a layer, and with 10 sigmoid layers layer 0 gets $%s$ of",
         1.0 / r.per_layer[0], sci(r.ratio[0][D], 2));
    fact("van_others", "With tanh and relu the ratio stays near 1 at every depth (%.2f and %.2f with 10)",
         r.ratio[1][D], r.ratio[2][D]);
    fact("van_trained", "After %d epochs at rate %g in batches of 10 the sigmoid network's loss is %.3f",
         r.epochs, VAN_LR, r.last_loss[0]);
    fact("van_trained_ratio", "its layer 0 still gets $%s$ of the output layer's gradient",
         sci(r.trained_ratio[0], 2));
    fact("van_tanh", "the tanh network's loss has fallen from %.3f to %.3f", r.first_loss[1], r.last_loss[1]);
}

// The experiment on dead relus (make experiment CH=06 E=dead), as its figure ran.
static void dead_experiment(void)
{
    static DeadResult r;
    const DeadConfig *cfg = &DEAD_FULL;
    if (dead_run(&r, cfg) != 0)
        facts_die("the dead-relu experiment did not run");
    dead_claims(&r, experiment_claim);
    if (r.not_finite)
        facts_die("a dead-relu run diverged");
    int E = r.epochs;
    fact("dead_setup", "at the rates %g, %g, %g and %g, then at rate %g from biases of %g, %g, %g and %g",
         DEAD_LRS[0], DEAD_LRS[1], DEAD_LRS[2], DEAD_LRS[3], DEAD_BASE_LR, DEAD_BIASES[0],
         DEAD_BIASES[1], DEAD_BIASES[2], DEAD_BIASES[3]);
    fact("dead_runs", "each for %d epochs from seeds 1 to %d", E, r.seeds);
    fact("dead_points", "the units whose output is 0 on all %d training points", r.points);
    fact("dead_start", "Glorot's start already has %.1f dead units of 32 on average", r.dead[0][0][0]);
    fact("dead_rate", "at rate %g there are %.1f after %d epochs, and the network gets %s of its training points right",
         DEAD_LRS[1], r.dead[0][1][E], E, pct(r.final_acc[0][1], 1));
    fact("dead_rate3", "At rate %g, %.1f units are dead after one epoch and %.1f at the end", DEAD_LRS[3],
         r.dead[0][3][1], r.dead[0][3][E]);
    fact("dead_rate3_acc", "it gets %s right, a coin toss", pct(r.final_acc[0][3], 1));
    fact("dead_rate1", "at rate %g they die over the epochs, %.1f at the end", DEAD_LRS[2], r.dead[0][2][E]);
    fact("dead_bias", "%.1f, %.1f and %.1f of the 32 units are dead before the first step", r.dead[1][1][0],
         r.dead[1][2][0], r.dead[1][3][0]);
}

// The experiment on the learning rate and the curvature (make experiment CH=06 E=lr).
static void lr_experiment(void)
{
    static LrResult r;
    const LrConfig *cfg = &LR_FULL;
    if (lr_run(&r, cfg) != 0)
        facts_die("the learning-rate experiment did not run");
    lr_claims(&r, experiment_claim);
    int k1 = -1, k4 = -1, k0 = 0, kb = -1;
    double lo = INFINITY, hi = 0.0;
    for (int k = 0; k < r.rates; k++) {
        k1 = fabs(r.factor[k] - 1.0) < 1e-9 ? k : k1;
        k4 = fabs(r.factor[k] - 4.0) < 1e-9 ? k : k4;
        kb = r.factor[k] < 3.9 ? k : kb;
        if (r.factor[k] < 0.99) {
            double at = r.lambda_late[k] * r.lr[k] / 2.0;
            lo = fmin(lo, at), hi = fmax(hi, at);
        }
    }
    if (k1 < 0 || k4 < 0 || kb < 0)
        facts_die("the learning-rate sweep has no factor 1 or 4");
    fact("lr_setup", "rates from %.3g to %.3g times $2/\\lambda_0$, each for %d full-batch steps", r.factor[k0],
         r.factor[r.rates - 1], r.steps);
    fact("lr_lambda0", "At the start $\\lambda_{\\max} = %.2f$, so the ceiling of chapter 3 is $2/\\lambda_0 = %.2f$",
         r.lambda0, 2.0 / r.lambda0);
    fact("lr_small", "at the smallest rate it grows from %.2f to %.1f", r.lambda0, r.lambda_late[k0]);
    fact("lr_meet", "$\\lambda_{\\max}\\,\\alpha/2$ is between %.2f and %.2f", lo, hi);
    fact("lr_best", "the rate of the ceiling itself ends at a loss of %.3f, the one at %.2f times it at %.3f",
         r.final_loss[k1], r.factor[kb], r.final_loss[kb]);
    fact("lr_first", "the loss of the start, %.3f", r.loss0);
}

int main(void)
{
    intro();
    by_hand();
    dense();
    checking();
    step_curve();
    gradient_sizes();
    training();
    loss_curve();
    will_i_pass();
    live_playground();
    init_experiment();
    vanishing_experiment();
    dead_experiment();
    lr_experiment();
    return 0;
}
