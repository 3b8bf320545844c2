/* 05_polygons.h -- the core of chapter 5's experiment on weights set by hand (see
 * experiment.h): networks of large-weight sigmoid units whose every weight comes from
 * halfplane_unit and threshold_unit, evaluated by mlp_forward.
 *
 *   square   2-4-1: four half-planes, and an output that is on when all four are (AND)
 *   union    2-7-2-1: the four lines of a square and the three of a triangle; a second hidden
 *            layer with one unit per polygon (the AND of its own lines, 0 weight on the
 *            other's), and an output that is on when either is (OR)
 *   circle   2-n-1 for n lines tangent to a circle of radius POLY_RADIUS: one hidden layer,
 *            the AND of n half-planes, which is the circumscribed regular n-gon
 * A point is inside a network's region when its logit is above 0 (probability above 1/2).
 * The region of each circle network is measured along 'rays' rays from the centre (bisection
 * on the logit, every ray a row of one batch), its area 1/2 sum r^2 dphi compared with the
 * disc's and with the n-gon's, whose area is n R^2 tan(pi / n).
 * Not here on purpose: training (chapter 6 learns such weights), other activations.
 */
#ifndef WORKBOOK_EXPERIMENT_05_POLYGONS_H
#define WORKBOOK_EXPERIMENT_05_POLYGONS_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "mlp.h"

#define POLY_MAX_NS 8
#define POLY_MAX_LINES 64
#define POLY_RADIUS 2.5     // the circle's radius; its triangle's corners are at 2R = 5
#define POLY_MARGIN 0.1     // grid points closer than this to an edge are not judged

typedef struct {
    double k;           // every unit's steepness: z is k times a distance, or k per input on
    double k_steep;     // a second, steeper k for the circle networks' areas
    int grid;           // the plane [-6, 6]^2 sampled at grid x grid points
    int rays;           // rays that measure each circle network's area
    int ns;             // how many circle networks, n = n_lines[0 .. ns-1]
    int n_lines[POLY_MAX_NS];
} PolyConfig;

static const PolyConfig POLY_FULL = { 50.0, 1000.0, 241, 2000, 7, { 3, 4, 6, 8, 16, 32, 64 } };
static const PolyConfig POLY_QUICK = { 50.0, 1000.0, 121, 500, 4, { 3, 8, 16, 32 } };

// The polygons, counter-clockwise (their inside on the left of each edge).
static const double POLY_SQUARE[4][2] = { { -3, -3 }, { 3, -3 }, { 3, 3 }, { -3, 3 } };
static const double POLY_UNION_A[4][2] = { { -5, -1 }, { -1, -1 }, { -1, 3 }, { -5, 3 } };
static const double POLY_UNION_B[3][2] = { { 0.5, -4.5 }, { 5, -4.5 }, { 3.5, 4 } };

typedef struct {
    int ns;
    int n_lines[POLY_MAX_NS];
    double disc_area;                 // pi R^2
    double k[2];                      // the steepness of network 0 (the figure's) and 1
    double area[2][POLY_MAX_NS];      // the region of the network with n_lines[i] lines
    double excess[2][POLY_MAX_NS];    // area / disc_area - 1
    double gon_excess[POLY_MAX_NS];   // the n-gon's: n tan(pi / n) / pi - 1
    double slope;                     // the steep excess falls like n^slope (least squares, n >= 8)
    double gon_slope;                 // the same for the n-gon
    int judged[2], wrong[2];          // square, union: grid points judged, and misjudged
} PolyResult;

// The networks: sizes, and room for the hidden lines (w0, w1, b) the figure draws.
typedef struct {
    Mlp m;
    int lines;
    double line[POLY_MAX_LINES][3];
} PolyNet;

// Is x inside the convex polygon (counter-clockwise, n corners), and how far from its edges?
// Returns the smallest signed distance to the edges' lines: > 0 inside.
static inline double poly_inside(const double (*c)[2], int n, const double *x)
{
    double best = INFINITY;
    for (int i = 0; i < n; i++) {
        const double *p = c[i], *q = c[(i + 1) % n];
        double d0 = q[0] - p[0], d1 = q[1] - p[1], len = sqrt(d0 * d0 + d1 * d1);
        double s = (-d1 * (x[0] - p[0]) + d0 * (x[1] - p[1])) / len;
        best = s < best ? s : best;
    }
    return best;
}

// Hidden unit j of layer 0 from the edge p -> q; the line is kept for the figure.
static inline void poly_edge(PolyNet *net, int j, const double *p, const double *q, double k)
{
    halfplane_unit(net->m.weight[0] + 2 * j, net->m.bias[0] + j, p, q, k);
    net->line[j][0] = net->m.weight[0][2 * j];
    net->line[j][1] = net->m.weight[0][2 * j + 1];
    net->line[j][2] = net->m.bias[0][j];
    net->lines = j + 1;
}

static inline int poly_new(PolyNet *net, const int *sizes, int L, int max_batch)
{
    Rng rng;
    rng_seed(&rng, 5, 5);
    memset(net, 0, sizeof *net);
    if (mlp_init(&net->m, sizes, L, ACT_SIGMOID, max_batch, &rng) != 0)
        return -1;
    memset(net->m.params, 0, sizeof(double) * (size_t)net->m.num_params);
    return 0;
}

// The square: 2-4-1, AND of its four edges.
static inline int poly_square(PolyNet *net, double k, int max_batch)
{
    const int sizes[3] = { 2, 4, 1 };
    if (poly_new(net, sizes, 2, max_batch) != 0)
        return -1;
    for (int j = 0; j < 4; j++)
        poly_edge(net, j, POLY_SQUARE[j], POLY_SQUARE[(j + 1) % 4], k);
    threshold_unit(net->m.weight[1], net->m.bias[1], 4, 4, k);
    return 0;
}

// The union: 2-7-2-1. Unit 0 of the second layer is A's AND (inputs 0-3), unit 1 B's (4-6);
// the output is their OR.
static inline int poly_union(PolyNet *net, double k, int max_batch)
{
    const int sizes[4] = { 2, 7, 2, 1 };
    if (poly_new(net, sizes, 3, max_batch) != 0)
        return -1;
    for (int j = 0; j < 4; j++)
        poly_edge(net, j, POLY_UNION_A[j], POLY_UNION_A[(j + 1) % 4], k);
    for (int j = 0; j < 3; j++)
        poly_edge(net, 4 + j, POLY_UNION_B[j], POLY_UNION_B[(j + 1) % 3], k);
    double *w1 = net->m.weight[1];   // (2, 7), zero but for each polygon's own inputs
    threshold_unit(w1, net->m.bias[1], 4, 4, k);
    threshold_unit(w1 + 7 + 4, net->m.bias[1] + 1, 3, 3, k);
    threshold_unit(net->m.weight[2], net->m.bias[2], 2, 1, k);
    return 0;
}

// The circle's n-gon: 2-n-1, the AND of n lines tangent to the circle, the first at angle 0.
static inline int poly_circle(PolyNet *net, int n, double k, int max_batch)
{
    const int sizes[3] = { 2, n, 1 };
    if (poly_new(net, sizes, 2, max_batch) != 0)
        return -1;
    for (int j = 0; j < n; j++) {
        double t = 2.0 * EXPERIMENT_PI * j / n;
        double p[2] = { POLY_RADIUS * cos(t), POLY_RADIUS * sin(t) };
        double q[2] = { p[0] - sin(t), p[1] + cos(t) };   // counter-clockwise along the tangent
        poly_edge(net, j, p, q, k);
    }
    threshold_unit(net->m.weight[1], net->m.bias[1], n, n, k);
    return 0;
}

// The logits of a row of the grid (x2 = the row's), into out (grid). 0, or -1 when
// mlp_forward refuses.
static inline int poly_row(PolyNet *net, double *X, double *out, int grid, int row)
{
    for (int i = 0; i < grid; i++) {
        X[2 * i] = -6.0 + 12.0 * i / (grid - 1);
        X[2 * i + 1] = -6.0 + 12.0 * row / (grid - 1);
    }
    const double *z = mlp_forward(&net->m, X, grid);
    if (!z)
        return -1;
    memcpy(out, z, sizeof(double) * (size_t)grid);
    return 0;
}

// The area of a circle network's region: on each ray, the radius where the logit falls
// through 0, by 60 bisections on [0, 3R]. X (rays, 2), r and lo, hi (rays) are scratch.
static inline double poly_area(PolyNet *net, int rays, double *X, double *lo, double *hi)
{
    for (int a = 0; a < rays; a++)
        lo[a] = 0.0, hi[a] = 3.0 * POLY_RADIUS;
    for (int it = 0; it < 60; it++) {
        for (int a = 0; a < rays; a++) {
            double phi = 2.0 * EXPERIMENT_PI * (a + 0.5) / rays, r = 0.5 * (lo[a] + hi[a]);
            X[2 * a] = r * cos(phi), X[2 * a + 1] = r * sin(phi);
        }
        const double *z = mlp_forward(&net->m, X, rays);
        if (!z)
            return NAN;
        for (int a = 0; a < rays; a++) {
            double r = 0.5 * (lo[a] + hi[a]);
            if (z[a] > 0.0)
                lo[a] = r;
            else
                hi[a] = r;
        }
    }
    double area = 0.0;
    for (int a = 0; a < rays; a++)
        area += 0.5 * lo[a] * lo[a] * (2.0 * EXPERIMENT_PI / rays);
    return area;
}

// How many grid points farther than POLY_MARGIN from every edge the network misjudges.
// inside(x) > 0 inside the shape, its magnitude the distance to the nearest edge.
typedef double (*PolyShape)(const double *x);
static inline double poly_square_shape(const double *x)
{
    return poly_inside(POLY_SQUARE, 4, x);
}
static inline double poly_union_shape(const double *x)
{
    double a = poly_inside(POLY_UNION_A, 4, x), b = poly_inside(POLY_UNION_B, 3, x);
    return a > b ? a : b;   // near enough: the polygons are far apart
}

static inline void poly_judge(const double *grid_z, int grid, PolyShape shape, int *judged,
                              int *wrong)
{
    *judged = *wrong = 0;
    for (int row = 0; row < grid; row++)
        for (int i = 0; i < grid; i++) {
            double x[2] = { -6.0 + 12.0 * i / (grid - 1), -6.0 + 12.0 * row / (grid - 1) };
            double s = shape(x);
            if (fabs(s) < POLY_MARGIN)
                continue;
            ++*judged;
            *wrong += (s > 0) != (grid_z[row * grid + i] > 0.0);
        }
}

// What the figure needs of one network: its logits on the grid (grid * grid), row by row.
// 0, or -1 when mlp_forward refuses.
static inline int poly_grid(PolyNet *net, double *grid_z, int grid, double *X)
{
    for (int row = 0; row < grid; row++)
        if (poly_row(net, X, grid_z + (size_t)row * grid, grid, row) != 0)
            return -1;
    return 0;
}

// Runs the measurements (the figure's grids are the driver's). X has room for
// max(grid, rays) points, lo and hi for rays; grid_z for grid * grid. 0, or -1.
static inline int poly_run(PolyResult *r, const PolyConfig *cfg)
{
    int cap = cfg->grid > cfg->rays ? cfg->grid : cfg->rays;
    double *X = malloc(sizeof(double) * 2 * (size_t)cap);
    double *lo = malloc(sizeof(double) * (size_t)cfg->rays);
    double *hi = malloc(sizeof(double) * (size_t)cfg->rays);
    double *grid_z = malloc(sizeof(double) * (size_t)cfg->grid * (size_t)cfg->grid);
    int status = -1;
    PolyNet net;
    memset(&net, 0, sizeof net);
    if (!X || !lo || !hi || !grid_z)
        goto done;
    memset(r, 0, sizeof *r);
    for (int s = 0; s < 2; s++) {
        if ((s ? poly_union(&net, cfg->k, cap) : poly_square(&net, cfg->k, cap)) != 0)
            goto done;
        if (poly_grid(&net, grid_z, cfg->grid, X) != 0)
            goto done;
        poly_judge(grid_z, cfg->grid, s ? poly_union_shape : poly_square_shape, &r->judged[s],
                   &r->wrong[s]);
        mlp_free(&net.m);
    }
    r->ns = cfg->ns;
    r->disc_area = EXPERIMENT_PI * POLY_RADIUS * POLY_RADIUS;
    double n8[POLY_MAX_NS], e8[POLY_MAX_NS], g8[POLY_MAX_NS];
    int m = 0;
    for (int i = 0; i < cfg->ns; i++) {
        int n = cfg->n_lines[i];
        r->n_lines[i] = n;
        for (int s = 0; s < 2; s++) {
            r->k[s] = s ? cfg->k_steep : cfg->k;
            if (poly_circle(&net, n, r->k[s], cap) != 0)
                goto done;
            r->area[s][i] = poly_area(&net, cfg->rays, X, lo, hi);
            mlp_free(&net.m);
            r->excess[s][i] = r->area[s][i] / r->disc_area - 1.0;
        }
        r->gon_excess[i] = n * tan(EXPERIMENT_PI / n) / EXPERIMENT_PI - 1.0;
        if (n >= 8 && r->excess[1][i] > 0.0) {
            n8[m] = n, e8[m] = r->excess[1][i], g8[m] = r->gon_excess[i];
            m++;
        }
    }
    r->slope = m >= 2 ? loglog_slope(n8, e8, m) : NAN;
    r->gon_slope = m >= 2 ? loglog_slope(n8, g8, m) : NAN;
    status = 0;
done:
    mlp_free(&net.m);
    free(X), free(lo), free(hi), free(grid_z);
    return status;
}

// What the notes say of these numbers.
static inline void poly_claims(const PolyResult *r, ClaimFn claim)
{
    claimf(claim, r->wrong[0] == 0,
           "the square network misjudges %d of the %d grid points farther than %g from its edges",
           r->wrong[0], r->judged[0], POLY_MARGIN);
    claimf(claim, r->wrong[1] == 0,
           "the union network misjudges %d of the %d grid points farther than %g from the edges",
           r->wrong[1], r->judged[1], POLY_MARGIN);
    int falls = 1, close = 1, last = r->ns - 1;
    for (int i = 0; i < r->ns; i++) {
        falls = falls && (i == 0 || r->excess[1][i] < r->excess[1][i - 1]);
        close = close && fabs(r->excess[1][i] - r->gon_excess[i]) <= 0.0005;
    }
    claimf(claim, falls,
           "with k = %g, more lines bring the region's area closer to the disc's (%d to %d lines)",
           r->k[1], r->n_lines[0], r->n_lines[last]);
    claimf(claim, close,
           "with k = %g, each region's area is the circumscribed n-gon's, n R^2 tan(pi/n), "
           "within 0.05%% of the disc's", r->k[1]);
    claimf(claim, fabs(r->slope + 2.0) <= 0.2,
           "with k = %g, from 8 lines on, the excess falls like n^%.2f (the notes: like 1/n^2, "
           "within 0.2)", r->k[1], r->slope);
    claimf(claim, r->excess[0][0] > 0.0 && r->excess[0][last] < 0.0,
           "with k = %g, the region of %d lines is smaller than the disc (%.2f%%), though that of %d "
           "is larger", r->k[0], r->n_lines[last], 100 * r->excess[0][last], r->n_lines[0]);
}

#endif
