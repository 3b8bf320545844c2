/* 06_vanishing.h -- the core of chapter 6's experiment on vanishing gradients (see
 * experiment.h): how the size of d loss / d weight changes from the output layer down to the
 * input, for 1 to 10 hidden layers of 8 units and each activation, from the student's
 * mlp_backward.
 *
 * At initialisation: for each activation and depth, `draws` networks with Glorot's weights
 * (drawn here, biases 0, as mlp_init draws them), one forward and backward pass on the first
 * VAN_BATCH training points of experiment_spiral (binary cross-entropy), and the RMS of each
 * layer's dweight; the geometric mean over the draws. The summary of a depth is the ratio of
 * layer 0's RMS (next to the input) to the output layer's: below 1 the gradient shrinks on
 * its way down. After training: the deepest networks, one per activation, trained `epochs`
 * epochs (lr 0.2, batches of 10, from mlp_init with rng_seed(1, 6)), then the same RMS on the
 * whole training half.
 * Not here on purpose: other widths, initialisations (E=init), normalisation layers.
 */
#ifndef WORKBOOK_EXPERIMENT_06_VANISHING_H
#define WORKBOOK_EXPERIMENT_06_VANISHING_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "experiment.h"

#define VAN_MAX_DEPTH 10        // hidden layers, 1 .. VAN_MAX_DEPTH
#define VAN_WIDTH 8
#define VAN_BATCH 100
#define VAN_LR 0.2

typedef struct {
    int draws;          // networks per activation and depth, at initialisation
    int epochs;         // training of the deepest networks
} VanConfig;

static const VanConfig VAN_FULL = { 20, 300 };
static const VanConfig VAN_QUICK = { 5, 40 };

typedef struct {
    int draws, epochs;
    // rms[f][d-1][l]: activation f, d hidden layers, layer l = 0 .. d (d the output layer)
    double rms[3][VAN_MAX_DEPTH][VAN_MAX_DEPTH + 1];
    double ratio[3][VAN_MAX_DEPTH];            // rms of layer 0 / rms of the output layer
    double per_layer[3];                       // the geometric mean factor a layer, deepest net
    double trained[3][VAN_MAX_DEPTH + 1];      // the deepest nets after training, per layer
    double trained_ratio[3];                   // NaN for a dead network
    int dead[3];                               // 1 when every layer's gradient is exactly 0
    double first_loss[3], last_loss[3];        // their first and last epoch's mean loss
} VanResult;

// The RMS of each layer's dweight for m on X (N, 2), y: into rms (m->L). 0, or -1 when the
// forward pass refuses the batch.
static inline int van_rms(Mlp *m, const double *X, const int *y, int N, double *rms,
                          double *dlogits)
{
    const double *logits = mlp_forward(m, X, N);
    if (!logits)
        return -1;
    memset(dlogits, 0, sizeof(double) * (size_t)N);
    bce_backward(dlogits, logits, y, N);
    mlp_zero_grad(m);
    mlp_backward(m, dlogits);
    for (int l = 0; l < m->L; l++) {
        int n = m->sizes[l] * m->sizes[l + 1];
        double s = 0.0;
        for (int k = 0; k < n; k++)
            s += m->dweight[l][k] * m->dweight[l][k];
        rms[l] = sqrt(s / n);
    }
    return 0;
}

static inline void van_sizes(int *sizes, int depth)
{
    sizes[0] = 2;
    for (int l = 1; l <= depth; l++)
        sizes[l] = VAN_WIDTH;
    sizes[depth + 1] = 1;
}

// Runs the experiment: 0, -1 when out of memory or refused, -2 when a number is not finite.
static inline int van_run(VanResult *r, const VanConfig *cfg)
{
    memset(r, 0, sizeof *r);
    r->draws = cfg->draws, r->epochs = cfg->epochs;
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (experiment_spiral(&all, &train, &test) != 0)
        return -1;
    int status = 0, sizes[VAN_MAX_DEPTH + 2];
    double *dlogits = malloc(sizeof(double) * (size_t)train.n);
    int *order = malloc(sizeof(int) * (size_t)train.n);
    if (!dlogits || !order)
        status = -1;
    for (int f = 0; f < 3 && status == 0; f++)
        for (int d = 1; d <= VAN_MAX_DEPTH && status == 0; d++) {
            van_sizes(sizes, d);
            Rng rng;
            rng_seed(&rng, 66, (uint64_t)d);
            double logsum[VAN_MAX_DEPTH + 1] = { 0 }, rms[VAN_MAX_DEPTH + 1];
            for (int k = 0; k < cfg->draws && status == 0; k++) {
                Mlp m;
                if (mlp_init(&m, sizes, d + 1, (Activation)f, VAN_BATCH, &rng) != 0) {
                    status = -1;
                    break;
                }
                if (van_rms(&m, train.x, train.y, VAN_BATCH, rms, dlogits) != 0)
                    status = -1;
                for (int l = 0; l <= d && status == 0; l++) {
                    if (!(rms[l] > 0.0) || !isfinite(rms[l]))
                        status = -2;
                    else
                        logsum[l] += log(rms[l]);
                }
                mlp_free(&m);
            }
            for (int l = 0; l <= d && status == 0; l++)
                r->rms[f][d - 1][l] = exp(logsum[l] / cfg->draws);
            if (status == 0)
                r->ratio[f][d - 1] = r->rms[f][d - 1][0] / r->rms[f][d - 1][d];
        }
    for (int f = 0; f < 3 && status == 0; f++)
        r->per_layer[f] = pow(r->ratio[f][VAN_MAX_DEPTH - 1], 1.0 / VAN_MAX_DEPTH);

    // The deepest networks, trained.
    for (int f = 0; f < 3 && status == 0; f++) {
        van_sizes(sizes, VAN_MAX_DEPTH);
        Rng rng;
        rng_seed(&rng, 1, 6);
        Mlp m;
        if (mlp_init(&m, sizes, VAN_MAX_DEPTH + 1, (Activation)f, train.n, &rng) != 0) {
            status = -1;
            break;
        }
        for (int e = 0; e < cfg->epochs && status == 0; e++) {
            rng_permutation(&rng, order, train.n);
            double loss = mlp_train_epoch(&m, train.x, train.y, train.n, order, 10, VAN_LR);
            if (!isfinite(loss))
                status = -2;
            if (e == 0)
                r->first_loss[f] = loss;
            r->last_loss[f] = loss;
        }
        if (status == 0 && van_rms(&m, train.x, train.y, train.n, r->trained[f], dlogits) != 0)
            status = -1;
        if (status == 0) {
            r->dead[f] = 1;
            for (int l = 0; l <= VAN_MAX_DEPTH; l++)
                r->dead[f] = r->dead[f] && r->trained[f][l] == 0.0;
            r->trained_ratio[f] = r->trained[f][VAN_MAX_DEPTH] > 0.0
                                      ? r->trained[f][0] / r->trained[f][VAN_MAX_DEPTH] : NAN;
        }
        mlp_free(&m);
    }
    free(dlogits), free(order);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return status;
}

// What the notes say of these numbers.
static inline void van_claims(const VanResult *r, ClaimFn claim)
{
    const int D = VAN_MAX_DEPTH - 1;
    int grows = 1;
    for (int d = 1; d < VAN_MAX_DEPTH; d++)
        grows = grows && r->ratio[0][d] < r->ratio[0][d - 1];
    claimf(claim, grows, "with sigmoid units, each hidden layer more shrinks the gradient at "
           "layer 0 further, depth 1 to %d", VAN_MAX_DEPTH);
    claimf(claim, r->per_layer[0] > 1.0 / 6 && r->per_layer[0] < 1.0 / 3,
           "with sigmoid units the gradient shrinks by a factor of %.1f a layer (the notes: about 4,"
           " between 3 and 6)", 1.0 / r->per_layer[0]);
    claimf(claim, r->ratio[0][D] < 1e-4,
           "with %d sigmoid layers, layer 0's gradient is %.1e of the output layer's (below 1e-4)",
           VAN_MAX_DEPTH, r->ratio[0][D]);
    claimf(claim, r->ratio[1][D] > 0.1 && r->ratio[1][D] < 10 && r->ratio[2][D] > 0.1 &&
           r->ratio[2][D] < 10,
           "with %d tanh or relu layers it stays within a factor of 10 (%.2f and %.2f)",
           VAN_MAX_DEPTH, r->ratio[1][D], r->ratio[2][D]);
    claimf(claim, r->last_loss[0] > 0.69 && r->trained_ratio[0] < 1e-3,
           "after %d epochs the %d-layer sigmoid network has not learned (loss %.3f, above 0.69), "
           "its layer 0's gradient still %.1e of the output's", r->epochs, VAN_MAX_DEPTH,
           r->last_loss[0], r->trained_ratio[0]);
    claimf(claim, r->trained_ratio[1] > 0.1 && r->trained_ratio[1] < 10,
           "after training, the tanh network's layer 0 still gets %.2f of the output's gradient",
           r->trained_ratio[1]);
    claimf(claim, r->dead[2],
           "the %d-layer relu network of this run ends dead: every layer's gradient is exactly 0",
           VAN_MAX_DEPTH);
}

#endif
