/* 06_lr.h -- the core of chapter 6's experiment on the learning rate and the curvature (see
 * experiment.h): chapter 3's ceiling 2 / lambda_max, on a real network.
 *
 * The network is 2-16-16-1 tanh on the 250 training points of experiment_spiral, trained by
 * full-batch gradient descent (every step on all the points, mlp_train_step), so that each step
 * is chapter 3's step on one fixed loss. lambda_max, the largest eigenvalue of the loss's
 * Hessian, comes from hessian_top_eigenvalue (chapter 3) on the loss and gradient of the
 * student's forward and backward passes. First it is measured at the start (Glorot's weights,
 * rng_seed(1, 6)); then the network is trained from that start at rates c * 2 / lambda_0 for
 * the factors c of the sweep, and at the end of each run lambda_max is measured again.
 * Not here on purpose: mini-batches (their noise blurs the ceiling), momentum, schedules.
 */
#ifndef WORKBOOK_EXPERIMENT_06_LR_H
#define WORKBOOK_EXPERIMENT_06_LR_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "descent.h"
#include "experiment.h"

#define LR_MAX_RATES 12
#define LR_ITERS 30             // power iterations
#define LR_H 1e-4               // the step of the centred differences
#define LR_BLOWUP 5.0           // a run whose loss passes this has diverged

typedef struct {
    int steps;          // full-batch steps a run
    int first, rates;   // the factors c = 2^(k/2) / 8 for k = first .. first + rates - 1
} LrConfig;

static const LrConfig LR_FULL = { 1000, 0, 12 };
static const LrConfig LR_QUICK = { 400, 4, 8 };

typedef struct {
    int steps, rates;
    double lambda0;                    // lambda_max at the start
    double factor[LR_MAX_RATES];       // c: the rate is c * 2 / lambda0
    double lr[LR_MAX_RATES];
    double final_loss[LR_MAX_RATES];   // the loss after the last step (NaN: diverged)
    double max_loss[LR_MAX_RATES];     // the largest loss along the run
    double first_rise[LR_MAX_RATES];   // the loss after 1 step over the loss at the start
    double lambda_end[LR_MAX_RATES];   // lambda_max at the end (NaN: diverged)
    double lambda_late[LR_MAX_RATES];  // its geometric mean over the last half of the run,
                                       // measured every tenth of it (NaN: diverged)
    int diverged[LR_MAX_RATES];
    double loss0;                      // the loss at the start
    double curve[LR_MAX_RATES][1001];  // the loss before each step, then the last
} LrResult;

// The loss and its gradient at params, through the student's passes: what
// hessian_top_eigenvalue calls.
typedef struct {
    Mlp *m;
    const Dataset *train;
    double *dlogits;
} LrNet;

static inline double lr_loss_grad(double *grad, const double *params, void *ctx)
{
    LrNet *n = ctx;
    Mlp *m = n->m;
    memcpy(m->params, params, sizeof(double) * (size_t)m->num_params);
    const double *logits = mlp_forward(m, n->train->x, n->train->n);
    if (!logits)
        return NAN;
    double loss = bce_loss(logits, n->train->y, n->train->n);
    memset(n->dlogits, 0, sizeof(double) * (size_t)n->train->n);
    bce_backward(n->dlogits, logits, n->train->y, n->train->n);
    mlp_zero_grad(m);
    mlp_backward(m, n->dlogits);
    memcpy(grad, m->grads, sizeof(double) * (size_t)m->num_params);
    return loss;
}

// lambda_max at m's parameters (which it leaves as they were). v and saved: scratch (P).
static inline double lr_lambda(LrNet *n, double *v, double *saved)
{
    Mlp *m = n->m;
    int P = m->num_params;
    memcpy(saved, m->params, sizeof(double) * (size_t)P);
    Rng rng;
    rng_seed(&rng, 7, 3);
    for (int i = 0; i < P; i++)
        v[i] = rng_range(&rng, -1.0, 1.0);
    double lambda = hessian_top_eigenvalue(v, lr_loss_grad, n, saved, P, LR_ITERS, LR_H);
    memcpy(m->params, saved, sizeof(double) * (size_t)P);
    return lambda;
}

static inline int lr_net(Mlp *m, const Dataset *train)
{
    const int sizes[4] = { 2, 16, 16, 1 };
    Rng rng;
    rng_seed(&rng, 1, 6);
    return mlp_init(m, sizes, 3, ACT_TANH, train->n, &rng);
}

// Runs the experiment: 0, -1 when out of memory, -2 when lambda_max is not finite.
static inline int lr_run(LrResult *r, const LrConfig *cfg)
{
    memset(r, 0, sizeof *r);
    r->steps = cfg->steps, r->rates = cfg->rates;
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (experiment_spiral(&all, &train, &test) != 0)
        return -1;
    Mlp m;
    int status = lr_net(&m, &train) == 0 ? 0 : -1;
    int P = status == 0 ? m.num_params : 1;
    double *v = malloc(sizeof(double) * (size_t)P), *saved = malloc(sizeof(double) * (size_t)P);
    double *dlogits = malloc(sizeof(double) * (size_t)train.n);
    if (!v || !saved || !dlogits)
        status = -1;
    LrNet net = { &m, &train, dlogits };
    if (status == 0) {
        r->lambda0 = lr_lambda(&net, v, saved);
        if (!isfinite(r->lambda0) || r->lambda0 <= 0.0)
            status = -2;
    }
    if (status == 0)
        mlp_free(&m);
    for (int k = 0; k < cfg->rates && status == 0; k++) {
        r->factor[k] = pow(2.0, 0.5 * (cfg->first + k)) / 8.0;
        r->lr[k] = r->factor[k] * 2.0 / r->lambda0;
        if (lr_net(&m, &train) != 0) {
            status = -1;
            break;
        }
        r->max_loss[k] = 0.0;
        double first = NAN, loss = NAN, logsum = 0.0;
        int samples = 0;
        for (int t = 0; t <= cfg->steps; t++) {
            // the loss at the current parameters, then one full-batch step (none after the last)
            const double *logits = mlp_forward(&m, train.x, train.n);
            loss = bce_loss(logits, train.y, train.n);
            r->curve[k][t] = loss;
            if (t == 0)
                first = r->loss0 = loss;
            if (t == 1)
                r->first_rise[k] = loss / first;
            if (!(loss < LR_BLOWUP)) {
                r->diverged[k] = 1;
                for (int u = t; u <= cfg->steps; u++)
                    r->curve[k][u] = NAN;
                break;
            }
            r->max_loss[k] = fmax(r->max_loss[k], loss);
            if (2 * t >= cfg->steps && t % (cfg->steps / 10) == 0) {
                double lambda = lr_lambda(&net, v, saved);
                logsum += log(fabs(lambda)), samples++;
                if (t == cfg->steps)
                    r->lambda_end[k] = lambda;
            }
            if (t < cfg->steps)
                mlp_train_step(&m, train.x, train.y, train.n, r->lr[k]);
        }
        r->final_loss[k] = r->diverged[k] ? NAN : loss;
        if (r->diverged[k])
            r->lambda_end[k] = NAN;
        r->lambda_late[k] = r->diverged[k] ? NAN : exp(logsum / samples);
        mlp_free(&m);
    }
    free(v), free(saved), free(dlogits);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return status;
}

// What the notes say of these numbers.
static inline void lr_claims(const LrResult *r, ClaimFn claim)
{
    int falls = 1, rises = 1, trains = 1, blows = 1, meets = 1, n_below = 0;
    double lo = INFINITY, hi = 0.0;
    for (int k = 0; k < r->rates; k++) {
        double c = r->factor[k], at = r->lambda_late[k] * r->lr[k] / 2.0;
        if (c <= 1.0 + 1e-9)
            falls = falls && r->first_rise[k] < 1.0;
        if (c >= 2.0 - 1e-9)
            rises = rises && r->first_rise[k] > 1.0;
        if (c < 3.9)
            trains = trains && !r->diverged[k] && r->final_loss[k] < r->loss0;
        else
            blows = blows && r->diverged[k];
        if (c < 0.99) {
            meets = meets && at >= 0.5 && at <= 1.5 && r->lambda_late[k] > r->lambda0;
            n_below++;
            lo = fmin(lo, at), hi = fmax(hi, at);
        }
    }
    claimf(claim, falls && rises,
           "the first step lowers the loss at every rate up to 2/lambda_0 = %.3g and raises it "
           "from twice that on", 2.0 / r->lambda0);
    claimf(claim, trains && blows,
           "every run below 4 times 2/lambda_0 ends below the starting loss; from 4 times on, "
           "training diverges");
    claimf(claim, meets && n_below > 0,
           "below 2/lambda_0, lambda_max grows during training until it is near 2/rate: "
           "lambda_max * rate / 2 is %.2f to %.2f over the last half (the notes: 0.5 to 1.5)",
           lo, hi);
}

#endif
