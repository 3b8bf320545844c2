/* 07_digits.c -- writes the data of chapter 7's figures, from the chapter file it is linked with
 * (yours, or the reference) and chapters 5 and 6 beside it.
 *
 * Usage: plot_07 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Reads data/digits.csv (lib/digits.h says where it looks). Writes into OUTDIR:
 *   samples.dat, samples_labels.dat   the first 4 images of each digit in the file, as tiles
 *   curves.dat     epoch, train loss, test loss, train accuracy, test accuracy: the training
 *                  test's run (64-32-10 tanh, lr 0.2, batches of 10, seed 7001), continued to
 *                  100 epochs; epoch 0 is before training
 *   small.dat      the same for a run that trains on 134 of the 1346 training digits, 300
 *                  epochs
 *   scaling.dat    epoch, test accuracy with pixels / 16, and with the raw counts 0 .. 16
 *   confusion.dat  true digit, predicted digit, count: the test images after 30 epochs (the
 *                  test's budget)
 *   wrong.dat, wrong_labels.dat       the 10 test images the network of epoch 30 gets wrong
 *                  with the highest probability, as tiles
 *   hidden.dat     the 32 hidden units' weights (weight[0] row by row) as 8x8 tiles, each
 *                  divided by its largest |weight|
 * Tiles: `x y value` lines on a regular grid for gnuplot's `with image`, NaN between tiles.
 * plots/07_digits.gp draws them. Everything uses your functions: mlp_init, mlp_forward (chapter
 * 5), mlp_backward, mlp_update (chapter 6) and every exercise of this chapter.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "plot.h"
#include "softmax.h"

enum { K = DIGITS_CLASSES, D = DIGITS_PIXELS, SIDE = DIGITS_SIDE, EPOCHS = 100, BUDGET = 30 };
static const int SIZES[3] = { 64, 32, 10 };

// The reference's test accuracy after the test's budget of 30 epochs, for the note below.
#define REFERENCE_ACCURACY 0.980

static const char *source, *chapter5, *chapter6;

// ---------------------------------------------------------------- is the code ready?

// Each function the figures need, on a tiny input: the first that is not implemented stops the
// driver with its name (before the data are read, which the student release may not hold).
static void check_ready(void)
{
    Mlp m;
    Rng rng;
    rng_seed(&rng, 1, 1);
    const int sizes[3] = { 2, 3, 3 };
    if (mlp_init(&m, sizes, 2, ACT_TANH, 2, &rng) != 0) {
        fprintf(stderr, "plot: mlp_init failed (its allocation is given code)\n");
        exit(2);
    }
    for (int k = 0; k < m.num_params; k++)
        if (isnan(m.params[k]))
            plot_needs("mlp_init", chapter5);
    const double X[4] = { 0.5, -1.0, 1.0, 0.25 };
    const int y[2] = { 2, 0 };
    const double *logits = mlp_forward(&m, X, 2);
    if (!logits || isnan(logits[0]))
        plot_needs("mlp_forward", chapter5);
    double probs[6], dlogits[6] = { 0 };
    softmax_forward(probs, logits, 2, 3);
    if (isnan(probs[0]))
        plot_needs("softmax_forward", source);
    if (isnan(softmax_ce_loss(logits, y, 2, 3)))
        plot_needs("softmax_ce_loss", source);
    softmax_ce_backward(dlogits, logits, y, 2, 3);
    if (isnan(dlogits[0]))
        plot_needs("softmax_ce_backward", source);
    mlp_zero_grad(&m);
    mlp_backward(&m, dlogits);
    if (isnan(m.grads[0]))
        plot_needs("mlp_backward", chapter6);
    mlp_update(&m, 0.1);
    if (isnan(m.params[0]))
        plot_needs("mlp_update", chapter6);
    if (isnan(softmax_train_step(&m, X, y, 2, 0.1)))
        plot_needs("softmax_train_step", source);
    if (isnan(softmax_train_epoch(&m, X, y, 2, 1, 0.1, &rng)))
        plot_needs("softmax_train_epoch", source);
    int pred[2] = { -1, -1 }, counts[9];
    softmax_predict(pred, &m, X, 2);
    if (pred[0] == -1)
        plot_needs("softmax_predict", source);
    if (isnan(confusion_matrix(counts, pred, y, 2, 3)))
        plot_needs("confusion_matrix", source);
    mlp_free(&m);
}

// ---------------------------------------------------------------- tiles

// Writes count 8x8 images (count, 64) as tiles, `cols` to a row, `gap` empty pixels between
// rows of tiles and 1 between columns, image row 0 at the top: `x y value` lines with NaN
// between tiles, a blank line after each line of pixels.
static void write_tiles(const char *dir, const char *name, const double *images, int count,
                        int cols, int gap)
{
    FILE *f = plot_open(dir, name);
    int rows = (count + cols - 1) / cols, width = cols * (SIDE + 1) - 1;
    int height = rows * (SIDE + gap) - gap;
    fprintf(f, "# x y value: %d tiles of 8x8, %d to a row\n", count, cols);
    for (int Y = 0; Y < height; Y++) {
        for (int X = 0; X < width; X++) {
            int tr = Y / (SIDE + gap), r = Y % (SIDE + gap), tc = X / (SIDE + 1), c = X % (SIDE + 1);
            int t = tr * cols + tc;
            if (r < SIDE && c < SIDE && t < count)
                fprintf(f, "%d %d %.6g\n", X, -Y, images[t * D + r * SIDE + c]);
            else
                fprintf(f, "%d %d NaN\n", X, -Y);
        }
        fputc('\n', f);
    }
    fclose(f);
}

// The position under tile t (for its label), in the coordinates of write_tiles.
static void tile_label_at(int t, int cols, int gap, double *x, double *y)
{
    *x = (t % cols) * (SIDE + 1) + 3.5;
    *y = -((t / cols) * (SIDE + gap) + SIDE + 0.6 * gap - 0.5);
}

// ---------------------------------------------------------------- measuring

// The mean loss and the accuracy of m on a whole set (m->max_batch holds it), with your
// mlp_forward, softmax_ce_loss, softmax_predict and confusion_matrix.
static void measure(Mlp *m, const Digits *set, double *loss, double *accuracy, int *pred)
{
    const double *logits = mlp_forward(m, set->x, set->n);
    *loss = softmax_ce_loss(logits, set->y, set->n, K);
    int counts[K * K];
    softmax_predict(pred, m, set->x, set->n);
    *accuracy = confusion_matrix(counts, pred, set->y, set->n, K);
}

// A 64-32-10 tanh network for batches of up to max_batch, drawn by your mlp_init from rng.
static void network(Mlp *m, int max_batch, Rng *rng)
{
    if (mlp_init(m, SIZES, 2, ACT_TANH, max_batch, rng) != 0) {
        fprintf(stderr, "plot: mlp_init failed for 64-32-10 (its allocation is given code)\n");
        exit(2);
    }
}

// Trains m on train for `epochs` epochs (lr 0.2, batches of 10, orders from rng), writing the
// curves into name after every epoch. When snapshot is not NULL, it gets the parameters after
// BUDGET epochs.
static void train_and_record(const char *dir, const char *name, Mlp *m, const Digits *train,
                             const Digits *test, int epochs, Rng *rng, double *snapshot)
{
    int *pred = malloc(sizeof(int) * (size_t)(train->n > test->n ? train->n : test->n));
    FILE *f = plot_open(dir, name);
    fprintf(f, "# epoch train_loss test_loss train_accuracy test_accuracy (%d training digits)\n",
            train->n);
    for (int e = 0; e <= epochs; e++) {
        if (e > 0 && isnan(softmax_train_epoch(m, train->x, train->y, train->n, 10, 0.2, rng)))
            plot_needs("softmax_train_epoch", source);
        double l_train, l_test, a_train, a_test;
        measure(m, train, &l_train, &a_train, pred);
        measure(m, test, &l_test, &a_test, pred);
        fprintf(f, "%d %.6g %.6g %.6f %.6f\n", e, l_train, l_test, a_train, a_test);
        if (snapshot && e == BUDGET)
            memcpy(snapshot, m->params, sizeof(double) * (size_t)m->num_params);
    }
    fclose(f);
    free(pred);
}

// ---------------------------------------------------------------- the figures

static void samples(const char *dir, const Digits *all)
{
    enum { PER = 4, GAP = 3 };
    double tiles[K * PER * D];
    FILE *f = plot_open(dir, "samples_labels.dat");
    fprintf(f, "# x y label: under each tile, its digit and its line in data/digits.csv\n");
    // Column c holds the first PER images of digit c; row j the j-th of each.
    for (int c = 0; c < K; c++) {
        int found = 0;
        for (int n = 0; n < all->n && found < PER; n++) {
            if (all->y[n] != c)
                continue;
            int t = found * K + c;
            memcpy(tiles + t * D, all->x + n * D, sizeof(double) * D);
            double x, y;
            tile_label_at(t, K, GAP, &x, &y);
            fprintf(f, "%.1f %.1f \"%d (line %d)\"\n", x, y, c, all->id[n] + 1);
            found++;
        }
    }
    fclose(f);
    write_tiles(dir, "samples.dat", tiles, K * PER, K, GAP);
}

// The 10 test images the network gets wrong with the highest probability for its answer.
static void confidently_wrong(const char *dir, Mlp *m, const Digits *test)
{
    enum { SHOW = 10, COLS = 5, GAP = 4 };
    double *probs = malloc(sizeof(double) * (size_t)test->n * K);
    int *pred = malloc(sizeof(int) * (size_t)test->n), chosen[SHOW];
    softmax_predict(pred, m, test->x, test->n);
    softmax_forward(probs, mlp_forward(m, test->x, test->n), test->n, K);
    int shown = 0;
    for (; shown < SHOW; shown++) {   // selection: the most probable wrong answer not yet shown
        int best = -1;
        for (int n = 0; n < test->n; n++) {
            if (pred[n] == test->y[n])
                continue;
            int taken = 0;
            for (int j = 0; j < shown; j++)
                taken |= chosen[j] == n;
            if (!taken && (best < 0 || probs[n * K + pred[n]] > probs[best * K + pred[best]]))
                best = n;
        }
        if (best < 0)
            break;
        chosen[shown] = best;
    }
    double tiles[SHOW * D];
    FILE *f = plot_open(dir, "wrong_labels.dat");
    fprintf(f, "# x y label: the true digit, what the network said, and its probability\n");
    for (int j = 0; j < shown; j++) {
        int n = chosen[j];
        for (int i = 0; i < D; i++)   // back to counts 0 .. 16, as in the samples
            tiles[j * D + i] = test->x[n * D + i] * DIGITS_MAX_COUNT;
        double x, y;
        tile_label_at(j, COLS, GAP, &x, &y);
        fprintf(f, "%.1f %.1f \"%d, said %d (%.2f)\\nline %d\"\n", x, y, test->y[n], pred[n],
                probs[n * K + pred[n]], test->id[n] + 1);
    }
    fclose(f);
    write_tiles(dir, "wrong.dat", tiles, shown, COLS, GAP);
    free(probs);
    free(pred);
}

// The first layer's weights, one 8x8 tile per hidden unit, each scaled to [-1, 1].
static void hidden_units(const char *dir, const Mlp *m)
{
    int H = m->sizes[1];
    double *tiles = malloc(sizeof(double) * (size_t)H * D);
    for (int h = 0; h < H; h++) {
        double top = 0.0;
        for (int i = 0; i < D; i++)
            top = fmax(top, fabs(m->weight[0][h * D + i]));
        for (int i = 0; i < D; i++)
            tiles[h * D + i] = top > 0.0 ? m->weight[0][h * D + i] / top : 0.0;
    }
    write_tiles(dir, "hidden.dat", tiles, H, 8, 1);
    free(tiles);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    source = argv[2];
    // Chapters 5 and 6 sit beside this file: messages about their functions name them.
    static char path5[1024], path6[1024];
    const char *slash = strrchr(source, '/');
    int len = slash ? (int)(slash - source + 1) : 0;
    snprintf(path5, sizeof path5, "%.*s05_mlp.c", len, source);
    snprintf(path6, sizeof path6, "%.*s06_backprop.c", len, source);
    chapter5 = path5, chapter6 = path6;
    check_ready();

    char file[1024], err[1024];
    Digits all, train, test;
    if (digits_find(file, sizeof file, err, sizeof err) != 0 ||
        digits_load(&all, file, err, sizeof err) != 0) {
        fprintf(stderr, "plot: %s\n", err);
        return 2;
    }
    samples(dir, &all);

    // The training test's run: split, scale, network, epochs, all from seed (7001, 7).
    Rng rng;
    rng_seed(&rng, 7001, 7);
    if (digits_split(&train, &test, &all, 0.25, &rng) != 0) {
        fprintf(stderr, "plot: cannot split the digits\n");
        return 2;
    }
    digits_scale(&train, 1.0 / DIGITS_MAX_COUNT);
    digits_scale(&test, 1.0 / DIGITS_MAX_COUNT);
    Mlp m;
    network(&m, train.n, &rng);
    double *at_budget = malloc(sizeof(double) * (size_t)m.num_params);
    train_and_record(dir, "curves.dat", &m, &train, &test, EPOCHS, &rng, at_budget);

    // The network after the test's budget: its mistakes and its hidden units.
    memcpy(m.params, at_budget, sizeof(double) * (size_t)m.num_params);
    int *pred = malloc(sizeof(int) * (size_t)test.n), counts[K * K];
    softmax_predict(pred, &m, test.x, test.n);
    double accuracy = confusion_matrix(counts, pred, test.y, test.n, K);
    FILE *f = plot_open(dir, "confusion.dat");
    fprintf(f, "# true predicted count: %d test digits after %d epochs, accuracy %.4f\n", test.n,
            BUDGET, accuracy);
    for (int t = 0; t < K; t++) {
        for (int p = 0; p < K; p++)
            fprintf(f, "%d %d %d\n", t, p, counts[t * K + p]);
        fputc('\n', f);
    }
    fclose(f);
    if (fabs(accuracy - REFERENCE_ACCURACY) > 0.005)
        printf("note: after %d epochs your network reads %.1f %% of the test digits; the"
               " reference's reads %.1f %% (make grade CH=07 says where the training differs)\n",
               BUDGET, 100 * accuracy, 100 * REFERENCE_ACCURACY);
    confidently_wrong(dir, &m, &test);
    hidden_units(dir, &m);
    mlp_free(&m);
    free(pred);
    free(at_budget);

    // Overfitting: the same network on a tenth of the training digits (the first 134).
    Digits small = train;
    small.n = train.n / 10;
    Rng rng_small;
    rng_seed(&rng_small, 7002, 7);
    network(&m, train.n, &rng_small);
    train_and_record(dir, "small.dat", &m, &small, &test, 300, &rng_small, NULL);
    mlp_free(&m);

    // Scaling: the test's budget with pixels / 16, and with the raw counts.
    FILE *fs = plot_open(dir, "scaling.dat");
    fprintf(fs, "# epoch test_accuracy_scaled test_accuracy_raw (64-32-10 tanh, lr 0.2)\n");
    double acc[2][BUDGET + 1];
    for (int raw = 0; raw < 2; raw++) {
        Rng r;
        rng_seed(&r, 7001, 7);
        Digits tr, te;
        digits_split(&tr, &te, &all, 0.25, &r);
        if (!raw) {
            digits_scale(&tr, 1.0 / DIGITS_MAX_COUNT);
            digits_scale(&te, 1.0 / DIGITS_MAX_COUNT);
        }
        network(&m, te.n > tr.n ? te.n : tr.n, &r);
        int *p = malloc(sizeof(int) * (size_t)te.n);
        for (int e = 0; e <= BUDGET; e++) {
            if (e > 0)
                softmax_train_epoch(&m, tr.x, tr.y, tr.n, 10, 0.2, &r);
            softmax_predict(p, &m, te.x, te.n);
            acc[raw][e] = confusion_matrix(counts, p, te.y, te.n, K);
        }
        free(p);
        mlp_free(&m);
        digits_free(&tr), digits_free(&te);
    }
    for (int e = 0; e <= BUDGET; e++)
        fprintf(fs, "%d %.6f %.6f\n", e, acc[0][e], acc[1][e]);
    fclose(fs);

    digits_free(&all), digits_free(&train), digits_free(&test);
    return 0;
}
