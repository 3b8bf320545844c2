/* 04_xor.h -- what chapter 4's visible tests share with its hidden ones (both files include
 * this, so the compiler checks that they agree). Defined in grader/04_xor.c.
 */
#ifndef WORKBOOK_GRADER_04_H
#define WORKBOOK_GRADER_04_H

#include <stdint.h>

#include "data.h"

typedef int (*Generator)(Dataset *, int, double, Rng *);
// A trainer of logistic regression from zero: logistic_fit's signature (lib/numgrad.h).
typedef void (*Fitter)(double *params, const double *Phi, const int *y, int N, int F, double lr,
                       int epochs);

// Trains the grader's logistic regression, with fit, on feature_map's features (mask) of 200
// points from gen and returns its accuracy on 200 more from the same generator (drawn next from
// the same Rng, seeded with seed). Settings: lr 0.03, 1000 epochs.
double ch04_logreg_heldout(Generator gen, double noise, unsigned mask, uint64_t seed,
                           Fitter fit);

#endif
