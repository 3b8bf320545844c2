/* 01_perceptron.c -- writes the data of chapter 1's figures, from the perceptron it is linked
 * with (yours, or the reference).
 *
 * Usage: plot_01 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   pass.dat       the "Will I pass?" data (200 points, the grader's seed)
 *   grid.dat       the trained perceptron's class over the plane
 *   updates.dat    the boundary after each update, one segment per update, tagged 1, 2, ...
 *   final.dat      the boundary at the end
 *   mistakes_pass.dat, mistakes_xor.dat   epoch, mistakes in that epoch
 *   xor.dat        the four XOR points
 * plots/01_perceptron.gp draws them. The boundary is followed update by update with
 * perceptron_update, in perceptron_train's order; perceptron_train itself must agree.
 */
#include <math.h>
#include <stdlib.h>

#include "perceptron.h"
#include "plot.h"

enum { MAX_EPOCHS = 50, XOR_EPOCHS = 12 };

typedef struct {
    double w[2], b;
} Line;

static double classify(const double x[2], void *ctx)
{
    const Line *m = ctx;
    return perceptron_predict(m->w, m->b, x, 2);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1], *source = argv[2];

    Rng rng;
    rng_seed(&rng, 2024, 1);
    Dataset pass = { 0 };
    if (data_pass(&pass, 200, 0.3, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the pass data\n");
        return 2;
    }
    plot_points(dir, "pass.dat", &pass);

    // Train with perceptron_update, visiting the examples in order as perceptron_train does,
    // drawing the boundary after every update, until a clean epoch.
    Line m = { { 0.0, 0.0 }, 0.0 };
    FILE *lines = plot_open(dir, "updates.dat");
    FILE *mistakes = plot_open(dir, "mistakes_pass.dat");
    fprintf(lines, "# x1 x2 update: the boundary after each update\n");
    int updates = 0;
    fprintf(mistakes, "# epoch mistakes\n");
    for (int e = 1; e <= MAX_EPOCHS; e++) {
        int count = 0;
        for (int n = 0; n < pass.n; n++) {
            int r = perceptron_update(m.w, &m.b, pass.x + 2 * n, pass.y[n], 1.0, 2);
            if (r != 0 && r != 1)
                plot_needs("perceptron_update", source);
            if (r == 1)
                plot_line(lines, m.w, m.b, ++updates);
            count += r;
        }
        fprintf(mistakes, "%d %d\n", e, count);
        if (count == 0)
            break;
    }
    fclose(lines);
    fclose(mistakes);
    lines = plot_open(dir, "final.dat");
    plot_line(lines, m.w, m.b, updates);
    fclose(lines);

    // The same run through perceptron_train must end in the same place.
    Line t = { { 0.0, 0.0 }, 0.0 };
    int *history = calloc(MAX_EPOCHS, sizeof *history);
    if (!history || perceptron_train(t.w, &t.b, history, pass.x, pass.y, pass.n, 2, 1.0,
                                     MAX_EPOCHS) < 1 || isnan(t.w[0]))
        plot_needs("perceptron_train", source);
    if (t.w[0] != m.w[0] || t.w[1] != m.w[1] || t.b != m.b)
        fprintf(stderr, "note: perceptron_train ends at w = (%g, %g), b = %g, but updating in order"
                " ends at w = (%g, %g), b = %g (make grade CH=01 says why)\n",
                t.w[0], t.w[1], t.b, m.w[0], m.w[1], m.b);
    free(history);

    // XOR, the four points of the notes ((0, 0) and (1, 1) class 0), from zero weights with
    // rate 1: no epoch is ever clean, and the mistakes run as the notes say.
    const double xor_x[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    const int xor_y[4] = { 0, 1, 1, 0 };
    Line mx = { { 0.0, 0.0 }, 0.0 };
    mistakes = plot_open(dir, "mistakes_xor.dat");
    fprintf(mistakes, "# epoch mistakes\n");
    for (int e = 1; e <= XOR_EPOCHS; e++) {
        int count = -1;
        perceptron_train(mx.w, &mx.b, &count, xor_x, xor_y, 4, 2, 1.0, 1);
        fprintf(mistakes, "%d %d\n", e, count);
    }
    fclose(mistakes);

    if (perceptron_predict(m.w, m.b, pass.x, 2) == -1)
        plot_needs("perceptron_predict", source);
    plot_grid(dir, "grid.dat", classify, &m, 200);

    FILE *xf = plot_open(dir, "xor.dat");
    for (int n = 0; n < 4; n++)
        fprintf(xf, "%g %g %d\n", xor_x[2 * n], xor_x[2 * n + 1], xor_y[n]);
    fclose(xf);
    printf("trained: w = (%g, %g), b = %g\n", m.w[0], m.w[1], m.b);
    dataset_free(&pass);
    return 0;
}
