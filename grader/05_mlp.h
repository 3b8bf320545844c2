/* 05_mlp.h -- the fixtures chapter 5's visible tests share with its hidden ones (both files
 * include this, so the compiler checks that they agree). Defined in grader/05_mlp.c.
 */
#ifndef WORKBOOK_GRADER_05_H
#define WORKBOOK_GRADER_05_H

#include "mlp.h"
#include "nets.h"   // gnet_drop, which frees what g5_new_net allocated

// A network with these sizes, allocated by mlp_init (whatever its weights: tests set their own).
void g5_new_net(Mlp *m, const int *sizes, int L, Activation f, int max_batch);
// Every weight and bias drawn from rng; every input drawn from rng.
void g5_fill_params(Mlp *m, Rng *rng);
void g5_fill_inputs(double *X, int n, Rng *rng);

#endif
