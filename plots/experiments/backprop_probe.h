/* backprop_probe.h -- what chapter 6's experiments check before they train: every exercise of
 * chapters 5 and 6 they run, on a tiny network, in the order the grader checks them.
 * Header-only, like experiment.h; included by the drivers (plots/experiments/06_*.c).
 */
#ifndef WORKBOOK_BACKPROP_PROBE_H
#define WORKBOOK_BACKPROP_PROBE_H

#include <math.h>
#include <stdlib.h>

#include "backprop.h"
#include "experiment.h"
#include "mlp.h"

// Stops with "needs X" (experiment_needs) at the first exercise that is still its stub (NaN):
// chapter 5's forward pieces, then chapter 6's backward pieces, then the network's. `source`
// names chapter 6's file in messages; chapter 5's is found beside it.
static inline void experiment_probe_backprop(const char *source)
{
    const char *mlp = experiment_sibling(source, "05_mlp.c", 0);
    const int sizes[3] = { 2, 3, 1 };
    double X[4] = { 0.5, -1.0, 1.0, 2.0 }, z[2], d[4] = { 0, 0, 0, 0 }, g[2] = { 1, 1 };
    double a[2] = { 0.5, 0.5 }, dw[2] = { 0, 0 }, db = 0;
    int y[2] = { 0, 1 }, order[2] = { 1, 0 };
    activation_forward(z, X, 2, ACT_TANH);
    if (isnan(z[0]))
        experiment_needs("activation_forward", mlp);
    linear_forward(z, X, X, X, 1, 2, 1);
    if (isnan(z[0]))
        experiment_needs("linear_forward", mlp);
    activation_backward(d, g, a, 2, ACT_TANH);
    if (isnan(d[0]))
        experiment_needs("activation_backward", source);
    linear_backward(d, dw, &db, g, a, a, 1, 2, 1);
    if (isnan(d[0]) || isnan(dw[0]) || isnan(db))
        experiment_needs("linear_backward", source);
    if (isnan(bce_loss(g, y, 2)))
        experiment_needs("bce_loss", source);
    bce_backward(d, g, y, 2);
    if (isnan(d[0]))
        experiment_needs("bce_backward", source);
    Rng rng;
    rng_seed(&rng, 1, 6);
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_TANH, 2, &rng) != 0) {
        fprintf(stderr, "experiment: mlp_init failed for a valid network (its allocation, before "
                "the TODO, is given code)\n");
        exit(2);
    }
    const char *missing = NULL, *where = source;
    const double *logits = mlp_forward(&m, X, 2);
    if (isnan(m.params[0]))
        missing = "mlp_init", where = mlp;
    else if (!logits || isnan(logits[0]))
        missing = "mlp_forward", where = mlp;
    else {
        double dl[2] = { logits[0], logits[1] };
        mlp_zero_grad(&m);
        mlp_backward(&m, dl);
        if (isnan(m.grads[0]))
            missing = "mlp_backward";
        else if (mlp_update(&m, 0.1), isnan(m.params[0]))
            missing = "mlp_update";
        else if (isnan(mlp_train_step(&m, X, y, 2, 0.1)))
            missing = "mlp_train_step";
        else if (isnan(mlp_train_epoch(&m, X, y, 2, order, 2, 0.1)))
            missing = "mlp_train_epoch";
    }
    mlp_free(&m);
    if (missing)
        experiment_needs(missing, where);
}

#endif
