/* 05_polygons.c -- polygons carved by hand: a square, a union of two, a circle by 3 to 64 lines
 *
 * (make experiment CH=05 E=polygons) Every weight comes from your halfplane_unit and
 * threshold_unit; your mlp_forward draws the regions.
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 05_polygons.h's core and writes into OUTDIR:
 *   square_grid.dat, union_grid.dat, circleN_grid.dat (N = 3, 8, 32)
 *                 the network's probability on the plane (plot.h's grid layout)
 *   square_lines.dat, union_lines.dat, circleN_lines.dat
 *                 each hidden unit of the first layer's line, a segment per block
 *   circleN_gon.dat  the circumscribed N-gon, closed
 *   shapes.dat    the square (index 0), the union's two polygons (1 and 2), closed
 *   curves.dat    n, then the excess area of your network's region over the disc's, and the
 *                 circumscribed n-gon's (the figure's last panel; the reference's, circles)
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <math.h>
#include <stdio.h>

#include "05_polygons.h"
#include "plot.h"

// Stops with "needs X" when an exercise it runs is still its stub (NaN).
static void probe(const char *source)
{
    double w[3], b, p[2] = { 0, 0 }, q[2] = { 1, 0 }, z[2], x[2] = { 0.5, -0.5 };
    halfplane_unit(w, &b, p, q, 2.0);
    if (isnan(w[0]) || isnan(w[1]) || isnan(b))
        experiment_needs("halfplane_unit", source);
    threshold_unit(w, &b, 3, 2, 2.0);
    if (isnan(w[0]) || isnan(b))
        experiment_needs("threshold_unit", source);
    activation_forward(z, x, 2, ACT_SIGMOID);
    if (isnan(z[0]))
        experiment_needs("activation_forward", source);
    linear_forward(z, x, w, &b, 1, 2, 1);
    if (isnan(z[0]))
        experiment_needs("linear_forward", source);
    PolyNet net;
    if (poly_square(&net, 10.0, 1) != 0) {
        fprintf(stderr, "experiment: mlp_init failed\n");
        exit(2);
    }
    const double *logit = mlp_forward(&net.m, x, 1);
    int bad = !logit || isnan(logit[0]);
    mlp_free(&net.m);
    if (bad)
        experiment_needs("mlp_forward", source);
}

static double probability(const double x[2], void *ctx)
{
    PolyNet *net = ctx;
    const double *z = mlp_forward(&net->m, x, 1);
    return 1.0 / (1.0 + exp(-z[0]));
}

// The network's grid and its lines, as NAME_grid.dat and NAME_lines.dat.
static void draw(const char *dir, const char *name, PolyNet *net, int grid)
{
    char file[64];
    snprintf(file, sizeof file, "%s_grid.dat", name);
    plot_grid(dir, file, probability, net, grid);
    snprintf(file, sizeof file, "%s_lines.dat", name);
    FILE *f = plot_open(dir, file);
    fprintf(f, "# the line of each unit of the first hidden layer: x1 x2 unit\n");
    for (int j = 0; j < net->lines; j++)
        plot_line(f, net->line[j], net->line[j][2], j);
    fclose(f);
    mlp_free(&net->m);
}

static void polygon(FILE *f, const double (*c)[2], int n)
{
    for (int i = 0; i <= n; i++)
        fprintf(f, "%g %g\n", c[i % n][0], c[i % n][1]);
    fprintf(f, "\n\n");
}

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const PolyConfig *cfg = quick ? &POLY_QUICK : &POLY_FULL;
    probe(source);
    static PolyResult r;
    if (poly_run(&r, cfg) != 0) {
        fprintf(stderr, "experiment: out of memory, or mlp_forward returned NULL\n");
        return 2;
    }

    // The figure's networks, one point at a time.
    PolyNet net;
    if (poly_square(&net, cfg->k, 1) != 0)
        return 2;
    draw(dir, "square", &net, cfg->grid);
    if (poly_union(&net, cfg->k, 1) != 0)
        return 2;
    draw(dir, "union", &net, cfg->grid);
    const int shown[3] = { 3, 8, 32 };
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "circle%d", shown[i]);
        if (poly_circle(&net, shown[i], cfg->k, 1) != 0)
            return 2;
        draw(dir, name, &net, cfg->grid);
        snprintf(name, sizeof name, "circle%d_gon.dat", shown[i]);
        FILE *g = plot_open(dir, name);
        fprintf(g, "# the circumscribed %d-gon: x1 x2, closed\n", shown[i]);
        double rc = POLY_RADIUS / cos(EXPERIMENT_PI / shown[i]);
        for (int j = 0; j <= shown[i]; j++) {
            double t = 2.0 * EXPERIMENT_PI * (j + 0.5) / shown[i];
            fprintf(g, "%.6f %.6f\n", rc * cos(t), rc * sin(t));
        }
        fclose(g);
    }
    FILE *f = plot_open(dir, "shapes.dat");
    fprintf(f, "# the square (index 0), the union's polygons (1, 2): x1 x2, closed\n");
    polygon(f, POLY_SQUARE, 4);
    polygon(f, POLY_UNION_A, 4);
    polygon(f, POLY_UNION_B, 3);
    fclose(f);
    f = plot_open(dir, "curves.dat");
    fprintf(f, "# lines, then the excess area over the disc (R = %g) of the network with k = %g, with"
               " k = %g, and of the n-gon\n", POLY_RADIUS, r.k[0], r.k[1]);
    for (int i = 0; i < r.ns; i++)
        fprintf(f, "%d %.6g %.6g %.6g\n", r.n_lines[i], r.excess[0][i], r.excess[1][i],
                r.gon_excess[i]);
    fclose(f);

    printf("square (2-4-1) and union of two polygons (2-7-2-1), k = %g: grid points farther than\n"
           "%g from an edge that the network puts on the wrong side:\n", cfg->k, POLY_MARGIN);
    printf("  square %d of %d, union %d of %d\n", r.wrong[0], r.judged[0], r.wrong[1], r.judged[1]);
    printf("a circle of radius %g by n lines (2-n-1): the area of the network's region, %d rays:\n",
           POLY_RADIUS, cfg->rays);
    printf("  %6s %14s %14s %14s\n", "", "excess, k = ", "excess, k = ", "excess of");
    printf("  %6s %14g %14g %14s\n", "lines", r.k[0], r.k[1], "the n-gon");
    for (int i = 0; i < r.ns; i++)
        printf("  %6d %13.3f%% %13.3f%% %13.3f%%\n", r.n_lines[i], 100 * r.excess[0][i],
               100 * r.excess[1][i], 100 * r.gon_excess[i]);
    printf("  the disc's area: %.5f; with k = %g, from 8 lines on, the excess falls like n^%.2f\n"
           "  (the n-gon's: n^%.2f)\n", r.disc_area, r.k[1], r.slope, r.gon_slope);
    poly_claims(&r, experiment_print_claim);
    return 0;
}
