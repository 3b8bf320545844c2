/* glue.c -- the playground's C side (contract in glue.h): lib/'s data sets, the student's
 * network from chapters 5 and 6, and the checks that make the page honest about that code.
 *
 * Built twice from the same source: to wasm32-wasi for the page (PG_EXPORT gives each function
 * of glue.h its export name), and natively for playground/native.c, so that the page's numbers
 * can be compared with the native ones.
 *
 * Honesty, in three places:
 *   - before training, pg_network calls every exercise training needs on a small case, in the
 *     chapters' order, and names the first that still gives NaN (a stub) in the grader's words;
 *   - after every epoch, pg_train checks the loss and every parameter; on NaN or inf it replays
 *     the epoch step by step from a copy of the parameters, then calls the exercises of the bad
 *     step one at a time on the inputs they had, and names the first that turned finite
 *     inputs into NaN or inf -- or says that the numbers themselves grew past 1e100 (a learning
 *     rate too large), which no exercise can be blamed for;
 *   - the messages name the file the build used (PG_SOURCE_05, PG_SOURCE_06).
 * Left out on purpose: anything computed here that an exercise computes (the page shows the
 * student's numbers or none), and protection against code that crashes or never returns (the
 * page reports a WebAssembly trap; an endless loop hangs the tab, as it would hang make grade's
 * test until its timeout).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "data.h"
#include "glue.h"

// The file each chapter's exercises come from, for messages (the build passes the real ones).
#ifndef PG_SOURCE_05
#define PG_SOURCE_05 "skeletons/05_mlp.c"
#endif
#ifndef PG_SOURCE_06
#define PG_SOURCE_06 "skeletons/06_backprop.c"
#endif

// The page calls these by name: give them export names in the WebAssembly build.
#if defined(__wasm__)
#define PG_EXPORT(name) __attribute__((export_name(#name)))
#else
#define PG_EXPORT(name)
#endif

#define PG_BIG 1e100            // past this, a number is "grown too large" rather than wrong
#define PG_EVAL_BATCH 256       // points per mlp_forward when evaluating or drawing

// ---------------------------------------------------------------- the state

static struct {
    // the data
    Dataset train, test;        // (n, 2) points, labels 0/1
    int have_data;
    // the network and its inputs
    unsigned features;          // the mask of glue.h
    int F;                      // features selected, the network's input width
    double *ftrain, *ftest;     // (n, F) features of the points, owned
    Mlp m;                      // the student's network (mlp_init); valid when have_net
    int have_net;
    Rng rng;                    // mlp_init's draws, then one permutation per epoch
    int *order;                 // (train.n) this epoch's order
    double *saved;              // (num_params) the parameters before this epoch
    double *before;             // (num_params) the parameters before one step (diagnosis)
    double *scratch;            // room for one layer's values on a batch (diagnosis, maps)
    double *scratch2;
    double *scratch3;
    double *ones;               // (PG_EVAL_BATCH * PG_MAX_UNITS) all 1: a tame upstream gradient
    double *grid;               // (PG_EVAL_BATCH, F) features of grid points
    double *map, *unit_maps;    // pg_maps' results, owned
    int shape[PG_MAX_HIDDEN];   // pg_shape's buffer
    // what happened
    long epoch;                 // epochs trained
    long at_epoch;              // the epoch a message is about (training: the one under way)
    double train_loss, test_loss, train_acc, test_acc, epoch_loss;
    int status;
    char message[640];
    char culprit[40];
    char note[320];
} pg;

// ---------------------------------------------------------------- messages

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pg.message, sizeof pg.message, fmt, ap);
    va_end(ap);
    pg.status = status;
    return status;
}

static const char *source_of(const char *fn)
{
    static const char *const chapter5[] = { "activation_forward", "linear_forward", "mlp_init",
                                            "mlp_forward", "mlp_free" };
    for (size_t k = 0; k < sizeof chapter5 / sizeof chapter5[0]; k++)
        if (strcmp(fn, chapter5[k]) == 0)
            return PG_SOURCE_05;
    return PG_SOURCE_06;
}

static const char *chapter_of(const char *fn)
{
    return strcmp(source_of(fn), PG_SOURCE_05) == 0 ? "05" : "06";
}

// The grader's words for a stub.
static int not_implemented(const char *fn)
{
    snprintf(pg.culprit, sizeof pg.culprit, "%s", fn);
    return fail(PG_NOT_IMPLEMENTED, "%s is not implemented yet -- write its TODO block in %s", fn,
                source_of(fn));
}

// An exercise that turned finite inputs into NaN or inf while training.
static int not_finite(const char *fn, double bad, const char *what)
{
    snprintf(pg.culprit, sizeof pg.culprit, "%s", fn);
    return fail(PG_NOT_FINITE, "%s gave %s%s at epoch %ld, from finite inputs -- look again at its"
                " TODO block in %s (make grade CH=%s tests it)", fn, isnan(bad) ? "NaN" : "inf",
                what, pg.at_epoch, source_of(fn), chapter_of(fn));
}

static int diverged(const char *what)
{
    pg.culprit[0] = '\0';
    return fail(PG_DIVERGED, "training diverged at epoch %ld: %s grew past 1e100 and overflowed."
                " Try a smaller learning rate; if that does not help, make grade CH=06 checks the"
                " gradients and the update", pg.at_epoch, what);
}

// ---------------------------------------------------------------- small helpers

// The first entry of a (n) that is not finite, or 0.0 when all are (NaN and inf are never 0).
static double first_bad(const double *a, long n)
{
    for (long k = 0; k < n; k++)
        if (!isfinite(a[k]))
            return a[k];
    return 0.0;
}

static int all_finite(const double *a, long n)
{
    return first_bad(a, n) == 0.0;
}

// Finite and at most PG_BIG in size: inputs from which every exercise must give finite numbers.
static int tame(const double *a, long n)
{
    for (long k = 0; k < n; k++)
        if (!(fabs(a[k]) <= PG_BIG))
            return 0;
    return 1;
}

static double *fresh(long n)
{
    return calloc((size_t)(n > 0 ? n : 1), sizeof(double));
}

// Feature k of the mask (the bit order of glue.h) at the point (x1, x2).
static double feature(int k, double x1, double x2)
{
    switch (k) {
    case 0: return x1;
    case 1: return x2;
    case 2: return x1 * x1;
    case 3: return x2 * x2;
    case 4: return x1 * x2;
    case 5: return sin(x1);
    default: return sin(x2);
    }
}

// out (n, F) <- the selected features of the points xy (n, 2).
static void features_of(double *out, const double *xy, int n, unsigned mask)
{
    double *o = out;
    for (int p = 0; p < n; p++)
        for (int k = 0; k < 7; k++)
            if (mask & (1u << k))
                *o++ = feature(k, xy[2 * p], xy[2 * p + 1]);
}

static int layer_width(int l)
{
    return pg.m.sizes[l];
}

// The widest layer, for scratch room.
static int widest(void)
{
    int w = 1;
    for (int l = 0; l <= pg.m.L; l++)
        w = layer_width(l) > w ? layer_width(l) : w;
    return w;
}

// ---------------------------------------------------------------- taking things down

// The network's three blocks, freed here (not with the student's mlp_free, which may not be
// written yet; pg_network tries that one on a network of its own).
static void drop_network(void)
{
    if (pg.have_net) {
        double *blocks[3] = { pg.m.params, pg.m.grads, pg.m.work };
        for (int k = 0; k < 3; k++)
            free(blocks[k]);
    }
    memset(&pg.m, 0, sizeof pg.m);
    double **owned[] = { &pg.ftrain, &pg.ftest, &pg.saved, &pg.before, &pg.scratch,
                         &pg.scratch2, &pg.scratch3, &pg.ones, &pg.grid, &pg.map,
                         &pg.unit_maps };
    for (size_t k = 0; k < sizeof owned / sizeof owned[0]; k++) {
        free(*owned[k]);
        *owned[k] = NULL;
    }
    free(pg.order);
    pg.order = NULL;
    pg.have_net = 0;
    pg.epoch = 0;
    pg.train_loss = pg.test_loss = pg.train_acc = pg.test_acc = pg.epoch_loss = NAN;
}

static void reset_status(void)
{
    pg.status = PG_OK;
    pg.message[0] = pg.culprit[0] = '\0';
}

// ---------------------------------------------------------------- the data

PG_EXPORT(pg_data)
int pg_data(int dataset, double noise, int train_percent, int seed)
{
    drop_network();
    dataset_free(&pg.train);
    dataset_free(&pg.test);
    pg.have_data = 0;
    reset_status();
    pg.note[0] = '\0';
    if (dataset < 0 || dataset >= PG_DATASETS)
        return fail(PG_BAD_SETTINGS, "unknown data set %d (0 circle, 1 xor, 2 gauss, 3 spiral)",
                    dataset);
    if (!(noise >= 0.0 && noise <= 0.5))
        return fail(PG_BAD_SETTINGS, "noise %g is outside 0 .. 0.5", noise);
    if (train_percent < 10 || train_percent > 90)
        return fail(PG_BAD_SETTINGS, "%d %% of the data to train is outside 10 .. 90",
                    train_percent);
    Rng rng;
    rng_seed(&rng, (uint64_t)(uint32_t)seed, 1);
    Dataset all = { 0 };
    int (*const make[PG_DATASETS])(Dataset *, int, double, Rng *) = { data_circle, data_xor,
                                                                      data_gauss, data_spiral };
    if (make[dataset](&all, PG_POINTS, noise, &rng) != 0)
        return fail(PG_NO_MEMORY, "out of memory making the data");
    dataset_shuffle(&all, &rng);
    int rc = dataset_split(&all, train_percent / 100.0, &pg.train, &pg.test);
    dataset_free(&all);
    if (rc != 0)
        return fail(PG_NO_MEMORY, "out of memory splitting the data");
    pg.have_data = 1;
    return PG_OK;
}

PG_EXPORT(pg_count)
int pg_count(int which)
{
    return which == 0 ? pg.train.n : which == 1 ? pg.test.n : 0;
}

PG_EXPORT(pg_points)
const double *pg_points(int which)
{
    return which == 0 ? pg.train.x : which == 1 ? pg.test.x : NULL;
}

PG_EXPORT(pg_labels)
const int *pg_labels(int which)
{
    return which == 0 ? pg.train.y : which == 1 ? pg.test.y : NULL;
}

// ---------------------------------------------------------------- is every exercise written?

// Calls each exercise that training needs on a small case, in the chapters' order, and names the
// first whose result holds NaN: a stub fills its outputs with NaN (or returns it). The network
// pg.m is left as mlp_init made it.
static int check_implemented(Activation act)
{
    Mlp *m = &pg.m;
    int N = pg.train.n < 4 ? pg.train.n : 4, P = m->num_params;
    // chapter 5: the pieces, then the network (mlp_init ran already)
    double z[3] = { -0.5, 0.25, 1.5 }, a[3] = { 0.0, 0.0, 0.0 };
    activation_forward(a, z, 3, act);
    if (!all_finite(a, 3))
        return not_implemented("activation_forward");
    const double w[6] = { 0.5, -1.0, 0.25, 2.0, -0.5, 1.0 }, b[2] = { 0.1, -0.2 };
    double out[4];
    linear_forward(out, w, w, b, 2, 3, 2);    // inp (2, 3) = w itself, weight (2, 3), bias (2)
    if (!all_finite(out, 4))
        return not_implemented("linear_forward");
    if (!all_finite(m->params, P))
        return not_implemented("mlp_init");
    const double *logits = mlp_forward(m, pg.ftrain, N);
    if (logits == NULL)
        return fail(PG_NOT_FINITE, "mlp_forward returned NULL for a batch of %d (max_batch %d) --"
                    " it must return m->acts[m->L]; see its TODO block in %s", N, m->max_batch,
                    PG_SOURCE_05);
    if (!all_finite(logits, N))
        return not_implemented("mlp_forward");
    // chapter 6, in its order: the pieces' backward passes, the loss and its gradient, the network's
    double din[3] = { 0.0, 0.0, 0.0 };
    activation_backward(din, z, a, 3, act);
    if (!all_finite(din, 3))
        return not_implemented("activation_backward");
    double dinp[6] = { 0 }, dw[6] = { 0 }, db[2] = { 0 };
    linear_backward(dinp, dw, db, out, w, w, 2, 3, 2);
    if (!all_finite(dinp, 6) || !all_finite(dw, 6) || !all_finite(db, 2))
        return not_implemented("linear_backward");
    if (!isfinite(bce_loss(logits, pg.train.y, N)))
        return not_implemented("bce_loss");
    double dl[4] = { 0.0, 0.0, 0.0, 0.0 };
    bce_backward(dl, logits, pg.train.y, N);
    if (!all_finite(dl, N))
        return not_implemented("bce_backward");
    mlp_zero_grad(m);
    mlp_backward(m, dl);
    if (!all_finite(m->grads, P))
        return not_implemented("mlp_backward");
    // The rest change the parameters: each runs with learning rate 0 on a copy kept here.
    memcpy(pg.saved, m->params, sizeof(double) * (size_t)P);
    const char *missing = NULL;
    mlp_update(m, 0.0);
    if (!all_finite(m->params, P))
        missing = "mlp_update";
    if (!missing && !isfinite(mlp_train_step(m, pg.ftrain, pg.train.y, N, 0.0)))
        missing = "mlp_train_step";
    memcpy(m->params, pg.saved, sizeof(double) * (size_t)P);
    int order[4] = { 0, 1, 2, 3 };
    if (!missing && !isfinite(mlp_train_epoch(m, pg.ftrain, pg.train.y, N, order, 2, 0.0)))
        missing = "mlp_train_epoch";
    memcpy(m->params, pg.saved, sizeof(double) * (size_t)P);
    mlp_zero_grad(m);
    return missing ? not_implemented(missing) : PG_OK;
}

// Tries the student's mlp_free on a network of its own: a note when it does not free yet
// (the page frees its networks itself, so nothing leaks meanwhile).
static void check_free(Activation act)
{
    Mlp t;
    Rng rng;
    rng_seed(&rng, 1, 1);
    const int sizes[2] = { 1, 1 };
    if (mlp_init(&t, sizes, 1, act, 1, &rng) != 0)
        return;
    mlp_free(&t);
    if (t.params || t.grads || t.work)
        snprintf(pg.note, sizeof pg.note, "mlp_free is not implemented yet (or leaves its pointers"
                 " set) -- write its TODO block in %s; the page frees its networks itself",
                 PG_SOURCE_05);
}

// ---------------------------------------------------------------- the network

PG_EXPORT(pg_shape)
int *pg_shape(void)
{
    return pg.shape;
}

PG_EXPORT(pg_network)
int pg_network(unsigned features, int activation, int hidden, const int *units, int seed)
{
    drop_network();
    reset_status();
    pg.note[0] = '\0';
    if (!pg.have_data)
        return fail(PG_NO_NETWORK, "no data yet: pg_data first");
    if (features == 0 || (features & ~(unsigned)PG_FEAT_ALL))
        return fail(PG_BAD_SETTINGS, "choose at least one input feature");
    if (activation != ACT_SIGMOID && activation != ACT_TANH && activation != ACT_RELU)
        return fail(PG_BAD_SETTINGS, "unknown activation %d (0 sigmoid, 1 tanh, 2 relu)",
                    activation);
    if (hidden < 0 || hidden > PG_MAX_HIDDEN)
        return fail(PG_BAD_SETTINGS, "%d hidden layers is outside 0 .. %d", hidden, PG_MAX_HIDDEN);
    int sizes[PG_MAX_HIDDEN + 2];
    pg.features = features;
    pg.F = 0;
    for (int k = 0; k < 7; k++)
        pg.F += (features >> k) & 1u;
    sizes[0] = pg.F;
    for (int l = 0; l < hidden; l++) {
        if (!units || units[l] < 1 || units[l] > PG_MAX_UNITS)
            return fail(PG_BAD_SETTINGS, "hidden layer %d: %d units is outside 1 .. %d", l + 1,
                        units ? units[l] : 0, PG_MAX_UNITS);
        sizes[l + 1] = units[l];
    }
    sizes[hidden + 1] = 1;

    // The features of the points, then the student's mlp_init.
    int nt = pg.train.n, ns = pg.test.n;
    pg.ftrain = fresh((long)nt * pg.F);
    pg.ftest = fresh((long)ns * pg.F);
    pg.order = calloc((size_t)(nt > 0 ? nt : 1), sizeof(int));
    if (!pg.ftrain || !pg.ftest || !pg.order)
        return fail(PG_NO_MEMORY, "out of memory for the features");
    features_of(pg.ftrain, pg.train.x, nt, features);
    features_of(pg.ftest, pg.test.x, ns, features);
    rng_seed(&pg.rng, (uint64_t)(uint32_t)seed, 2);
    if (mlp_init(&pg.m, sizes, hidden + 1, (Activation)activation, PG_EVAL_BATCH, &pg.rng) != 0) {
        memset(&pg.m, 0, sizeof pg.m);
        return fail(PG_NO_MEMORY, "mlp_init failed (returned -1) for this network: it allocates"
                    " with given code, so the memory ran out");
    }
    pg.have_net = 1;

    // Room for the checks and the maps.
    long P = pg.m.num_params, room = (long)PG_EVAL_BATCH * widest();
    pg.saved = fresh(P);
    pg.before = fresh(P);
    pg.scratch = fresh(room);
    pg.scratch2 = fresh(room);
    pg.scratch3 = fresh(room);
    pg.ones = fresh(room);
    pg.grid = fresh((long)PG_EVAL_BATCH * pg.F);
    if (!pg.saved || !pg.before || !pg.scratch || !pg.scratch2 || !pg.scratch3 || !pg.ones ||
        !pg.grid)
        return fail(PG_NO_MEMORY, "out of memory for the network");
    for (long k = 0; k < room; k++)
        pg.ones[k] = 1.0;

    check_free((Activation)activation);
    if (check_implemented((Activation)activation) != PG_OK)
        return pg.status;
    pg_evaluate();
    return pg.status;
}

PG_EXPORT(pg_layers)
int pg_layers(void)
{
    return pg.have_net ? pg.m.L : 0;
}

PG_EXPORT(pg_size)
int pg_size(int l)
{
    return pg.have_net && l >= 0 && l <= pg.m.L ? pg.m.sizes[l] : 0;
}

PG_EXPORT(pg_weight)
const double *pg_weight(int l)
{
    return pg.have_net && l >= 0 && l < pg.m.L ? pg.m.weight[l] : NULL;
}

PG_EXPORT(pg_bias)
const double *pg_bias(int l)
{
    return pg.have_net && l >= 0 && l < pg.m.L ? pg.m.bias[l] : NULL;
}

// ---------------------------------------------------------------- finding the culprit

// mlp_forward gave NaN or inf (or NULL) on the batch X (B rows): try each layer's pieces on what
// the student's forward pass stored as that layer's input, acts[l].
static int blame_forward(const double *logits, int B)
{
    Mlp *m = &pg.m;
    if (logits == NULL)
        return fail(PG_NOT_FINITE, "mlp_forward returned NULL at epoch %ld for a batch of %d --"
                    " see its TODO block in %s", pg.at_epoch, B, PG_SOURCE_05);
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        if (!tame(m->weight[l], (long)H * D) || !tame(m->bias[l], H))
            return diverged("a weight");
        if (!tame(m->acts[l], (long)B * D))
            return l == 0 ? not_finite("mlp_forward", first_bad(m->acts[0], (long)B * D),
                                       " in acts[0], the copy of the inputs")
                          : diverged("an activation");
        linear_forward(pg.scratch, m->acts[l], m->weight[l], m->bias[l], B, D, H);
        if (!all_finite(pg.scratch, (long)B * H))
            return not_finite("linear_forward", first_bad(pg.scratch, (long)B * H), "");
        if (l < m->L - 1) {
            activation_forward(pg.scratch2, pg.scratch, B * H, m->act);
            if (!all_finite(pg.scratch2, (long)B * H))
                return not_finite("activation_forward", first_bad(pg.scratch2, (long)B * H),
                                  "");
        }
    }
    return not_finite("mlp_forward", first_bad(logits, B), " in the logits");
}

// mlp_backward gave NaN or inf from dlogits (B): try each layer's backward pieces on that
// layer's forward values and, as the gradient from above, what the student's backward pass
// left in dacts[l+1] (or 1s when that is not usable).
static int blame_backward(const double *dlogits, int B)
{
    Mlp *m = &pg.m;
    if (!tame(m->params, m->num_params))
        return diverged("a weight");
    for (int l = m->L - 1; l >= 0; l--) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        long nh = (long)B * H, nd = (long)B * D;
        const double *dout = l == m->L - 1 ? dlogits : m->dacts[l + 1];
        if (!tame(dout, nh))
            dout = pg.ones;
        if (l < m->L - 1) {
            memset(pg.scratch, 0, sizeof(double) * (size_t)nh);
            activation_backward(pg.scratch, dout, m->acts[l + 1], (int)nh, m->act);
            if (!all_finite(pg.scratch, nh))
                return not_finite("activation_backward", first_bad(pg.scratch, nh), "");
        }
        memset(pg.scratch2, 0, sizeof(double) * (size_t)nd);
        memset(pg.scratch3, 0, sizeof(double) * (size_t)(H * D + H));
        linear_backward(pg.scratch2, pg.scratch3, pg.scratch3 + H * D, dout, m->acts[l],
                        m->weight[l], B, D, H);
        if (!all_finite(pg.scratch2, nd) || !all_finite(pg.scratch3, (long)H * D + H))
            return not_finite("linear_backward", !all_finite(pg.scratch2, nd)
                              ? first_bad(pg.scratch2, nd)
                              : first_bad(pg.scratch3, (long)H * D + H), "");
    }
    return not_finite("mlp_backward", first_bad(m->grads, m->num_params), " in the gradients");
}

// The step on the batch (xb, yb) of B points made NaN or inf: with the parameters as they were
// before it, call what mlp_train_step calls (backprop.h's example), one at a time.
static int blame_step(const double *xb, const int *yb, int B, double lr)
{
    Mlp *m = &pg.m;
    int P = m->num_params;
    if (!tame(m->params, P))
        return diverged("a weight");
    mlp_zero_grad(m);
    const double *logits = mlp_forward(m, xb, B);
    if (logits == NULL || !all_finite(logits, B))
        return blame_forward(logits, B);
    double loss = bce_loss(logits, yb, B);
    if (!isfinite(loss))
        return not_finite("bce_loss", loss, "");
    double *dlogits = m->dacts[m->L];
    memset(dlogits, 0, sizeof(double) * (size_t)B);
    bce_backward(dlogits, logits, yb, B);
    if (!all_finite(dlogits, B))
        return not_finite("bce_backward", first_bad(dlogits, B), "");
    double dl[PG_MAX_BATCH];           // what mlp_backward is given, kept for blame_backward
    memcpy(dl, dlogits, sizeof(double) * (size_t)B);
    mlp_backward(m, dlogits);
    if (!all_finite(m->grads, P))
        return blame_backward(dl, B);
    if (!tame(m->grads, P))
        return diverged("a gradient");
    mlp_update(m, lr);
    if (!all_finite(m->params, P))
        return not_finite("mlp_update", first_bad(m->params, P), " in the parameters");
    return not_finite("mlp_train_step", NAN, "");
}

// The epoch from pg.saved with pg.order ended in NaN or inf: replay it a step at a time (the
// batches of mlp_train_epoch's contract) and blame the first step that goes wrong.
static int blame_epoch(int batch, double lr)
{
    Mlp *m = &pg.m;
    int P = m->num_params, D = pg.F, n = pg.train.n;
    memcpy(m->params, pg.saved, sizeof(double) * (size_t)P);
    int yb[PG_MAX_BATCH];
    for (int start = 0; start < n; start += batch) {
        int B = n - start < batch ? n - start : batch;
        for (int j = 0; j < B; j++) {
            int p = pg.order[start + j];
            memcpy(pg.grid + (long)j * D, pg.ftrain + (long)p * D, sizeof(double) * (size_t)D);
            yb[j] = pg.train.y[p];
        }
        memcpy(pg.before, m->params, sizeof(double) * (size_t)P);
        double loss = mlp_train_step(m, pg.grid, yb, B, lr);
        if (!isfinite(loss) || !all_finite(m->params, P)) {
            memcpy(m->params, pg.before, sizeof(double) * (size_t)P);
            return blame_step(pg.grid, yb, B, lr);
        }
    }
    return tame(m->params, P) ? not_finite("mlp_train_epoch", NAN, " as the epoch's loss")
                              : diverged("a weight");
}

// ---------------------------------------------------------------- training

PG_EXPORT(pg_train)
int pg_train(int epochs, int batch, double learning_rate)
{
    if (!pg.have_net || pg.status != PG_OK) {
        if (pg.status == PG_OK)
            fail(PG_NO_NETWORK, "no network yet");
        return 0;
    }
    if (batch < 1 || batch > PG_MAX_BATCH) {
        fail(PG_BAD_SETTINGS, "batch size %d is outside 1 .. %d", batch, PG_MAX_BATCH);
        return 0;
    }
    if (!(learning_rate > 0.0 && learning_rate <= 100.0)) {
        fail(PG_BAD_SETTINGS, "learning rate %g is outside (0, 100]", learning_rate);
        return 0;
    }
    Mlp *m = &pg.m;
    int P = m->num_params, done = 0;
    for (; done < epochs; done++) {
        pg.at_epoch = pg.epoch + 1;
        memcpy(pg.saved, m->params, sizeof(double) * (size_t)P);
        rng_permutation(&pg.rng, pg.order, pg.train.n);
        double loss = mlp_train_epoch(m, pg.ftrain, pg.train.y, pg.train.n, pg.order, batch,
                                      learning_rate);
        if (!isfinite(loss) || !all_finite(m->params, P)) {
            blame_epoch(batch, learning_rate);
            memcpy(m->params, pg.saved, sizeof(double) * (size_t)P);   // show the last good one
            break;
        }
        pg.epoch_loss = loss;
        pg.epoch++;
    }
    return done;
}

// Mean loss and accuracy of the network on X (n, F), y (n), in batches the network takes.
static int evaluate_on(const double *X, const int *y, int n, double *loss, double *acc)
{
    Mlp *m = &pg.m;
    double sum = 0.0;
    int right = 0;
    for (int start = 0; start < n; start += PG_EVAL_BATCH) {
        int B = n - start < PG_EVAL_BATCH ? n - start : PG_EVAL_BATCH;
        const double *logits = mlp_forward(m, X + (long)start * pg.F, B);
        if (logits == NULL || !all_finite(logits, B))
            return blame_forward(logits, B);
        double l = bce_loss(logits, y + start, B);
        if (!isfinite(l))
            return not_finite("bce_loss", l, "");
        sum += B * l;
        for (int j = 0; j < B; j++)
            right += (logits[j] >= 0.0) == (y[start + j] == 1);
    }
    *loss = n > 0 ? sum / n : NAN;
    *acc = n > 0 ? (double)right / n : NAN;
    return PG_OK;
}

PG_EXPORT(pg_evaluate)
int pg_evaluate(void)
{
    if (!pg.have_net || pg.status != PG_OK)
        return pg.status == PG_OK ? fail(PG_NO_NETWORK, "no network yet") : pg.status;
    pg.at_epoch = pg.epoch;
    if (evaluate_on(pg.ftrain, pg.train.y, pg.train.n, &pg.train_loss, &pg.train_acc) != PG_OK)
        return pg.status;
    evaluate_on(pg.ftest, pg.test.y, pg.test.n, &pg.test_loss, &pg.test_acc);
    return pg.status;
}

PG_EXPORT(pg_stat)
double pg_stat(int which)
{
    switch (which) {
    case PG_EPOCH: return (double)pg.epoch;
    case PG_TRAIN_LOSS: return pg.train_loss;
    case PG_TEST_LOSS: return pg.test_loss;
    case PG_TRAIN_ACC: return pg.train_acc;
    case PG_TEST_ACC: return pg.test_acc;
    case PG_EPOCH_LOSS: return pg.epoch_loss;
    case PG_NUM_PARAMS: return pg.have_net ? pg.m.num_params : 0;
    default: return NAN;
    }
}

// ---------------------------------------------------------------- maps of the plane

// The network on every cell of a res x res grid, a batch of cells at a time; `keep` stores
// what it wants of each batch (cells first .. first + B - 1).
static int over_grid(int res, void (*keep)(int first, int B, const double *logits, int res))
{
    Mlp *m = &pg.m;
    double xy[2 * PG_EVAL_BATCH];
    int cells = res * res;
    for (int first = 0; first < cells; first += PG_EVAL_BATCH) {
        int B = cells - first < PG_EVAL_BATCH ? cells - first : PG_EVAL_BATCH;
        for (int j = 0; j < B; j++) {
            int r = (first + j) / res, c = (first + j) % res;
            xy[2 * j] = -6.0 + 12.0 * (c + 0.5) / res;       // x1 grows to the right
            xy[2 * j + 1] = 6.0 - 12.0 * (r + 0.5) / res;    // x2 grows upwards
        }
        features_of(pg.grid, xy, B, pg.features);
        const double *logits = mlp_forward(m, pg.grid, B);
        if (logits == NULL || !all_finite(logits, B))
            return blame_forward(logits, B);
        keep(first, B, logits, res);
    }
    return PG_OK;
}

static void keep_output(int first, int B, const double *logits, int res)
{
    (void)res;
    for (int j = 0; j < B; j++)
        pg.map[first + j] = 1.0 / (1.0 + exp(-logits[j]));
}

// Every hidden unit's output, from what mlp_forward stored in acts[1 .. L-1].
static void keep_units(int first, int B, const double *logits, int res)
{
    (void)logits;
    long cells = (long)res * res, u = 0;
    for (int l = 1; l < pg.m.L; l++) {
        int H = pg.m.sizes[l];
        for (int h = 0; h < H; h++, u++)
            for (int j = 0; j < B; j++)
                pg.unit_maps[u * cells + first + j] = pg.m.acts[l][j * H + h];
    }
}

PG_EXPORT(pg_maps)
int pg_maps(int res, int unit_res)
{
    if (!pg.have_net || pg.status != PG_OK)
        return pg.status == PG_OK ? fail(PG_NO_NETWORK, "no network yet") : pg.status;
    pg.at_epoch = pg.epoch;
    if (res < 2 || res > PG_MAX_MAP || unit_res < 2 || unit_res > PG_MAX_MAP)
        return fail(PG_BAD_SETTINGS, "map sizes %d and %d are outside 2 .. %d", res, unit_res,
                    PG_MAX_MAP);
    int units = 0;
    for (int l = 1; l < pg.m.L; l++)
        units += pg.m.sizes[l];
    free(pg.map);
    free(pg.unit_maps);
    pg.map = fresh((long)res * res);
    pg.unit_maps = fresh((long)units * unit_res * unit_res);
    if (!pg.map || !pg.unit_maps)
        return fail(PG_NO_MEMORY, "out of memory for the maps");
    if (over_grid(res, keep_output) != PG_OK)
        return pg.status;
    return units > 0 ? over_grid(unit_res, keep_units) : PG_OK;
}

PG_EXPORT(pg_map)
const double *pg_map(void)
{
    return pg.map;
}

PG_EXPORT(pg_unit_maps)
const double *pg_unit_maps(void)
{
    return pg.unit_maps;
}

// ---------------------------------------------------------------- what went wrong

PG_EXPORT(pg_sources)
const char *pg_sources(void)
{
    return PG_SOURCE_05 " " PG_SOURCE_06;
}

PG_EXPORT(pg_status)
int pg_status(void)
{
    return pg.status;
}

PG_EXPORT(pg_message)
const char *pg_message(void)
{
    return pg.message;
}

PG_EXPORT(pg_culprit)
const char *pg_culprit(void)
{
    return pg.culprit;
}

PG_EXPORT(pg_note)
const char *pg_note(void)
{
    return pg.note;
}
