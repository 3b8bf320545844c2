/* 06_init.h -- the core of chapter 6's experiment on initialisation (see experiment.h): the
 * same network trained on the spiral from three starts, with the student's mlp_train_epoch.
 *
 *   glorot    mlp_init's weights, U(-r, r) with r = sqrt(6 / (D + H)) (chapter 5)
 *   uniform   every weight U(-0.5, 0.5), whatever the layer's width
 *   zero      every weight and bias 0; and, to see the symmetry move, zero with sigmoid units
 * The network is 2-16-16-1 tanh (chapter 6's figure), lr 0.2, batches of 10, on the 250
 * training points of experiment_spiral; the weights and each epoch's order come from
 * rng_seed(seed, 6) for seeds 1 .. seeds (the zero starts draw only the orders). Recorded: the
 * mean training loss of each epoch (mlp_train_epoch's), the epochs until it is below
 * INIT_TARGET, the accuracies at the end, and how far apart the hidden units are: the largest
 * difference between two rows of a hidden layer's weights and biases, or two columns of the
 * next layer's weights (0 when every unit is a copy of the first).
 * Not here on purpose: other widths or depths (the vanishing-gradient experiment), learning
 * rates (E=lr), biases drawn at random.
 */
#ifndef WORKBOOK_EXPERIMENT_06_INIT_H
#define WORKBOOK_EXPERIMENT_06_INIT_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "experiment.h"
#include "../net_accuracy.h"

#define INIT_STARTS 4           // glorot, uniform, zero (tanh), zero (sigmoid)
#define INIT_MAX_EPOCHS 400
#define INIT_MAX_SEEDS 5
#define INIT_TARGET 0.3         // "trained": the epoch's mean training loss below this
#define INIT_SYMMETRY_EPOCH 100 // the symmetry is measured after this many epochs
#define INIT_LR 0.2
#define INIT_BATCH 10
#define INIT_UNIFORM 0.5       // the plain start: U(-0.5, 0.5)

typedef struct {
    int epochs;
    int seeds;
} InitConfig;

static const InitConfig INIT_FULL = { 400, 5 };
static const InitConfig INIT_QUICK = { 300, 2 };

static const char *const INIT_NAMES[INIT_STARTS] = { "glorot", "uniform", "zero", "zero_sigmoid" };

typedef struct {
    int epochs, seeds;
    double loss[INIT_STARTS][INIT_MAX_EPOCHS];     // the mean over the seeds of each epoch's loss
    double first_loss[INIT_STARTS][INIT_MAX_SEEDS];
    double final_loss[INIT_STARTS][INIT_MAX_SEEDS];
    int to_target[INIT_STARTS][INIT_MAX_SEEDS];     // epochs until below INIT_TARGET, or -1
    double train_acc[INIT_STARTS], test_acc[INIT_STARTS];   // means over the seeds
    double spread[INIT_STARTS];      // max over seeds of the units' spread after
                                     // INIT_SYMMETRY_EPOCH epochs (or the last, if fewer)
    double moved[INIT_STARTS];       // max over seeds of the largest |hidden weight| then
    double rows[INIT_STARTS][16][3]; // the first hidden layer after training, seed 1: w1 w2 b
} InitResult;

// The largest difference between two hidden units of m: rows of weight[l] and bias[l] of a
// hidden layer, columns of weight[l+1]. 0 when they are copies.
static inline double init_spread(const Mlp *m)
{
    double worst = 0.0;
    for (int l = 0; l + 1 < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1], K = m->sizes[l + 2];
        for (int h = 1; h < H; h++) {
            for (int i = 0; i < D; i++)
                worst = fmax(worst, fabs(m->weight[l][h * D + i] - m->weight[l][i]));
            worst = fmax(worst, fabs(m->bias[l][h] - m->bias[l][0]));
            for (int k = 0; k < K; k++)
                worst = fmax(worst, fabs(m->weight[l + 1][k * H + h] - m->weight[l + 1][k * H]));
        }
    }
    return worst;
}

// The largest |weight| of a hidden layer (is anything there at all?).
static inline double init_largest(const Mlp *m)
{
    double worst = 0.0;
    for (int l = 0; l + 1 < m->L; l++)
        for (int k = 0; k < m->sizes[l + 1] * m->sizes[l]; k++)
            worst = fmax(worst, fabs(m->weight[l][k]));
    return worst;
}

// One run: start s, seed. Returns 0, -1 when out of memory, -2 when a loss is not finite.
static inline int init_one(InitResult *r, int s, int seed, const Dataset *train,
                           const Dataset *test, int *order)
{
    const int sizes[4] = { 2, 16, 16, 1 };
    Rng rng;
    rng_seed(&rng, (uint64_t)seed, 6);
    Mlp m;
    if (mlp_init(&m, sizes, 3, s == 3 ? ACT_SIGMOID : ACT_TANH, INIT_BATCH, &rng) != 0)
        return -1;
    if (s == 1) {
        for (int l = 0; l < m.L; l++)
            for (int k = 0; k < m.sizes[l + 1] * m.sizes[l]; k++)
                m.weight[l][k] = rng_range(&rng, -INIT_UNIFORM, INIT_UNIFORM);
    } else if (s >= 2) {
        memset(m.params, 0, sizeof(double) * (size_t)m.num_params);
    }
    r->to_target[s][seed - 1] = -1;
    int sym_at = r->epochs < INIT_SYMMETRY_EPOCH ? r->epochs : INIT_SYMMETRY_EPOCH;
    for (int e = 0; e < r->epochs; e++) {
        rng_permutation(&rng, order, train->n);
        double loss = mlp_train_epoch(&m, train->x, train->y, train->n, order, INIT_BATCH, INIT_LR);
        if (!isfinite(loss)) {
            mlp_free(&m);
            return -2;
        }
        r->loss[s][e] += loss / r->seeds;
        if (e == 0)
            r->first_loss[s][seed - 1] = loss;
        r->final_loss[s][seed - 1] = loss;
        if (loss < INIT_TARGET && r->to_target[s][seed - 1] < 0)
            r->to_target[s][seed - 1] = e + 1;
        if (e + 1 == sym_at) {
            r->spread[s] = fmax(r->spread[s], init_spread(&m));
            r->moved[s] = fmax(r->moved[s], init_largest(&m));
        }
    }
    r->train_acc[s] += net_accuracy(&m, train) / r->seeds;
    r->test_acc[s] += net_accuracy(&m, test) / r->seeds;
    if (seed == 1)
        for (int h = 0; h < 16; h++)
            r->rows[s][h][0] = m.weight[0][2 * h], r->rows[s][h][1] = m.weight[0][2 * h + 1],
            r->rows[s][h][2] = m.bias[0][h];
    mlp_free(&m);
    return 0;
}

// Runs the experiment: 0, -1 when out of memory, -2 when training gave a loss that is not
// finite (the driver names the exercise).
static inline int init_run(InitResult *r, const InitConfig *cfg)
{
    memset(r, 0, sizeof *r);
    r->epochs = cfg->epochs, r->seeds = cfg->seeds;
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (experiment_spiral(&all, &train, &test) != 0)
        return -1;
    int *order = malloc(sizeof(int) * (size_t)train.n), status = order ? 0 : -1;
    for (int s = 0; s < INIT_STARTS && status == 0; s++)
        for (int seed = 1; seed <= cfg->seeds && status == 0; seed++)
            status = init_one(r, s, seed, &train, &test, order);
    free(order);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return status;
}

// The mean over the seeds of the final loss, and of the epochs to the target (-1 when some
// seed never got there).
static inline double init_mean_final(const InitResult *r, int s)
{
    double sum = 0.0;
    for (int k = 0; k < r->seeds; k++)
        sum += r->final_loss[s][k];
    return sum / r->seeds;
}
static inline double init_mean_to_target(const InitResult *r, int s)
{
    double sum = 0.0;
    for (int k = 0; k < r->seeds; k++) {
        if (r->to_target[s][k] < 0)
            return -1.0;
        sum += r->to_target[s][k];
    }
    return sum / r->seeds;
}

// What the notes say of these numbers.
static inline void init_claims(const InitResult *r, ClaimFn claim)
{
    int sym_at = r->epochs < INIT_SYMMETRY_EPOCH ? r->epochs : INIT_SYMMETRY_EPOCH;
    claimf(claim, r->spread[2] <= 1e-12 && r->spread[3] <= 1e-12,
           "from zero, after %d epochs, the hidden units are copies of each other: rows differ by "
           "at most %.1e (tanh) and %.1e (sigmoid), within 1e-12", sym_at, r->spread[2], r->spread[3]);
    claimf(claim, r->moved[2] == 0.0 && r->moved[3] > 1e-3,
           "from zero, tanh's hidden weights never move (largest %.1e); sigmoid's do (%.2g), "
           "all alike", r->moved[2], r->moved[3]);
    double g = init_mean_final(r, 0), u = init_mean_final(r, 1);
    double z = init_mean_final(r, 2), zs = init_mean_final(r, 3);
    claimf(claim, z > 0.6 && zs > 0.6 && g < 0.5 * z,
           "from zero the loss stays near ln 2 = 0.693 (%.3f tanh, %.3f sigmoid), from Glorot's "
           "start it falls to %.3f", z, zs, g);
    claimf(claim, r->spread[0] > 0.1 && r->spread[1] > 0.1,
           "from random starts the units differ (spread %.2f Glorot, %.2f uniform)", r->spread[0],
           r->spread[1]);
    double tg = init_mean_to_target(r, 0), tu = init_mean_to_target(r, 1);
    claimf(claim, tg > 0 && tu > 0 && fabs(tg - tu) <= 0.25 * fmax(tg, tu) && g < 0.1 && u < 0.1,
           "at this width Glorot's and U(-0.5, 0.5) train alike: %.0f and %.0f epochs to a loss of "
           "%g (within 25%%), final losses %.3f and %.3f", tg, tu, INIT_TARGET, g, u);
}

#endif
