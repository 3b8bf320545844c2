/* 06_dead.h -- the core of chapter 6's experiment on dead relus (see experiment.h): how many
 * hidden units of a relu network output 0 on every training point, epoch by epoch, when the
 * learning rate is large or the biases start below 0.
 *
 * The network is 2-16-16-1 relu on the 250 training points of experiment_spiral, batches of
 * 10, weights from mlp_init with rng_seed(seed, 6) and each epoch's order from the same
 * generator. Two sweeps: the learning rate (biases 0), and a bias every hidden unit starts
 * with (learning rate DEAD_BASE_LR). A unit is dead when its activation is exactly 0 on every
 * training point (one mlp_forward of all 250); a dead unit of the first hidden layer gets no
 * gradient from any point and its inputs never change, so it stays dead.
 * Not here on purpose: leaky relus and other cures (the notes name them), other data.
 */
#ifndef WORKBOOK_EXPERIMENT_06_DEAD_H
#define WORKBOOK_EXPERIMENT_06_DEAD_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "experiment.h"
#include "../net_accuracy.h"

#define DEAD_RUNS 4
#define DEAD_MAX_EPOCHS 200
#define DEAD_WIDTH 16
#define DEAD_BASE_LR 0.2

typedef struct {
    int epochs;
    int seeds;                    // each run is the mean over seeds 1 .. seeds
} DeadConfig;

static const DeadConfig DEAD_FULL = { 200, 5 };
static const DeadConfig DEAD_QUICK = { 40, 2 };

static const double DEAD_LRS[DEAD_RUNS] = { 0.02, 0.2, 1.0, 3.0 };
static const double DEAD_BIASES[DEAD_RUNS] = { 0.0, -1.0, -2.0, -4.0 };

typedef struct {
    int epochs, seeds;
    int points;                   // training points
    // [sweep][run][epoch]: sweep 0 the learning rates, 1 the biases; epoch 0 is the start
    double dead[2][DEAD_RUNS][DEAD_MAX_EPOCHS + 1];     // dead units of 32, mean over seeds
    double final_loss[2][DEAD_RUNS];                    // the last epoch's mean loss, mean
    double final_acc[2][DEAD_RUNS];                     // training accuracy at the end, mean
    int first_layer_revived;      // a unit of the first hidden layer dead, then alive (never)
    int not_finite;               // runs whose loss stopped being finite (counted as lost)
} DeadResult;

// The dead units of each hidden layer of m on X (N, 2): dead[0], dead[1]; marks the first
// layer's in mask (DEAD_WIDTH). 0, or -1 when mlp_forward refuses.
static inline int dead_count(Mlp *m, const double *X, int N, int *dead, int *mask)
{
    if (!mlp_forward(m, X, N))
        return -1;
    for (int l = 1; l <= 2; l++) {
        dead[l - 1] = 0;
        for (int h = 0; h < DEAD_WIDTH; h++) {
            int alive = 0;
            for (int n = 0; n < N && !alive; n++)
                alive = m->acts[l][n * DEAD_WIDTH + h] != 0.0;
            dead[l - 1] += !alive;
            if (l == 1)
                mask[h] = !alive;
        }
    }
    return 0;
}

// One run of sweep `sweep` (0: learning rates, 1: biases), run k, seed. 0, or -1.
static inline int dead_one(DeadResult *r, int sweep, int k, int seed, const Dataset *train,
                           int *order)
{
    const int sizes[4] = { 2, DEAD_WIDTH, DEAD_WIDTH, 1 };
    double lr = sweep == 0 ? DEAD_LRS[k] : DEAD_BASE_LR;
    Rng rng;
    rng_seed(&rng, (uint64_t)seed, 6);
    Mlp m;
    if (mlp_init(&m, sizes, 3, ACT_RELU, train->n, &rng) != 0)
        return -1;
    if (sweep == 1)
        for (int l = 0; l < 2; l++)
            for (int h = 0; h < DEAD_WIDTH; h++)
                m.bias[l][h] = DEAD_BIASES[k];
    int dead[2], mask[DEAD_WIDTH], was[DEAD_WIDTH], status = 0;
    double loss = NAN;
    for (int e = 0; e <= r->epochs && status == 0; e++) {
        if (e > 0) {
            rng_permutation(&rng, order, train->n);
            loss = mlp_train_epoch(&m, train->x, train->y, train->n, order, 10, lr);
        }
        if ((e > 0 && !isfinite(loss)) || dead_count(&m, train->x, train->n, dead, mask) != 0) {
            // diverged: the rest of the run counts every unit as lost
            r->not_finite++;
            for (int f = e; f <= r->epochs; f++)
                r->dead[sweep][k][f] += 2.0 * DEAD_WIDTH / r->seeds;
            loss = NAN;
            break;
        }
        r->dead[sweep][k][e] += (double)(dead[0] + dead[1]) / r->seeds;
        for (int h = 0; h < DEAD_WIDTH && e > 0; h++)
            r->first_layer_revived += was[h] && !mask[h];
        memcpy(was, mask, sizeof was);
    }
    r->final_loss[sweep][k] += loss / r->seeds;
    r->final_acc[sweep][k] += (isfinite(loss) ? net_accuracy(&m, train) : 0.0) / r->seeds;
    mlp_free(&m);
    return status;
}

// Runs the experiment: 0, or -1 when out of memory.
static inline int dead_run(DeadResult *r, const DeadConfig *cfg)
{
    memset(r, 0, sizeof *r);
    r->epochs = cfg->epochs, r->seeds = cfg->seeds;
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (experiment_spiral(&all, &train, &test) != 0)
        return -1;
    r->points = train.n;
    int *order = malloc(sizeof(int) * (size_t)train.n), status = order ? 0 : -1;
    for (int sweep = 0; sweep < 2 && status == 0; sweep++)
        for (int k = 0; k < DEAD_RUNS && status == 0; k++)
            for (int seed = 1; seed <= cfg->seeds && status == 0; seed++)
                status = dead_one(r, sweep, k, seed, &train, order);
    free(order);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return status;
}

// What the notes say of these numbers.
static inline void dead_claims(const DeadResult *r, ClaimFn claim)
{
    int E = r->epochs;
    claimf(claim, r->first_layer_revived == 0,
           "no unit of the first hidden layer comes back to life once dead (%d did)",
           r->first_layer_revived);
    claimf(claim, r->dead[0][1][E] <= 4.0,
           "at the chapter's rate %g, %.1f of 32 units are dead after %d epochs (at most 4)",
           DEAD_LRS[1], r->dead[0][1][E], E);
    claimf(claim, r->dead[0][3][E] >= 2.0 * r->dead[0][1][E] + 4.0,
           "at rate %g, %.1f are dead after %d epochs: many more than at %g",
           DEAD_LRS[3], r->dead[0][3][E], E, DEAD_LRS[1]);
    int more = 1;
    for (int k = 1; k < DEAD_RUNS; k++)
        more = more && r->dead[1][k][0] >= r->dead[1][k - 1][0];
    claimf(claim, more && r->dead[1][DEAD_RUNS - 1][0] >= 16.0,
           "the lower the starting bias, the more units are dead from the start (%.1f of 32 with "
           "bias %g)", r->dead[1][DEAD_RUNS - 1][0], DEAD_BIASES[DEAD_RUNS - 1]);
}

#endif
