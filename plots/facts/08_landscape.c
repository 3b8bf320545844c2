/* 08_landscape.c -- the numbers of chapters/08-landscape/notes.md, recomputed from the reference
 * landscape code with chapters 5 and 6's network (see facts.h): the sizes and the grid of the
 * examples, the figures' numbers from the same networks, data and directions as
 * plots/08_landscape.c (plots/landscape_nets.h), the curvature at several spacings, and the
 * batch-size comparison retrained from its recipe, with two more seeds.
 * The heaviest part is the retraining: six runs of the 2-8-8-1 network, one of them 38790
 * full-batch epochs; about 20 s on one core in all.
 * Not here on purpose: anything the notes do not state; the figures' files (plots/08_landscape.c).
 */
// @needs 05_mlp.c
// @needs 06_backprop.c
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "data.h"
#include "facts.h"
#include "landscape.h"
#include "../landscape_nets.h"
#include "../net_accuracy.h"

static Dataset train, test;

static const char *const WORDS[] = { "none", "one", "two", "three", "four" };

static void *alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        facts_die("out of memory");
    return p;
}

// A network of these sizes at the given parameters (all of them NPTS rows at a time).
static void network(Mlp *m, const int *sizes, int L, Activation f, const double *params)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, NPTS, &rng) != 0)
        facts_die("mlp_init failed");
    if (params)
        memcpy(m->params, params, sizeof(double) * (size_t)m->num_params);
}

static int num_params(const int *sizes, int L)
{
    Mlp m;
    network(&m, sizes, L, ACT_TANH, NULL);
    int P = m.num_params;
    mlp_free(&m);
    return P;
}

// Point i of the grid of n points from lo to hi, as every function of the chapter computes it.
static double grid_point(double lo, double hi, int n, int i)
{
    return lo + (hi - lo) * i / (n - 1);
}

// The index of the grid point that is exactly alpha, or facts_die.
static int grid_index(double lo, double hi, int n, double alpha)
{
    for (int i = 0; i < n; i++)
        if (grid_point(lo, hi, n, i) == alpha)
            return i;
    facts_die("no point of the grid [%g, %g] (%d points) is exactly %g", lo, hi, n, alpha);
}

static double *direction(const Mlp *m, Rng *rng)
{
    double *d = alloc(sizeof(double) * (size_t)m->num_params);
    random_direction(d, m->num_params, rng);
    filter_normalize(d, m);
    return d;
}

// The second difference along d at theta with spacing h: three points -h, 0, h.
static double curvature(Mlp *m, const double *d, double h)
{
    double losses[3];
    if (loss_slice_1d(losses, m, d, -h, h, 3, train.x, train.y, NPTS) != 0)
        facts_die("loss_slice_1d refused a valid slice");
    return slice_curvature(losses, -h, h, 3, 1);
}

// ---------------------------------------------------------------- the examples of the text

static void examples(void)
{
    fact("params", "-- %d for the 2-8-1 network of chapter 5, %d for a 2-8-8-8-8-1 --", num_params(SHALLOW, 2),
         num_params(DEEP, 5));
    fact("data", "`data_spiral(%d, %g)` twice from seed (%d, %d), the first %d points to train on and the next "
         "%d to test on", NPTS, NOISE, DATA_SEED, 8, NPTS, NPTS);

    // the grid of 9 points over [-0.5, 1.5]: where theta0 and theta1 fall, and why exactly
    const double lo = -0.5, hi = 1.5;
    const int n = 9, i0 = grid_index(lo, hi, n, 0.0), i1 = grid_index(lo, hi, n, 1.0);
    if ((hi - lo) * i0 != 4.0)
        facts_die("(hi - lo) * %d is not 4", i0);
    fact("grid9", "With $[%g, %g]$ and %d points the ends $\\boldsymbol{\\theta}_0$ and $\\boldsymbol{\\theta}_1$ "
         "are points %d and %d, and since $(hi - lo) \\cdot %d = %g$ divides by %d exactly, $\\alpha_%d$ is 0 exactly",
         lo, hi, n, i0, i1, i0, (hi - lo) * i0, n - 1, i0);

    // theta0 + alpha (theta1 - theta0) at alpha = 1 rounds; the reference's form does not
    volatile double v0 = 0.7, v1 = 0.1, valpha = 1.0;   // not folded by the compiler
    double t0 = v0, t1 = v1, alpha = valpha, naive = t0 + alpha * (t1 - t0), exact;
    interpolate_params(&exact, &t0, &t1, alpha, 1);
    if (naive == t1 || exact != t1)
        facts_die("0.7 + (0.1 - 0.7) is 0.1, or interpolate_params at alpha = 1 is not");
    char shortest[32];   // the shortest decimal that reads back as the same double
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(shortest, sizeof shortest, "%.*g", digits, naive);
        if (strtod(shortest, NULL) == naive)
            break;
    }
    fact("rounding", "$%g + (%g - %g)$ is $%s$, not $%g$", t0, t1, t0, shortest, t1);

    // grader/08_landscape.c: each row's norm within 1e-12 (relative) of theta's; the logistic
    // regression's slice at alpha = -1e-4, 0, 1e-4. A loss below 1 rounds by at most
    // DBL_EPSILON / 2 (1.1e-16): its order of magnitude.
    fact("row_norm_tol", "the test checks it to $%s$", sci(1e-12, 1));
    const double h = 1e-4, rounding = pow(10.0, floor(log10(DBL_EPSILON / 2)));
    fact("logistic_h", "a test compares your second difference on a slice with $h = %s$ to it. (With $h$ that "
         "small the loss's rounding, about $%s$, divided by $h^2$ is $%s$", sci(h, 1), sci(rounding, 1),
         sci(rounding / (h * h), 1));

    // quoted: the paper's code (github.com/tomgoldstein/loss-landscape, net_plotter.py) divides
    // by a row's norm + 1e-10
    fact("paper_eps", "the paper's code also adds $%s$ to each row's norm", sci(1e-10, 1));
    fact("simplified", "this chapter's are small dense networks on %d points", NPTS);
    fact("grid_range", "a grid of $[%g, %g]^2$ where the paper uses $[-1, 1]^2$: the wells of these networks are "
         "narrower than that scale, and %d points over $[%g, %g]$ resolve them", LO, HI, G, LO, HI);
    fact("cost", "A $%d \\times %d$ slice is %d forward passes over the data", G, G, G * G);
    fact("cost_points", "On the %d training points the reference", NPTS);
    fact("radius", "the figures use $r = %g$", RADIUS);
}

// ---------------------------------------------------------------- the line between two points

static void interpolation(void)
{
    Mlp m;
    network(&m, MIDDLE, 3, ACT_TANH, SMALL_BATCH);
    int P = m.num_params;
    double *init = alloc(sizeof(double) * (size_t)P), curve[4][NI];
    initial_params(init, &m, INIT_SEED + 1);
    const Dataset *sets[2] = { &train, &test };
    for (int c = 0; c < 4; c++)
        if (loss_interpolation(curve[c], &m, c < 2 ? init : SMALL_BATCH, c < 2 ? SMALL_BATCH : SECOND_MINIMUM,
                               INTERP_LO, INTERP_HI, NI, sets[c % 2]->x, sets[c % 2]->y, NPTS) != 0)
            facts_die("loss_interpolation refused a valid line");
    int i0 = grid_index(INTERP_LO, INTERP_HI, NI, 0.0), i1 = grid_index(INTERP_LO, INTERP_HI, NI, 1.0);

    // from the initial to the trained weights: the hill in the way
    int top = i0;
    for (int i = i0; i <= i1; i++)
        if (curve[0][i] > curve[0][top])
            top = i;
    fact("interp_init", "The loss starts at %s (close to $\\log 2 = %s$, the loss of a network that says $p = %g$ "
         "everywhere), *rises* to %s near $\\alpha = %g$, and only then falls to the trained %s", fix(curve[0][i0], 2),
         fix(log(2.0), 2), 0.5, fix(curve[0][top], 2), grid_point(INTERP_LO, INTERP_HI, NI, top),
         fix(curve[0][i1], 3));

    // between two minima: the stretch of the line where the loss is above 2
    const char *ends = fix(curve[2][i0], 2);
    if (strcmp(ends, fix(curve[2][i1], 2)) != 0)
        facts_die("the two minima's losses differ at two decimals");
    int from = -1, to = -1;
    double lo = INFINITY, hi = 0.0;
    for (int i = i0; i <= i1; i++)
        if (curve[2][i] > 2.0) {
            if (from < 0)
                from = i;
            to = i;
        }
    for (int i = from; i <= to; i++) {
        lo = fmin(lo, curve[2][i]), hi = fmax(hi, curve[2][i]);
        if (curve[2][i] <= curve[0][i0])
            facts_die("between the minima the loss falls below the untrained network's");
    }
    fact("interp_minima", "both ends are minima of loss %s, and between $\\alpha = %g$ and $%g$ the loss stays between %s "
         "and %s, far worse than the untrained network", ends, grid_point(INTERP_LO, INTERP_HI, NI, from),
         grid_point(INTERP_LO, INTERP_HI, NI, to), num(lo, 2), num(hi, 2));

    // the test loss follows the train loss on both lines
    double gap = 0.0;
    for (int c = 0; c < 4; c += 2)
        for (int i = i0; i <= i1; i++)
            gap = fmax(gap, fabs(curve[c + 1][i] - curve[c][i]) / curve[c][i]);
    if (gap > 0.5)
        facts_die("the test loss is %g (relative) away from the train loss", gap);
    fact("interp_test", "follows the train loss closely here: %d noisy spiral points are enough", NPTS);
    free(init);
    mlp_free(&m);
}

// ---------------------------------------------------------------- the figures' slices

typedef struct {
    Mlp m;
    double *d1, *d2;
    double loss0, acc, sharp, curv;   // at theta; the rise within RADIUS; along d1, h of the grid
    double corner_lo, corner_hi, top; // the plane's corners, its highest point
    double outer_lo, outer_hi;        // the 10th and 90th percentile outside the disc
} Slice;

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void slice(Slice *s, const LandscapeNet *spec, Rng *dirs, double *grid)
{
    network(&s->m, spec->sizes, spec->L, spec->act, spec->params);
    s->d1 = direction(&s->m, dirs);
    s->d2 = direction(&s->m, dirs);
    s->loss0 = landscape_loss(&s->m, train.x, train.y, NPTS);
    s->acc = net_accuracy(&s->m, &train);
    if (loss_slice_2d(grid, &s->m, s->d1, s->d2, LO, HI, G, train.x, train.y, NPTS) != 0)
        facts_die("loss_slice_2d refused a valid slice");
    int row, col;
    if (slice_minimum(&row, &col, grid, G, G) != s->loss0 || row != G / 2 || col != G / 2)
        facts_die("%s: the plane's minimum is not at its centre", spec->name);
    s->sharp = slice_sharpness(grid, LO, HI, G, RADIUS, s->loss0);
    s->curv = curvature(&s->m, s->d1, (HI - LO) / (N1 - 1));
    s->corner_lo = INFINITY, s->corner_hi = 0.0, s->top = 0.0;
    double *outer = alloc(sizeof(double) * G * G);
    int n = 0;
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            double alpha = grid_point(LO, HI, G, j), beta = grid_point(LO, HI, G, i);
            double l = grid[i * G + j];
            s->top = fmax(s->top, l);
            if ((i == 0 || i == G - 1) && (j == 0 || j == G - 1))
                s->corner_lo = fmin(s->corner_lo, l), s->corner_hi = fmax(s->corner_hi, l);
            if (alpha * alpha + beta * beta > RADIUS * RADIUS)
                outer[n++] = l;
        }
    qsort(outer, (size_t)n, sizeof *outer, by_value);
    s->outer_lo = outer[n / 10], s->outer_hi = outer[n - 1 - n / 10];
    free(outer);
}

// The twin of the normalisation figure along the raw and the normalised direction.
static void twin(Slice *relu, Rng *dirs)
{
    Mlp *m = &relu->m, t;
    network(&t, DEEP, 5, ACT_RELU, DEEP_RELU);
    for (int k = 0; k < 8 * 2 + 8; k++)
        t.weight[0][k] *= TWIN;   // weight[0] (8, 2) and bias[0] (8) are contiguous
    for (int k = 0; k < 8 * 8; k++)
        t.weight[1][k] /= TWIN;
    int P = m->num_params;
    double *raw = alloc(sizeof(double) * (size_t)P), *dn = alloc(sizeof(double) * (size_t)P);
    double *dt = alloc(sizeof(double) * (size_t)P), pair[4][N1];
    random_direction(raw, P, dirs);
    memcpy(dn, raw, sizeof(double) * (size_t)P);
    filter_normalize(dn, m);
    memcpy(dt, raw, sizeof(double) * (size_t)P);
    filter_normalize(dt, &t);
    Mlp *nets[4] = { m, &t, m, &t };
    const double *ds[4] = { raw, raw, dn, dt };
    for (int c = 0; c < 4; c++)
        if (loss_slice_1d(pair[c], nets[c], ds[c], LO, HI, N1, train.x, train.y, NPTS) != 0)
            facts_die("loss_slice_1d refused a valid slice");
    for (int i = 0; i < N1; i++)
        if (!(fabs(pair[2][i] - pair[3][i]) <= 1e-9 * pair[2][i]))
            facts_die("the normalised slices of the network and its twin differ at point %d", i);
    // a twentieth of the way out: the grid points nearest to -0.05 and 0.05
    const double alpha = 0.05;
    int left = (int)lround((-alpha - LO) / (HI - LO) * (N1 - 1)), right = N1 - 1 - left;
    fact("twin_caption", "its twin with the first layer times %g and the second divided by %g", TWIN, TWIN);
    fact("twin_ratio", "a twentieth of the way out, at $\\alpha = -%g$ and $%g$, the twin's loss is already %.0f and %.0f "
         "times the network's", -grid_point(LO, HI, N1, left), grid_point(LO, HI, N1, right),
         pair[1][left] / pair[0][left], pair[1][right] / pair[0][right]);
    free(raw), free(dn), free(dt);
    mlp_free(&t);
}

static void figures(Slice *s)
{
    double *grid = alloc(sizeof(double) * G * G);
    Rng dirs;
    rng_seed(&dirs, DIRS_SEED, 8);
    for (int k = 0; k < 5; k++)
        slice(&s[k], &LANDSCAPE_NETS[k], &dirs, grid);
    free(grid);
    twin(&s[2], &dirs);
    Slice *sh = &s[0], *dt = &s[1], *dr = &s[2];

    // the curvature along d1 at several spacings: the shallow bowl is a parabola, the deep well
    // is not
    const double hs[6] = { 0.04, 0.02, 0.01, 0.005, 0.001, 1e-4 };
    double flat_lo = INFINITY, flat_hi = 0.0;
    for (int k = 0; k < 6; k++) {
        double c = curvature(&sh->m, sh->d1, hs[k]);
        flat_lo = fmin(flat_lo, c), flat_hi = fmax(flat_hi, c);
    }
    if (flat_hi > 1.05 * flat_lo)
        facts_die("the 2-8-1 network's curvature is not a parabola's: %g to %g", flat_lo, flat_hi);
    // the deep well: far steeper at h = 0.04 than at the bottom, where h = 1e-4 and 1e-5 agree
    double deep_far = curvature(&dt->m, dt->d1, hs[0]), deep_h4 = curvature(&dt->m, dt->d1, 1e-4),
           deep_h5 = curvature(&dt->m, dt->d1, 1e-5);
    if (strcmp(num(deep_h4, 3), num(deep_h5, 3)) != 0)
        facts_die("the deep network's curvature has not settled at h = 1e-4 (%g, %g)", deep_h4, deep_h5);
    fact("curvature", "Along $\\mathbf{d}_1$ of the figures, the 2-8-1 network gives %ld to %ld for every $h$ "
         "from %g down: its bowl is a parabola that far out. The 2-8-8-8-8-1 tanh network gives %.0f with "
         "$h = %g$, %.0f with $h = %g$ (the figures' grid) and %s as $h \\to 0$", lround(flat_lo), lround(flat_hi), hs[0], deep_far,
         hs[0], dt->curv, (HI - LO) / (N1 - 1), num(deep_h5, 3));

    // depth; the deep network's plateau: the 10th to the 90th percentile of the plane outside
    // the disc of the sharpness
    fact("depth_caption", "(filter-normalised directions, $[%g, %g]^2$, %d x %d)", LO, HI, G, G);
    fact("depth_shallow", "it ends at a loss of %s (%s of the points right), in a wide, smooth bowl; the largest "
         "rise within %g is %s", fix(sh->loss0, 2), pct(sh->acc, 0), RADIUS, fix(sh->sharp, 1));
    fact("depth_deep", "The 2-8-8-8-8-1 network fits it (loss %s, %s right) and sits in a narrow, elongated well, "
         "surrounded by an uneven plateau near a loss of %.0f to %.0f; its rise within %g is %s", fix(dt->loss0, 3),
         pct(dt->acc, 0), floor(dt->outer_lo), ceil(dt->outer_hi), RADIUS, fix(dt->sharp, 1));

    // the activation
    fact("activation_fit", "Both networks fit the spiral (loss %s and %s)", fix(dt->loss0, 3), fix(dr->loss0, 3));
    fact("activation_far", "further out its loss keeps climbing, to between %.0f and %.0f at the corners, while the "
         "tanh network's levels off and stays below %.0f everywhere on the plane", dr->corner_lo, dr->corner_hi,
         ceil(dt->top));
    if (!(dr->corner_hi > dt->top))
        facts_die("the relu network's corners are not above the tanh network's plane");
    fact("activation_rise", "The rises within %g are similar (%s and %s)", RADIUS, fix(dt->sharp, 1),
         fix(dr->sharp, 1));
}

// ---------------------------------------------------------------- the batch size

typedef struct {
    Mlp m;
    int epochs, steps;
} Run;

// landscape_nets.h's recipe: mlp_init from (INIT_SEED + seed, 8), a permutation an epoch from the
// same generator, until the training loss (checked every 10 epochs) is below `target`.
static void run(Run *r, int seed, int batch, double lr, double target)
{
    Rng rng;
    rng_seed(&rng, (uint64_t)(INIT_SEED + seed), 8);
    if (mlp_init(&r->m, MIDDLE, 3, ACT_TANH, NPTS, &rng) != 0)
        facts_die("mlp_init failed");
    int order[NPTS];
    for (r->epochs = 1; r->epochs <= 100000; r->epochs++) {
        rng_permutation(&rng, order, NPTS);
        mlp_train_epoch(&r->m, train.x, train.y, NPTS, order, batch, lr);
        if (r->epochs % 10 == 0 && landscape_loss(&r->m, train.x, train.y, NPTS) < target)
            break;
    }
    if (r->epochs > 100000)
        facts_die("seed %d, batch %d: the training loss did not fall below %g", seed, batch, target);
    r->steps = r->epochs * ((NPTS + batch - 1) / batch);
}

static void same_as(const Mlp *m, const double *table, const char *what)
{
    for (int k = 0; k < m->num_params; k++)
        if (!(fabs(m->params[k] - table[k]) <= 1e-7 * (1.0 + fabs(table[k]))))
            facts_die("%s retrained is not the table of plots/landscape_nets.h (parameter %d: %.9g, not %.9g)",
                      what, k, m->params[k], table[k]);
}

// The rise within RADIUS, averaged over `planes` random filter-normalised planes of n x n points.
static double mean_rise(Mlp *m, Rng *rng, int planes, int n)
{
    double *grid = alloc(sizeof(double) * (size_t)(n * n)), sum = 0.0;
    double loss0 = landscape_loss(m, train.x, train.y, NPTS);
    for (int p = 0; p < planes; p++) {
        double *d1 = direction(m, rng), *d2 = direction(m, rng);
        if (loss_slice_2d(grid, m, d1, d2, LO, HI, n, train.x, train.y, NPTS) != 0)
            facts_die("loss_slice_2d refused a valid slice");
        sum += slice_sharpness(grid, LO, HI, n, RADIUS, loss0);
        free(d1), free(d2);
    }
    free(grid);
    return sum / planes;
}

static void batch_size(Slice *s)
{
    const double target = 0.04, small_lr = 0.02, large_lr = 0.2;
    const int small_batch = 10, planes = 4, n = 21, seeds = 3;
    (void)grid_index(LO, HI, n, RADIUS);   // the disc's edge is on the small grid
    // Seeds 1 to 3, each trained both ways from its own initial weights; for each network the
    // mean rise over `planes` planes of n x n points, drawn from rng_seed(DIRS_SEED + seed, 8),
    // the small-batch network's first. Seed 1's networks are the tables' (checked).
    int larger = 0, follows = 0;   // seeds where the large batch rose more; where the test loss did too
    for (int seed = 1; seed <= seeds; seed++) {
        Run small, large;
        run(&small, seed, small_batch, small_lr, target);
        run(&large, seed, NPTS, large_lr, target);
        if (seed == 1) {
            same_as(&small.m, SMALL_BATCH, "SMALL_BATCH");
            same_as(&large.m, LARGE_BATCH, "LARGE_BATCH");
            fact("batch_recipe", "until its training loss fell below %g: with batches of %d (lr %g, %d epochs, %d "
                 "steps) and with one batch of all %d (lr %g, %d epochs and steps)", target, small_batch, small_lr,
                 small.epochs, small.steps, NPTS, large_lr, large.epochs);
            if (large.steps != large.epochs)
                facts_die("one batch of all points is not one step an epoch");
        }
        if (seed == 3)
            same_as(&small.m, SECOND_MINIMUM, "SECOND_MINIMUM");
        Rng rng;
        rng_seed(&rng, (uint64_t)(DIRS_SEED + seed), 8);
        double rise_small = mean_rise(&small.m, &rng, planes, n), rise_large = mean_rise(&large.m, &rng, planes, n);
        double test_small = landscape_loss(&small.m, test.x, test.y, NPTS);
        double test_large = landscape_loss(&large.m, test.x, test.y, NPTS);
        larger += rise_large > rise_small;
        follows += (rise_large > rise_small) == (test_large > test_small);
        mlp_free(&small.m), mlp_free(&large.m);
    }
    if (follows > 1)
        facts_die("the test loss followed the sharpness in %d of the %d seeds", follows, seeds);
    Slice *sm = &s[3], *lg = &s[4];
    double test_small = landscape_loss(&sm->m, test.x, test.y, NPTS);
    double test_large = landscape_loss(&lg->m, test.x, test.y, NPTS);
    if (!(lg->curv > sm->curv))
        facts_die("the large-batch well is not the narrower along d1");
    fact("batch_figures", "its second difference is %.0f against %.0f. In the plane, the largest rise within %g is "
         "about the same, %s against %s, and the test losses are %s (large batch) and %s (small)", lg->curv,
         sm->curv, RADIUS, fix(lg->sharp, 1), fix(sm->sharp, 1), fix(test_large, 3), fix(test_small, 3));
    fact("batch_seeds", "trained the same way from three seeds (1, 2 and 3), the large-batch minimum had the larger "
         "rise within %g in %s seeds and the smaller in %s (each averaged over %s random planes of %d x %d points), "
         "and the test loss did not follow it: the sharper minimum had the lower test loss in %s", RADIUS,
         WORDS[larger], WORDS[seeds - larger], WORDS[planes], n, n,
         follows == 0 ? "all three" : WORDS[seeds - follows]);
    fact("batch_toy", "with %d points and a %d-parameter network", NPTS, num_params(MIDDLE, 3));
}

int main(void)
{
    Rng rng;
    rng_seed(&rng, DATA_SEED, 8);
    if (data_spiral(&train, NPTS, NOISE, &rng) != 0 || data_spiral(&test, NPTS, NOISE, &rng) != 0)
        facts_die("data_spiral failed");
    examples();
    interpolation();
    Slice s[5];
    figures(s);
    batch_size(s);
    for (int k = 0; k < 5; k++)
        mlp_free(&s[k].m), free(s[k].d1), free(s[k].d2);
    dataset_free(&train), dataset_free(&test);
    return 0;
}
