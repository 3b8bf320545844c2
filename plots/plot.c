/* plot.c -- see plot.h. */
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

FILE *plot_open(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "plot: %s: cannot write: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

void plot_points(const char *dir, const char *name, const Dataset *ds)
{
    FILE *f = plot_open(dir, name);
    fprintf(f, "# x1 x2 label\n");
    for (int n = 0; n < ds->n; n++)
        fprintf(f, "%.6f %.6f %d\n", ds->x[2 * n], ds->x[2 * n + 1], ds->y[n]);
    fclose(f);
}

void plot_grid(const char *dir, const char *name, PlotModel model, void *ctx, int G)
{
    FILE *f = plot_open(dir, name);
    double step = (PLANE_HI - PLANE_LO) / (G - 1);
    fprintf(f, "# x1 x2 output; x1 fastest, a blank line after each row\n");
    for (int r = 0; r < G; r++) {
        for (int c = 0; c < G; c++) {
            double x[2] = { PLANE_LO + c * step, PLANE_LO + r * step };
            fprintf(f, "%.4f %.4f %.6g\n", x[0], x[1], model(x, ctx));
        }
        fputc('\n', f);
    }
    fclose(f);
}

void plot_line(FILE *f, const double w[2], double b, double tag)
{
    // Points of the line where it crosses the four sides of the square, kept when inside.
    double pts[4][2];
    int k = 0;
    const double lo = PLANE_LO, hi = PLANE_HI;
    if (w[1] != 0.0) {
        for (int side = 0; side < 2; side++) {   // x1 = lo, x1 = hi
            double x1 = side ? hi : lo, x2 = -(w[0] * x1 + b) / w[1];
            if (x2 >= lo && x2 <= hi) { pts[k][0] = x1; pts[k][1] = x2; k++; }
        }
    }
    if (w[0] != 0.0) {
        for (int side = 0; side < 2; side++) {   // x2 = lo, x2 = hi
            double x2 = side ? hi : lo, x1 = -(w[1] * x2 + b) / w[0];
            if (x1 >= lo && x1 <= hi && k < 4) { pts[k][0] = x1; pts[k][1] = x2; k++; }
        }
    }
    if (k < 2 || !isfinite(pts[0][0]) || !isfinite(pts[1][0]))
        return;
    fprintf(f, "%.6f %.6f %g\n%.6f %.6f %g\n\n", pts[0][0], pts[0][1], tag, pts[k - 1][0],
            pts[k - 1][1], tag);
}

void plot_needs(const char *fn, const char *source)
{
    fprintf(stderr, "plots need %s, which is not implemented yet: write it in %s\n", fn, source);
    exit(3);
}
