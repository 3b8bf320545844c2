/* 03_gradient_descent.c -- the numbers of chapters/03-gradient-descent/notes.md, recomputed from
 * the reference gradient descent (see facts.h). The losses are the notes' own: the parabola
 * 2 (w - 1)^2, the tilted bowl, the grader's quadratic 0.5 + (theta - 1)^2, and logistic
 * regression on chapter 2's data (the grader's copy, lib/numgrad.h, for the training the
 * grader does; chapter 2's reference for the learning rates that still work).
 * Not here on purpose: anything the notes do not state.
 */
// @needs 02_logistic_regression.c
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../experiments/03_momentum.h"
#include "data.h"
#include "descent.h"
#include "facts.h"
#include "logreg.h"
#include "numgrad.h"

static const double GRADER_MIN = 0.95;   // what grader/03_gradient_descent.c asks for

// L(w) = 2 (w - 1)^2
static double parabola(double *grad, const double *p, void *ctx)
{
    (void)ctx;
    double e = p[0] - 1.0;
    grad[0] = 4.0 * e;
    return 2.0 * e * e;
}

// L(theta) = 0.5 + (theta - 1)^2, the grader's example
static double shifted(double *grad, const double *p, void *ctx)
{
    (void)ctx;
    double e = p[0] - 1.0;
    grad[0] = 2.0 * e;
    return 0.5 + e * e;
}

// w after `steps` steps of rate lr on the parabola from w0.
static double walk(double w0, double lr, int steps)
{
    double w[1] = { w0 }, g[1];
    parabola(g, w, NULL);
    for (int k = 0; k < steps; k++) {
        gd_step(w, g, lr, 1);
        parabola(g, w, NULL);
    }
    return w[0];
}

static void one_parameter(void)
{
    fact("small", "$\\alpha = %g$: factor %g. Every step goes the right way, but %d steps from $w = -1$ "
         "still leave $w = %s$", 0.05, 1 - 4 * 0.05, 12, fix(walk(-1, 0.05, 12), 2));
    fact("good", "$\\alpha = %g$: factor %g. Six steps reach $w = %s$. ($\\alpha = %g$, factor %g",
         0.2, 1 - 4 * 0.2, num(walk(-1, 0.2, 6), 5), 0.25, 1 - 4 * 0.25);
    if (walk(-1, 0.25, 1) != 1.0)
        facts_die("lr 0.25 does not land on the minimum");
    fact("big", "$\\alpha = %g$: factor $%g$. Each step jumps over the minimum and lands farther away on "
         "the other side: 6 steps take $w$ from $-1$ to $%s$", 0.55, 1 - 4 * 0.55, fix(walk(-1, 0.55, 6), 2));
    fact("limit", "when $0 < \\alpha < %g$", 2.0 / 4.0);
}

static void bowl(void)
{
    double hi = (5 + sqrt(5.0)) / 2, lo = (5 - sqrt(5.0)) / 2;
    fact("bowl", "whose curvatures are $(5 \\pm \\sqrt{5})/2 = %s$ and $%s$, so $2/\\lambda_{\\max} = %s$. "
         "With lr %g the path is smooth", fix(hi, 2), fix(lo, 2), fix(2 / hi, 3), 0.1);
    fact("bowl_zigzag", "With lr %g the steep direction's factor is $1 - %g \\cdot %s = %s$", 0.5, 0.5,
         fix(hi, 2), fix(1 - 0.5 * hi, 2));
}

// ---------------------------------------------------------------- the descent loop

static void descent_loop(void)
{
    fact("blowup", "$|L| > 10^{%.0f} (1 + |L_0|)$, $L_0$ the loss before the first step "
         "(`DESCENT_BLOWUP` is $10^{%.0f}$)", log10(DESCENT_BLOWUP), log10(DESCENT_BLOWUP));
    double p[1] = { 2.0 }, g[1], h[64];
    int steps = 0;
    const double gtol = 1e-3;
    if (gd_run(p, g, h, &steps, shifted, NULL, 1, 0.25, 60, gtol) != DESCENT_CONVERGED)
        facts_die("the grader's example does not converge");
    fact("example", "$L(\\theta) = 0.5 + (\\theta - 1)^2$ from $\\theta = 2$ with $\\alpha = %g$ halves the "
         "error every step, so the gradient $2(\\theta - 1) = 2 \\cdot 0.5^k$ first falls to $%s$ or below "
         "at $k = %d$; the history then holds %d losses", 0.25, sci(gtol, 1), steps, steps + 1);
    // On the squared norm the same loop stops where |g|^2 <= gtol.
    int k2 = 0;
    while (4.0 * pow(0.25, k2) > gtol)
        k2++;
    double at_min[1] = { 1.0 }, g_min[1];
    fact("squared_norm", "have a minimum of %g, and the step count where $\\lVert g\\rVert \\le %s$ is "
         "%d, not %d", shifted(g_min, at_min, NULL), sci(gtol, 1), steps, k2);

    // lr 0.625 from the grader's start: where gd_run stops, and where the loss turns inf and NaN.
    const double lr = 0.625, w0 = 2.0;
    double w[1] = { w0 }, gw[1];
    double L0 = parabola(gw, w, NULL), L = L0;
    int blow = -1, inf = -1, nan = -1;
    for (int k = 1; nan < 0 && k < 5000; k++) {
        gd_step(w, gw, lr, 1);
        L = parabola(gw, w, NULL);
        if (blow < 0 && fabs(L) > DESCENT_BLOWUP * (1 + fabs(L0)))
            blow = k;
        if (inf < 0 && isinf(L))
            inf = k;
        if (isnan(L))
            nan = k;
    }
    double hist[64];
    int taken = 0;
    w[0] = w0;
    if (gd_run(w, gw, hist, &taken, parabola, NULL, 1, lr, 60, 1e-8) != DESCENT_DIVERGED || taken != blow)
        facts_die("gd_run does not stop after %d steps", blow);
    fact("diverge", "$\\alpha = %g$, from the grader's start $w = %g$ (loss %g;", lr, w0, L0);
    fact("diverge_rate", "The error is multiplied by $%g$ and the loss by %g at every step: the loss passes "
         "$10^{%.0f}(1 + %g) = %s$ after %d steps (where `gd_run` stops), is infinite from step %d and "
         "NaN from step %d", 1 - 4 * lr, (1 - 4 * lr) * (1 - 4 * lr), log10(DESCENT_BLOWUP), L0,
         sci(DESCENT_BLOWUP * (1 + L0), 1), blow, inf, nan);
    fact("diverge_mistake", "With $\\alpha = %g > 2/\\lambda_{\\max}$ the loss must be reported as blown "
         "up after %d steps, not carried to $\\infty$ (step %d) or NaN (step %d)", lr, blow, inf, nan);
}

// ---------------------------------------------------------------- logistic regression

typedef struct {
    const Dataset *ds;
    int *all;
} Logistic;

static double logistic_batch(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    const Logistic *lg = ctx;
    return logistic_loss_grad(grad, params, lg->ds->x, lg->ds->y, idx, B, 2);
}

static double logistic_all(double *grad, const double *params, void *ctx)
{
    const Logistic *lg = ctx;
    return logistic_batch(grad, params, lg->all, lg->ds->n, ctx);
}

static void blobs(Dataset *ds, int *all, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 2);
    if (data_gauss(ds, 200, 0.05, &rng) != 0)
        facts_die("data_gauss failed");
    for (int n = 0; n < ds->n; n++) {
        ds->x[2 * n] += 2.0, ds->x[2 * n + 1] += 2.0;
        all[n] = n;
    }
}

static double accuracy(const double *params, const Dataset *ds)
{
    int right = 0;
    for (int n = 0; n < ds->n; n++)
        right += (params[2] + params[0] * ds->x[2 * n] + params[1] * ds->x[2 * n + 1] >= 0.0)
                 == (ds->y[n] == 1);
    return (double)right / ds->n;
}

static void curvature(void)
{
    Dataset ds = { 0 };
    int all[200];
    blobs(&ds, all, 2024);
    // The largest eigenvalue of (1/N) sum 1/4 x~ x~^T, by power iteration.
    double H[3][3] = { { 0 } }, v[3] = { 1, 1, 1 }, lambda = 0;
    for (int n = 0; n < ds.n; n++) {
        double x[3] = { ds.x[2 * n], ds.x[2 * n + 1], 1 };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                H[i][j] += 0.25 * x[i] * x[j] / ds.n;
    }
    for (int it = 0; it < 500; it++) {
        double u[3] = { 0, 0, 0 };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                u[i] += H[i][j] * v[j];
        lambda = sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        for (int i = 0; i < 3; i++)
            v[i] = u[i] / lambda;
    }
    fact("logistic_bound", "its largest curvature on the grader's data is at most %s, so any $\\alpha$ "
         "below $2/%s = %s$ is safe", fix(lambda, 2), fix(lambda, 2), fix(2 / lambda, 2));

    // Chapter 2's 100 steps at doubling rates: the largest whose loss never rises, the first whose
    // loss rises, and the largest tried that still gets every point right.
    const int steps = 100;
    double no_rise = 0, first_rise = 0, all_right = 0;
    for (double lr = 0.5; lr <= 128; lr *= 2) {
        double w[2] = { 0, 0 }, b = 0, prev = logreg_loss(w, b, ds.x, ds.y, ds.n, 2);
        int rises = 0;
        for (int s = 0; s < steps; s++) {
            double dw[2] = { 0, 0 }, db = 0;
            logreg_grad(dw, &db, w, b, ds.x, ds.y, ds.n, 2);
            w[0] -= lr * dw[0], w[1] -= lr * dw[1], b -= lr * db;
            double now = logreg_loss(w, b, ds.x, ds.y, ds.n, 2);
            rises += now > prev;
            prev = now;
        }
        double p3[3] = { w[0], w[1], b };
        if (rises == 0 && first_rise == 0)
            no_rise = lr;
        if (rises > 0 && first_rise == 0)
            first_rise = lr;
        if (accuracy(p3, &ds) == 1.0)
            all_right = lr;
    }
    if (no_rise < 0.5)
        facts_die("chapter 2's rate 0.5 raises the loss");
    fact("logistic_rates", "Chapter 2 used %g, a little above, and the loss still fell at every one of its "
         "%d steps; it does so up to a rate of %g. From a rate of %g the first step overshoots and raises "
         "the loss, yet even a rate of %g ends the %d steps with every point right", 0.5, steps, no_rise,
         first_rise, all_right, steps);

    // The grader's check that a small rate never raises this convex loss.
    Logistic lg = { &ds, all };
    double p[3] = { 0, 0, 0 }, g[3], h[51];
    int taken = 0;
    gd_run(p, g, h, &taken, logistic_all, &lg, 3, 0.1, 50, 0.0);
    for (int k = 0; k < taken; k++)
        if (h[k + 1] > h[k])
            facts_die("the loss rises at step %d with lr 0.1", k + 1);
    fact("convex_check", "with $\\alpha = %g$ the loss of this convex problem never rises", 0.1);
    dataset_free(&ds);
}

// ---------------------------------------------------------------- epochs and mini-batches

static double mean_loss(const double *params, const Dataset *ds, int *all)
{
    double grad[3];
    Logistic lg = { ds, all };
    return logistic_batch(grad, params, all, ds->n, &lg);
}

static void epochs(void)
{
    fact("missed", "about %s of the data ($(1 - 1/200)^{200} = %s$)", pct(pow(1 - 1.0 / 200, 200), 0),
         fix(pow(1 - 1.0 / 200, 200), 3));
    Rng rng;
    rng_seed(&rng, 1, 1);
    int order[10], sizes[10];
    int K = minibatches(order, sizes, &rng, 10, 3);
    char buf[64] = "";
    for (int k = 0; k < K; k++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%d", k ? ", " : "", sizes[k]);
    fact("sizes", "For $N = 10$, $B = 3$ the sizes are %s", buf);

    // The figure's run (plots/03_gradient_descent.c): 400 noisy points, half for training;
    // batch, stochastic and mini-batch descent at lr 0.1 for 30 epochs.
    enum { EPOCHS = 30 };
    rng_seed(&rng, 2024, 4);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (data_gauss(&all, 400, 0.3, &rng) != 0)
        facts_die("data_gauss failed");
    for (int n = 0; n < all.n; n++)
        all.x[2 * n] += 2.0, all.x[2 * n + 1] += 2.0;
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, &train, &test) != 0)
        facts_die("dataset_split failed");
    int every[400];
    for (int n = 0; n < 400; n++)
        every[n] = n;
    const int Bs[3] = { train.n, 1, 10 };
    double last[3], sgd[EPOCHS + 1];
    for (int v = 0; v < 3; v++) {
        Rng shuffle;
        rng_seed(&shuffle, 7, 3);
        double params[3] = { 0, 0, 0 };
        Logistic lg = { &train, every };
        sgd[0] = mean_loss(params, &train, every);
        for (int e = 1; e <= EPOCHS; e++) {
            double h[1];
            sgd_train(params, h, logistic_batch, &lg, &shuffle, train.n, 3, 0.1, 1, Bs[v]);
            if (v == 1)
                sgd[e] = mean_loss(params, &train, every);
        }
        last[v] = mean_loss(params, &train, every);
    }
    // SGD's spike: the epoch whose loss rose the most.
    int spike = 1;
    for (int e = 2; e <= EPOCHS; e++)
        if (sgd[e] - sgd[e - 1] > sgd[spike] - sgd[spike - 1])
            spike = e;
    fact("epochs_caption", "Logistic regression on %d noisy training points (and %d test points), lr %g "
         "for all three, from zero. Per epoch, batch descent takes 1 step, mini-batch (B = 10) %d and SGD %d",
         train.n, test.n, 0.1, train.n / 10, train.n);
    fact("epochs_loss", "is still at %s after %d epochs where the others are near %s and %s", fix(last[0], 2),
         EPOCHS, fix(last[1], 2), fix(last[2], 2));
    fact("epochs_spike", "the spike at epoch %d", spike);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
}

// The grader's training with sgd_train, and the same with one step per epoch (a planted bug).
static void grader_training(void)
{
    Dataset ds = { 0 };
    int all[200];
    blobs(&ds, all, 2024);
    Logistic lg = { &ds, all };
    Rng rng;
    rng_seed(&rng, 1, 3);
    double p[3] = { 0, 0, 0 }, h[5];
    sgd_train(p, h, logistic_batch, &lg, &rng, ds.n, 3, 0.1, 5, 1);
    double acc = accuracy(p, &ds), worst = 1;
    for (int seed = 1; seed <= 1000; seed++) {
        Dataset d = { 0 };
        int a[200];
        blobs(&d, a, (uint64_t)seed);
        Logistic l = { &d, a };
        Rng r;
        rng_seed(&r, (uint64_t)seed, 3);
        double q[3] = { 0, 0, 0 }, hq[5];
        sgd_train(q, hq, logistic_batch, &l, &r, d.n, 3, 0.1, 5, 1);
        double aq = accuracy(q, &d);
        worst = aq < worst ? aq : worst;
        dataset_free(&d);
    }
    // One step per epoch: the first batch of each epoch only.
    rng_seed(&rng, 1, 3);
    double o[3] = { 0, 0, 0 };
    int order[200], sizes[200];
    for (int e = 0; e < 5; e++) {
        double g[3];
        minibatches(order, sizes, &rng, ds.n, 1);
        logistic_batch(g, o, order, sizes[0], &lg);
        gd_step(o, g, 0.1, 3);
    }
    fact("sgd", "$\\alpha = %g$ and %d epochs reaches %s on its data (%s or more for each of the seeds 1 to "
         "1000 of the data and the shuffle), and must reach %s; stepping only once per epoch gets %s", 0.1, 5,
         pct(acc, 0), pct(worst, 1), pct(GRADER_MIN, 0), pct(accuracy(o, &ds), 1));
    fact("one_step_mistake", "one step per epoch trains logistic regression to only %s", pct(accuracy(o, &ds), 1));
    dataset_free(&ds);
}

// The experiment on momentum (make experiment CH=03 E=momentum), as its figure ran.
static void momentum_claim(int holds, const char *what)
{
    if (!holds)
        facts_die("the momentum experiment: %s: does not hold", what);
}

static void momentum(void)
{
    static MomentumResult r;
    const MomentumConfig *cfg = &MOMENTUM_FULL;
    if (momentum_run(&r, cfg) != 0)
        facts_die("the momentum experiment did not run");
    momentum_claims(&r, momentum_claim);
    int last = r.kappas - 1;
    fact("momentum_tol", "until the gradient is $%s$ of its first size", sci(cfg->tol, 1));
    fact("momentum_kappa", "as $\\kappa$ grows from 10 to $%s$", sci(r.kappa[last], 1));
    fact("momentum_steps", "At $\\kappa = %s$ plain descent takes %d steps and heavy ball %d",
         sci(r.kappa[last], 1), r.gd[last], r.hb[last]);
    fact("momentum_slopes", "like $\\kappa^{%.2f}$ and $\\kappa^{%.2f}$", r.gd_slope, r.hb_slope);
}

int main(void)
{
    one_parameter();
    bowl();
    curvature();
    descent_loop();
    epochs();
    grader_training();
    momentum();
    return 0;
}
