/* train.h -- training a network as chapter 6's tests and figures do, for the facts drivers of
 * chapters 5 and 6 (header-only: the drivers of other chapters do not link the MLP code).
 *
 * The recipe, all of it fixed by one seed: 500 points of the data set (noise 0) from
 * rng_seed(seed, 6), shuffled, the first half for training and the rest held out; mlp_init's
 * weights from the same generator; each epoch a new permutation from it, then mlp_train_epoch.
 */
#ifndef WORKBOOK_FACTS_TRAIN_H
#define WORKBOOK_FACTS_TRAIN_H

#include <stdlib.h>

#include "backprop.h"
#include "data.h"
#include "facts.h"
#include "mlp.h"
#include "../net_accuracy.h"

typedef struct {
    double train_acc, test_acc;   // the share of points whose logit has the label's sign
    double first_loss, last_loss; // mlp_train_epoch's mean loss in the first and the last epoch
} Trained;

typedef int (*Generator)(Dataset *, int, double, Rng *);

// Trains sizes (M layers, activation f) for `epochs` epochs at rate lr in batches of `batch`.
// With keep != NULL the trained network is left there (the caller frees it).
static Trained train_recipe(Generator make, const int *sizes, int M, Activation f, double lr,
                            int batch, int epochs, uint64_t seed, Mlp *keep)
{
    Trained r = { 0, 0, 0, 0 };
    Rng rng;
    rng_seed(&rng, seed, 6);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (make(&all, 500, 0.0, &rng) != 0)
        facts_die("cannot make the data set");
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, &train, &test) != 0)
        facts_die("cannot split the data set");
    Mlp m;
    if (mlp_init(&m, sizes, M, f, batch, &rng) != 0)
        facts_die("mlp_init failed");
    int *order = malloc(sizeof(int) * (size_t)train.n);
    if (!order)
        facts_die("out of memory");
    for (int e = 0; e < epochs; e++) {
        rng_permutation(&rng, order, train.n);
        double loss = mlp_train_epoch(&m, train.x, train.y, train.n, order, batch, lr);
        if (e == 0)
            r.first_loss = loss;
        r.last_loss = loss;
    }
    r.train_acc = net_accuracy(&m, &train);
    r.test_acc = net_accuracy(&m, &test);
    free(order);
    if (keep)
        *keep = m;
    else
        mlp_free(&m);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return r;
}

#endif
