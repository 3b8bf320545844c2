/* 08_landscape.h -- the fixtures chapter 8's visible tests share with its hidden ones (both files
 * include this, so the compiler checks that they agree). Defined in grader/08_landscape.c.
 */
#ifndef WORKBOOK_GRADER_08_H
#define WORKBOOK_GRADER_08_H

#include "landscape.h"
#include "nets.h"

// The fixture: a 2-3-1 tanh network (13 parameters) and 5 examples, built by your mlp_init for
// batches of up to max_batch (the parameters are the test's).
enum { G8_P = 13, G8_N = 5 };
void g8_fixture(Mlp *m, double *X, int *y, int max_batch, const char *fn);

// The exercises a test builds on, each against recorded or hand-worked values: a failure stops
// the test with "fix X first" naming the function fn that needs it.
void g8_expect_chapters_5_and_6(const char *fn);
void g8_expect_landscape_loss(const char *fn);
void g8_expect_loss_slice_1d(const char *fn);   // fn: the exercise whose test draws slices

// Fails naming fn unless m->params equals saved (P) bit for bit; `last` is where the
// parameters would be had fn left them at its last grid point (NULL: not known).
void g8_expect_restored(const char *fn, const Mlp *m, const double *saved, const double *last);

#endif
