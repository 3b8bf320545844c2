/* pgsim.h -- a network trained the way TensorFlow Playground trains it, to check what the notes
 * promise a student who runs one of the lecture's demos there (facts.h's Playground settings).
 *
 * Followed from the Playground's source (github.com/tensorflow/playground, src/nn.ts and
 * src/playground.ts): 500 points of the data set, shuffled, the first percTrainData% for
 * training; the chosen inputs; hidden layers of the chosen activation and a tanh output; weights
 * U(-0.5, 0.5), biases 0.1; the squared error 0.5 (out - t)^2 on labels t = -1/+1; an epoch
 * visits the training points in their order, accumulating each point's gradient, and every
 * batchSize points the weights step by the learning rate times the mean accumulated gradient
 * (a remainder carries into the next epoch). The loss it shows is that squared error, averaged.
 * Our generators replace the Playground's random numbers with the workbook's Rng, so a run
 * matches the Playground's in distribution, not point for point: claims are checked over seeds.
 * Not here on purpose: regularisation, regression, the Playground's discretised view.
 */
#ifndef WORKBOOK_PGSIM_H
#define WORKBOOK_PGSIM_H

#include <stdint.h>
#include "facts.h"

typedef struct {
    double train_loss, test_loss;   // the Playground's losses after the last epoch
    double train_acc, test_acc;     // the fraction of points on the right side of out = 0
} PgResult;

// Trains the demo's network for `epochs` epochs on data drawn with `seed`; stops the driver on a
// setting it does not know.
PgResult pg_run(const Playground *pg, uint64_t seed, int epochs);

#endif
