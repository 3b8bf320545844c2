/* 02_logistic_regression.c -- writes the data of chapter 2's figures, from the logistic
 * regression it is linked with (yours, or the reference).
 *
 * Usage: plot_02 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   sigmoid.dat    z, sigmoid(z), sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))
 *   blobs.dat      the grader's data: the Playground's gauss set moved by (2, 2)
 *   grid.dat       p = logreg_prob over the plane after 100 steps of gradient descent
 *   logloss.dat    p, the loss of one example with y = 1, with y = 0 (from logreg_loss)
 *   compare.dat    step, then for cross-entropy and for the squared error: accuracy, gradient
 *                  norm, loss -- both trained from the same confidently wrong start
 * plots/02_logistic_regression.gp draws them. The training loop is plain gradient descent
 * (chapter 3 writes it properly): zero the gradient, add it with your logreg_grad, step.
 */
#include <math.h>

#include "logreg.h"
#include "plot.h"

enum { STEPS = 100, COMPARE_STEPS = 150 };

typedef struct {
    double w[2], b;
} Model;

typedef void (*GradFn)(double *dw, double *db, const double *w, double b, const double *X,
                       const int *y, int N, int D);
typedef double (*LossFn)(const double *w, double b, const double *X, const int *y, int N, int D);

static double model_prob(const double x[2], void *ctx)
{
    const Model *m = ctx;
    return logreg_prob(m->w, m->b, x, 2);
}

static double accuracy(const Model *m, const Dataset *ds)
{
    int right = 0;
    for (int n = 0; n < ds->n; n++)
        right += (m->b + m->w[0] * ds->x[2 * n] + m->w[1] * ds->x[2 * n + 1] >= 0.0) == (ds->y[n] == 1);
    return (double)right / ds->n;
}

// One step of gradient descent with grad; returns the norm of the gradient it stepped with.
static double step(Model *m, GradFn grad, const char *fn, const char *source, const Dataset *ds,
                   double lr)
{
    double dw[2] = { 0.0, 0.0 }, db = 0.0;
    grad(dw, &db, m->w, m->b, ds->x, ds->y, ds->n, 2);
    if (isnan(dw[0]) || isnan(db))
        plot_needs(fn, source);
    m->w[0] -= lr * dw[0];
    m->w[1] -= lr * dw[1];
    m->b -= lr * db;
    return sqrt(dw[0] * dw[0] + dw[1] * dw[1] + db * db);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1], *source = argv[2];

    // The sigmoid and its derivative.
    if (isnan(logreg_sigmoid(0.0)))
        plot_needs("logreg_sigmoid", source);
    FILE *f = plot_open(dir, "sigmoid.dat");
    fprintf(f, "# z sigmoid(z) sigmoid'(z)\n");
    for (int k = 0; k <= 320; k++) {
        double z = -8.0 + 0.05 * k, s = logreg_sigmoid(z);
        fprintf(f, "%.4f %.9g %.9g\n", z, s, s * (1.0 - s));
    }
    fclose(f);

    // The grader's data, and the model after 100 steps of lr 0.5 from zero.
    Rng rng;
    rng_seed(&rng, 2024, 2);
    Dataset ds = { 0 };
    if (data_gauss(&ds, 200, 0.05, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data\n");
        return 2;
    }
    for (int n = 0; n < ds.n; n++) {
        ds.x[2 * n] += 2.0;
        ds.x[2 * n + 1] += 2.0;
    }
    plot_points(dir, "blobs.dat", &ds);
    Model m = { { 0.0, 0.0 }, 0.0 };
    for (int s = 0; s < STEPS; s++)
        step(&m, logreg_grad, "logreg_grad", source, &ds, 0.5);
    if (isnan(logreg_prob(m.w, m.b, ds.x, 2)))
        plot_needs("logreg_prob", source);
    plot_grid(dir, "grid.dat", model_prob, &m, 121);
    printf("trained: w = (%g, %g), b = %g, accuracy %.1f %%\n", m.w[0], m.w[1], m.b,
           100 * accuracy(&m, &ds));

    // The log loss of one example against its probability p, through the logit z = log(p/(1-p)).
    const double one[1] = { 1.0 };
    const int y1[1] = { 1 }, y0[1] = { 0 };
    f = plot_open(dir, "logloss.dat");
    fprintf(f, "# p loss(y=1) = -log p, loss(y=0) = -log(1-p)\n");
    for (int k = 1; k < 1000; k++) {
        double p = k / 1000.0, z = log(p / (1.0 - p));
        double l1 = logreg_loss(one, 0.0, &z, y1, 1, 1), l0 = logreg_loss(one, 0.0, &z, y0, 1, 1);
        if (isnan(l1) || isnan(l0))
            plot_needs("logreg_loss", source);
        fprintf(f, "%.4f %.9g %.9g\n", p, l1, l0);
    }
    fclose(f);

    // Cross-entropy against the Playground's squared error, both from the same start that is
    // confidently wrong about every point: z = 12 - 3 x1 - 3 x2 is -12 at (4, 4) and 12 at (0, 0).
    Model ce = { { -3.0, -3.0 }, 12.0 }, se = ce;
    f = plot_open(dir, "compare.dat");
    fprintf(f, "# step  accuracy_ce |grad|_ce loss_ce  accuracy_se |grad|_se loss_se\n");
    for (int s = 0; s <= COMPARE_STEPS; s++) {
        double lce = logreg_loss(ce.w, ce.b, ds.x, ds.y, ds.n, 2);
        double lse = sqerr_loss(se.w, se.b, ds.x, ds.y, ds.n, 2);
        if (isnan(lse))
            plot_needs("sqerr_loss", source);
        double ace = accuracy(&ce, &ds), ase = accuracy(&se, &ds);
        double gce = step(&ce, logreg_grad, "logreg_grad", source, &ds, 0.5);
        double gse = step(&se, sqerr_grad, "sqerr_grad", source, &ds, 0.5);
        fprintf(f, "%d %.6g %.6g %.6g %.6g %.6g %.6g\n", s, ace, gce, lce, ase, gse, lse);
    }
    fclose(f);
    printf("from a confidently wrong start, after %d steps: cross-entropy %.1f %%, squared error"
           " %.1f %%\n", COMPARE_STEPS, 100 * accuracy(&ce, &ds), 100 * accuracy(&se, &ds));
    dataset_free(&ds);
    return 0;
}
