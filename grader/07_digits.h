/* 07_digits.h -- the fixtures chapter 7's visible tests share with its hidden ones (both files
 * include this, so the compiler checks that they agree). Defined in grader/07_digits.c.
 */
#ifndef WORKBOOK_GRADER_07_H
#define WORKBOOK_GRADER_07_H

#include <stdint.h>

#include "softmax.h"
#include "nets.h"

typedef struct {
    double test_acc;              // fraction of the held-out digits softmax_predict gets right
    double first_loss, last_loss; // what softmax_train_epoch returned in the first and last epoch
} DigitsResult;

void g7_expect_chapters_5_and_6(const char *fn);
DigitsResult g7_train_digits(const int *sizes, int L, Activation f, double lr, int batch,
                             int epochs, uint64_t seed);

#endif
