/* 04_xor.c -- writes the data of chapter 4's figures, from the feature map and k-NN it is
 * linked with (yours, or the reference).
 *
 * Usage: plot_04 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   xor.dat, circle.dat           the training points (the grader's seeds: 200 each, noise 0)
 *   grid_linear.dat               p(y = 1) of logistic regression on (x1, x2), over the plane
 *   grid_product.dat              the same on (x1, x2, x1*x2)
 *   grid_circle_linear.dat        circle data, on (x1, x2)
 *   grid_circle_squares.dat       circle data, on (x1^2, x2^2)
 *   xor_features.dat, circle_features.dat   the points in feature space: x1 x1*x2 label and
 *                                 x1^2 x2^2 label
 *   knn_noisy.dat                 200 xor points with noise 0.25 (the grader's fixed set)
 *   grid_knn1.dat, grid_knn15.dat the fraction of the k nearest labelled 1, k = 1 and 15
 *   values.gp                     held-out accuracies and the circle model's weights, for titles
 * plots/04_xor.gp draws them. Logistic regression is trained here as the grader trains it
 * (batch gradient descent from zero, lr 0.03, 1000 epochs), on feature_map's features.
 */
#include <math.h>
#include <stdlib.h>

#include "numgrad.h"
#include "plot.h"
#include "xor.h"

enum { EPOCHS = 1000, GRID = 121, KNN_GRID = 121 };
#define LR 0.03

static const char *source;

typedef struct {
    unsigned mask;
    int F;
    double p[FEAT_KINDS + 1];   // weights, then the bias (lib/numgrad.h's layout)
} Logreg;

// Phi (N, F) from feature_map, or the plots stop and name it.
static double *features(const Dataset *ds, unsigned mask)
{
    int F = feature_count(mask);
    double *Phi = malloc((size_t)ds->n * FEAT_KINDS * sizeof *Phi);
    if (!Phi) {
        fprintf(stderr, "plot: out of memory\n");
        exit(2);
    }
    Phi[0] = NAN;
    if (feature_map(Phi, ds->x, ds->n, mask) != F || isnan(Phi[0]))
        plot_needs("feature_map", source);
    return Phi;
}

static double logreg_output(const Logreg *m, const double *phi)
{
    double z = m->p[m->F];
    for (int j = 0; j < m->F; j++)
        z += m->p[j] * phi[j];
    return 1.0 / (1.0 + exp(-z));   // the definition; |z| stays moderate on these data
}

// Batch gradient descent on the mean cross-entropy, from zero, as the grader does: logistic_fit
// of lib/numgrad.h (centred differences, so that chapter 2's answers are not written out here).
static void logreg_fit(Logreg *m, const Dataset *ds, unsigned mask)
{
    m->mask = mask;
    m->F = feature_count(mask);
    double *Phi = features(ds, mask);
    logistic_fit(m->p, Phi, ds->y, ds->n, m->F, LR, EPOCHS);
    free(Phi);
}

// Percentage of ds the model classifies right (p >= 0.5 is class 1).
static double logreg_accuracy(const Logreg *m, const Dataset *ds)
{
    double *Phi = features(ds, m->mask);
    int right = 0;
    for (int n = 0; n < ds->n; n++)
        right += (logreg_output(m, Phi + (long)n * m->F) >= 0.5) == (ds->y[n] == 1);
    free(Phi);
    return 100.0 * right / ds->n;
}

static double logreg_at(const double x[2], void *ctx)
{
    const Logreg *m = ctx;
    double phi[FEAT_KINDS];
    feature_map(phi, x, 1, m->mask);
    return logreg_output(m, phi);
}

typedef struct {
    const Dataset *ds;
    int k;
} Knn;

// The fraction of x's k nearest neighbours labelled 1 (k-NN's class is this rounded).
static double knn_at(const double x[2], void *ctx)
{
    const Knn *m = ctx;
    int idx[64], ones = 0;
    if (knn_predict(idx, m->ds->x, m->ds->y, m->ds->n, 2, x, m->k) < 0)
        plot_needs("knn_predict", source);
    for (int j = 0; j < m->k; j++)
        ones += m->ds->y[idx[j]];
    return (double)ones / m->k;
}

// The points of ds in a 2-D feature space: columns a and b of feature_map(FEAT_ALL), label.
static void plot_features(const char *dir, const char *name, const Dataset *ds, int a, int b)
{
    double *Phi = features(ds, FEAT_ALL);
    FILE *f = plot_open(dir, name);
    fprintf(f, "# feature %d, feature %d (of x1 x2 x1^2 x2^2 x1x2 sin x1 sin x2), label\n", a, b);
    for (int n = 0; n < ds->n; n++)
        fprintf(f, "%.6f %.6f %d\n", Phi[n * FEAT_KINDS + a], Phi[n * FEAT_KINDS + b], ds->y[n]);
    fclose(f);
    free(Phi);
}

// 200 training and 200 held-out points, drawn as the grader draws them.
static void make_data(Dataset *train, Dataset *test, int (*gen)(Dataset *, int, double, Rng *),
                      uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 4);
    if (gen(train, 200, 0.0, &rng) != 0 || gen(test, 200, 0.0, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data\n");
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    source = argv[2];
    FILE *values = plot_open(dir, "values.gp");

    // XOR: raw features fail, the product succeeds.
    Dataset xtrain = { 0 }, xtest = { 0 };
    make_data(&xtrain, &xtest, data_xor, 4001);
    plot_points(dir, "xor.dat", &xtrain);
    Logreg lin, prod;
    logreg_fit(&lin, &xtrain, FEAT_X1 | FEAT_X2);
    logreg_fit(&prod, &xtrain, FEAT_X1 | FEAT_X2 | FEAT_X1X2);
    plot_grid(dir, "grid_linear.dat", logreg_at, &lin, GRID);
    plot_grid(dir, "grid_product.dat", logreg_at, &prod, GRID);
    fprintf(values, "acc_linear = %.1f\nacc_product = %.1f\n", logreg_accuracy(&lin, &xtest),
            logreg_accuracy(&prod, &xtest));
    fprintf(values, "lin_w1 = %.6f\nlin_w2 = %.6f\nlin_b = %.6f\n", lin.p[0], lin.p[1], lin.p[lin.F]);
    plot_features(dir, "xor_features.dat", &xtrain, 0, 4);

    // Circle: the squares make it linear.
    Dataset ctrain = { 0 }, ctest = { 0 };
    make_data(&ctrain, &ctest, data_circle, 4002);
    plot_points(dir, "circle.dat", &ctrain);
    Logreg clin, csq;
    logreg_fit(&clin, &ctrain, FEAT_X1 | FEAT_X2);
    logreg_fit(&csq, &ctrain, FEAT_X1SQ | FEAT_X2SQ);
    plot_grid(dir, "grid_circle_linear.dat", logreg_at, &clin, GRID);
    plot_grid(dir, "grid_circle_squares.dat", logreg_at, &csq, GRID);
    fprintf(values, "acc_circle_linear = %.1f\nacc_circle_squares = %.1f\n",
            logreg_accuracy(&clin, &ctest), logreg_accuracy(&csq, &ctest));
    fprintf(values, "sq_w1 = %.6f\nsq_w2 = %.6f\nsq_b = %.6f\n", csq.p[0], csq.p[1], csq.p[csq.F]);
    plot_features(dir, "circle_features.dat", &ctrain, 2, 3);

    // k-NN on the grader's noisy xor set, k = 1 and k = 15.
    Rng rng;
    rng_seed(&rng, 404, 1);
    Dataset noisy = { 0 };
    if (data_xor(&noisy, 200, 0.25, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data\n");
        return 2;
    }
    plot_points(dir, "knn_noisy.dat", &noisy);
    int probe[3];
    if (knn_neighbours(probe, noisy.x, noisy.n, 2, noisy.x, 3) != 3 || probe[0] < 0
        || probe[0] >= noisy.n)
        plot_needs("knn_neighbours", source);
    const int ks[2] = { 1, 15 };
    for (int i = 0; i < 2; i++) {
        Knn m = { &noisy, ks[i] };
        char name[32];
        snprintf(name, sizeof name, "grid_knn%d.dat", ks[i]);
        plot_grid(dir, name, knn_at, &m, KNN_GRID);
        // Accuracy on the training points themselves, and on fresh noisy ones.
        Rng r2;
        rng_seed(&r2, 405, 1);
        Dataset fresh = { 0 };
        data_xor(&fresh, 200, 0.25, &r2);
        int on_train = 0, on_fresh = 0, idx[64];
        for (int n = 0; n < 200; n++) {
            on_train += knn_predict(idx, noisy.x, noisy.y, 200, 2, noisy.x + 2 * n, ks[i]) == noisy.y[n];
            on_fresh += knn_predict(idx, noisy.x, noisy.y, 200, 2, fresh.x + 2 * n, ks[i]) == fresh.y[n];
        }
        fprintf(values, "knn%d_train = %.1f\nknn%d_fresh = %.1f\n", ks[i], on_train / 2.0, ks[i],
                on_fresh / 2.0);
        dataset_free(&fresh);
    }
    fclose(values);
    printf("xor: linear %.1f%%, with x1*x2 %.1f%%; circle: linear %.1f%%, squares %.1f%%\n",
           logreg_accuracy(&lin, &xtest), logreg_accuracy(&prod, &xtest),
           logreg_accuracy(&clin, &ctest), logreg_accuracy(&csq, &ctest));
    dataset_free(&xtrain);
    dataset_free(&xtest);
    dataset_free(&ctrain);
    dataset_free(&ctest);
    dataset_free(&noisy);
    return 0;
}
