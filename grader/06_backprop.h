/* 06_backprop.h -- the fixtures chapter 6's visible tests share with its hidden ones (both files
 * include this, so the compiler checks that they agree). Defined in grader/06_backprop.c.
 */
#ifndef WORKBOOK_GRADER_06_H
#define WORKBOOK_GRADER_06_H

#include <stdint.h>

#include "backprop.h"
#include "data.h"

typedef struct {
    double train_acc, test_acc;   // fraction right, from the definition's forward pass
    double first_loss, last_loss; // what mlp_train_epoch returned for the first and last epoch
} TrainResult;

double g6_act(Activation f, double z);

// The scalar whose gradient with respect to z checks activation_backward: sum_i f(z_i) dout_i.
typedef struct {
    Activation f;
    double *z;
    const double *dout;
    int n;
} ActCtx;
double g6_act_f(void *ctx);
void g6_new_net(Mlp *m, const int *sizes, int L, Activation f, int max_batch);
void g6_drop_net(Mlp *m);
void g6_check_linear(int N, int D, int H, int prefill, Rng *rng);
void g6_check_bce(int N, int prefill, Rng *rng);
double g6_bce(const double *logits, const int *y, int N);
void g6_check_net(const int *sizes, int L, Activation f, int N, int prefill, int twice, Rng *rng);
TrainResult g6_train(int (*make)(Dataset *, int, double, Rng *), const int *sizes, int L,
                     Activation f, double lr, int batch, int epochs, uint64_t seed);

#endif
