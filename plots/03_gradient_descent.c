/* 03_gradient_descent.c -- writes the data of chapter 3's figures, from the gradient descent it
 * is linked with (yours, or the reference).
 *
 * Usage: plot_03 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   parabola.dat        w, f(w) = 2 (w - 1)^2: one parameter, curvature L = 4, so 2/L = 0.5
 *   path_small.dat, path_good.dat, path_big.dat
 *                       w, f(w) at each point gd_run visits with lr 0.05, 0.2 and 0.55
 *   bowl.dat            x1, x2, f on a grid: the tilted bowl f = 0.5 p^T A p, A = [[3, 1], [1, 2]]
 *   bowl_slow.dat, bowl_zigzag.dat   gd_run's path on it with lr 0.1 and lr 0.5 (2/L = 0.553)
 *   epochs.dat          epoch, then train and test loss for batch (B = N), stochastic (B = 1)
 *                       and mini-batch (B = 10) descent on logistic regression
 * plots/03_gradient_descent.gp draws them. The logistic regression of chapter 2 is written out
 * here as a callback, so that this chapter's plots do not need chapter 2's file.
 */
#include <math.h>
#include <stdlib.h>

#include "descent.h"
#include "numgrad.h"
#include "plot.h"

enum { EPOCHS = 30, MAX_PATH = 64 };

// ---------------------------------------------------------------- losses, and a path recorder

// The callbacks below record every point gd_run evaluates them at: that is its path.
typedef struct {
    int n;
    double p[MAX_PATH][2], f[MAX_PATH];
} Path;

static void record(Path *path, const double *p, int P, double f)
{
    if (path->n < MAX_PATH) {
        path->p[path->n][0] = p[0];
        path->p[path->n][1] = P > 1 ? p[1] : 0.0;
        path->f[path->n] = f;
        path->n++;
    }
}

// f(w) = 2 (w - 1)^2
static double parabola(double *grad, const double *p, void *ctx)
{
    double e = p[0] - 1.0, f = 2.0 * e * e;
    grad[0] = 4.0 * e;
    record(ctx, p, 1, f);
    return f;
}

// f(p) = 0.5 p^T A p with A = [[3, 1], [1, 2]]: eigenvalues (5 +- sqrt 5) / 2 = 3.62 and 1.38.
static double bowl_f(const double *p)
{
    return 0.5 * (3.0 * p[0] * p[0] + 2.0 * p[0] * p[1] + 2.0 * p[1] * p[1]);
}

static double bowl(double *grad, const double *p, void *ctx)
{
    grad[0] = 3.0 * p[0] + p[1];
    grad[1] = p[0] + 2.0 * p[1];
    double f = bowl_f(p);
    record(ctx, p, 2, f);
    return f;
}

// Chapter 2's logistic regression, params = (w[0], w[1], b): the mean cross-entropy over the
// examples idx[0 .. B-1] and its gradient, from lib/numgrad.h (the definition and centred
// differences: chapter 2's answers are not written out here, since students read this file).
static double logistic(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    const Dataset *ds = ctx;
    return logistic_loss_grad(grad, params, ds->x, ds->y, idx, B, 2);
}

static double mean_loss(const double *params, const Dataset *ds, int *all)
{
    double grad[3];
    return logistic(grad, params, all, ds->n, (void *)ds);
}

// ---------------------------------------------------------------- the figures' data

static void write_path(const char *dir, const char *name, const Path *path)
{
    FILE *f = plot_open(dir, name);
    fprintf(f, "# p1 p2 f: the points gd_run visited, in order\n");
    for (int k = 0; k < path->n; k++)
        fprintf(f, "%.9g %.9g %.9g\n", path->p[k][0], path->p[k][1], path->f[k]);
    fclose(f);
}

static void run_1d(const char *dir, const char *name, double lr, int steps, const char *source)
{
    Path path = { 0 };
    double w[1] = { -1.0 }, grad[1], history[MAX_PATH];
    int taken = 0;
    if (gd_run(w, grad, history, &taken, parabola, &path, 1, lr, steps, 1e-3) == -1)
        plot_needs("gd_run", source);
    write_path(dir, name, &path);
    printf("lr %-4g: %d steps, w = %.6g\n", lr, taken, w[0]);
}

static void run_2d(const char *dir, const char *name, double lr, const char *source)
{
    Path path = { 0 };
    double p[2] = { -2.5, 2.0 }, grad[2], history[MAX_PATH];
    int taken = 0;
    if (gd_run(p, grad, history, &taken, bowl, &path, 2, lr, 40, 1e-2) == -1)
        plot_needs("gd_run", source);
    write_path(dir, name, &path);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1], *source = argv[2];
    double probe[1] = { 1.0 };
    const double g1[1] = { 1.0 };
    gd_step(probe, g1, 0.5, 1);
    if (isnan(probe[0]))
        plot_needs("gd_step", source);
    Rng check;
    rng_seed(&check, 1, 1);
    int order[4], sizes[4];
    if (minibatches(order, sizes, &check, 4, 2) == -1)
        plot_needs("minibatches", source);

    // One parameter: the parabola and three runs.
    FILE *f = plot_open(dir, "parabola.dat");
    fprintf(f, "# w f(w) = 2 (w - 1)^2\n");
    for (int k = 0; k <= 400; k++) {
        double w = -7.0 + 0.04 * k;
        fprintf(f, "%.4f %.9g\n", w, 2.0 * (w - 1.0) * (w - 1.0));
    }
    fclose(f);
    run_1d(dir, "path_small.dat", 0.05, 12, source);
    run_1d(dir, "path_good.dat", 0.2, 12, source);
    run_1d(dir, "path_big.dat", 0.55, 6, source);

    // Two parameters: the tilted bowl and two runs.
    f = plot_open(dir, "bowl.dat");
    fprintf(f, "# x1 x2 f; x1 fastest, a blank line after each row\n");
    for (int r = 0; r <= 60; r++) {
        for (int c = 0; c <= 60; c++) {
            double p[2] = { -3.0 + 0.1 * c, -3.0 + 0.1 * r };
            fprintf(f, "%.4f %.4f %.9g\n", p[0], p[1], bowl_f(p));
        }
        fputc('\n', f);
    }
    fclose(f);
    run_2d(dir, "bowl_slow.dat", 0.1, source);
    run_2d(dir, "bowl_zigzag.dat", 0.5, source);

    // Logistic regression on chapter 2's kind of data, noisier (so train and test differ):
    // 400 points, shuffled, half for training. Batch, stochastic and mini-batch descent with
    // the same learning rate, one epoch at a time so that the test loss can be measured.
    Rng rng;
    rng_seed(&rng, 2024, 4);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (data_gauss(&all, 400, 0.3, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data\n");
        return 2;
    }
    for (int n = 0; n < all.n; n++) {
        all.x[2 * n] += 2.0;
        all.x[2 * n + 1] += 2.0;
    }
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, &train, &test) != 0) {
        fprintf(stderr, "plot: cannot split the data\n");
        return 2;
    }
    int *every = malloc(sizeof(int) * (size_t)all.n);
    for (int n = 0; n < all.n; n++)
        every[n] = n;
    const int Bs[3] = { train.n, 1, 10 };
    double loss[3][EPOCHS + 1][2];
    for (int v = 0; v < 3; v++) {
        Rng shuffle;
        rng_seed(&shuffle, 7, 3);
        double params[3] = { 0.0, 0.0, 0.0 };
        loss[v][0][0] = mean_loss(params, &train, every);
        loss[v][0][1] = mean_loss(params, &test, every);
        for (int e = 1; e <= EPOCHS; e++) {
            double h[1];
            int run = sgd_train(params, h, logistic, &train, &shuffle, train.n, 3, 0.1, 1, Bs[v]);
            if (run == -1)
                plot_needs("sgd_train", source);
            if (run != 1 || isnan(params[0]))
                fprintf(stderr, "note: sgd_train with B = %d returned %d after one epoch (params %g)\n",
                        Bs[v], run, params[0]);
            loss[v][e][0] = mean_loss(params, &train, every);
            loss[v][e][1] = mean_loss(params, &test, every);
        }
        printf("B = %3d: after %d epochs, train loss %.4f, test loss %.4f\n", Bs[v], EPOCHS,
               loss[v][EPOCHS][0], loss[v][EPOCHS][1]);
    }
    f = plot_open(dir, "epochs.dat");
    fprintf(f, "# epoch  train,test: batch (B = N)  stochastic (B = 1)  mini-batch (B = 10)\n");
    for (int e = 0; e <= EPOCHS; e++)
        fprintf(f, "%d %.6g %.6g %.6g %.6g %.6g %.6g\n", e, loss[0][e][0], loss[0][e][1],
                loss[1][e][0], loss[1][e][1], loss[2][e][0], loss[2][e][1]);
    fclose(f);
    free(every);
    dataset_free(&train);
    dataset_free(&test);
    dataset_free(&all);
    return 0;
}
