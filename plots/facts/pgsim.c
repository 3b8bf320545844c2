/* pgsim.c -- see pgsim.h. */
#include "pgsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

enum { POINTS = 500, MAX_UNITS = 16, MAX_LAYERS = 6 };

typedef struct {
    int L, size[MAX_LAYERS + 1];                             // layer l maps size[l] to size[l+1]
    double w[MAX_LAYERS][MAX_UNITS][MAX_UNITS], b[MAX_LAYERS][MAX_UNITS];
    double gw[MAX_LAYERS][MAX_UNITS][MAX_UNITS], gb[MAX_LAYERS][MAX_UNITS];
    double a[MAX_LAYERS + 1][MAX_UNITS];                     // a[0] the inputs, a[L] the output
    int acc;                                                 // points accumulated since a step
    int act;                                                 // 0 tanh, 1 relu, 2 sigmoid, 3 linear
} Net;

static double act(int f, double z)
{
    return f == 0 ? tanh(z) : f == 1 ? (z > 0 ? z : 0) : f == 2 ? 1 / (1 + exp(-z)) : z;
}

// The derivative, from the unit's output a (as the Playground does from its total input).
static double act_deriv(int f, double a)
{
    return f == 0 ? 1 - a * a : f == 1 ? (a > 0 ? 1 : 0) : f == 2 ? a * (1 - a) : 1;
}

static int has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

// The inputs the demo switched on, in the Playground's order.
static int inputs(double *out, const char *features, double x1, double x2)
{
    int k = 0;
    if (has(features, "x1")) out[k++] = x1;
    if (has(features, "x2")) out[k++] = x2;
    if (has(features, "x1sq")) out[k++] = x1 * x1;
    if (has(features, "x2sq")) out[k++] = x2 * x2;
    if (has(features, "x1x2")) out[k++] = x1 * x2;
    if (has(features, "sin1")) out[k++] = sin(x1);
    if (has(features, "sin2")) out[k++] = sin(x2);
    return k;
}

static double forward(Net *net, const Playground *pg, double x1, double x2)
{
    inputs(net->a[0], pg->features, x1, x2);
    for (int l = 0; l < net->L; l++)
        for (int h = 0; h < net->size[l + 1]; h++) {
            double z = net->b[l][h];
            for (int i = 0; i < net->size[l]; i++)
                z += net->w[l][h][i] * net->a[l][i];
            net->a[l + 1][h] = l == net->L - 1 ? tanh(z) : act(net->act, z);
        }
    return net->a[net->L][0];
}

// Accumulates the gradient of 0.5 (out - t)^2 for the point forward() just saw.
static void backward(Net *net, double t)
{
    double d[MAX_UNITS], below[MAX_UNITS];
    double out = net->a[net->L][0];
    d[0] = (out - t) * (1 - out * out);
    for (int l = net->L - 1; l >= 0; l--) {
        for (int i = 0; i < net->size[l]; i++)
            below[i] = 0;
        for (int h = 0; h < net->size[l + 1]; h++) {
            net->gb[l][h] += d[h];
            for (int i = 0; i < net->size[l]; i++) {
                net->gw[l][h][i] += d[h] * net->a[l][i];
                below[i] += d[h] * net->w[l][h][i];
            }
        }
        if (l > 0)
            for (int i = 0; i < net->size[l]; i++)
                d[i] = below[i] * act_deriv(net->act, net->a[l][i]);
    }
    net->acc++;
}

static void update(Net *net, double lr)
{
    for (int l = 0; l < net->L; l++)
        for (int h = 0; h < net->size[l + 1]; h++) {
            net->b[l][h] -= lr * net->gb[l][h] / net->acc;
            net->gb[l][h] = 0;
            for (int i = 0; i < net->size[l]; i++) {
                net->w[l][h][i] -= lr * net->gw[l][h][i] / net->acc;
                net->gw[l][h][i] = 0;
            }
        }
    net->acc = 0;
}

static void measure(Net *net, const Playground *pg, const Dataset *ds, int from, int to,
                    double *loss, double *accuracy)
{
    double sum = 0;
    int right = 0;
    for (int n = from; n < to; n++) {
        double out = forward(net, pg, ds->x[2 * n], ds->x[2 * n + 1]), t = ds->y[n] ? 1 : -1;
        sum += 0.5 * (out - t) * (out - t);
        right += (out >= 0) == (ds->y[n] == 1);
    }
    *loss = sum / (to - from);
    *accuracy = (double)right / (to - from);
}

PgResult pg_run(const Playground *pg, uint64_t seed, int epochs)
{
    static const char *acts[4] = { "tanh", "relu", "sigmoid", "linear" };
    static Net net;
    memset(&net, 0, sizeof net);
    net.act = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(pg->activation, acts[i]) == 0)
            net.act = i;
    int (*gen)(Dataset *, int, double, Rng *) =
        strcmp(pg->dataset, "circle") == 0 ? data_circle : strcmp(pg->dataset, "xor") == 0 ? data_xor
        : strcmp(pg->dataset, "gauss") == 0 ? data_gauss : strcmp(pg->dataset, "spiral") == 0 ? data_spiral
        : NULL;
    if (net.act < 0 || gen == NULL)
        facts_die("pg_run: unknown data set %s or activation %s", pg->dataset, pg->activation);

    // The architecture: inputs, the hidden widths, one output.
    double probe[8];
    net.size[0] = inputs(probe, pg->features, 0, 0);
    net.L = 0;
    for (const char *p = pg->hidden; *p; ) {
        net.size[++net.L] = (int)strtol(p, (char **)&p, 10);
        if (*p == ',')
            p++;
    }
    net.size[++net.L] = 1;
    if (net.L > MAX_LAYERS)
        facts_die("pg_run: too many layers");
    for (int l = 0; l <= net.L; l++)
        if (net.size[l] < 1 || net.size[l] > MAX_UNITS)
            facts_die("pg_run: a layer of %d units", net.size[l]);

    Rng rng;
    rng_seed(&rng, seed, 9);
    Dataset ds = { 0 };
    if (gen(&ds, POINTS, pg->noise / 100.0, &rng) != 0)
        facts_die("pg_run: the data generator failed");
    dataset_shuffle(&ds, &rng);
    int split = POINTS * pg->train_percent / 100;
    for (int l = 0; l < net.L; l++)
        for (int h = 0; h < net.size[l + 1]; h++) {
            net.b[l][h] = 0.1;
            for (int i = 0; i < net.size[l]; i++)
                net.w[l][h][i] = rng_range(&rng, -0.5, 0.5);
        }
    for (int e = 0; e < epochs; e++)
        for (int n = 0; n < split; n++) {
            forward(&net, pg, ds.x[2 * n], ds.x[2 * n + 1]);
            backward(&net, ds.y[n] ? 1.0 : -1.0);
            if ((n + 1) % pg->batch == 0)
                update(&net, pg->lr);
        }
    PgResult r;
    measure(&net, pg, &ds, 0, split, &r.train_loss, &r.train_acc);
    measure(&net, pg, &ds, split, POINTS, &r.test_loss, &r.test_acc);
    dataset_free(&ds);
    return r;
}
