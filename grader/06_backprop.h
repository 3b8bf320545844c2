/* 06_backprop.h -- the fixtures chapter 6's visible tests share with its hidden ones (both files
 * include this, so the compiler checks that they agree). Defined in grader/06_backprop.c.
 */
#ifndef WORKBOOK_GRADER_06_H
#define WORKBOOK_GRADER_06_H

#include <stdint.h>

#include "backprop.h"
#include "data.h"
#include "nets.h"

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
void g6_new_net(Mlp *m, const int *sizes, int L, Activation f, int max_batch);   // gnet_drop frees it
void g6_check_linear(int N, int D, int H, int prefill, Rng *rng);
void g6_check_bce(int N, int prefill, Rng *rng);
double g6_bce(const double *logits, const int *y, int N);
void g6_check_net(const int *sizes, int L, Activation f, int N, int prefill, int twice, Rng *rng);
TrainResult g6_train(int (*make)(Dataset *, int, double, Rng *), const int *sizes, int L,
                     Activation f, double lr, int batch, int epochs, uint64_t seed);

// ---- your own gradient checker (the last section of grader/06_backprop.c)

enum { G6_MAX_P = 16, G6_MAX_CALLS = 512 };

// A scalar function of a parameter vector, and the calls a student's checker made of it, each
// with the parameters as they were when it was called (recorded in the test's process).
typedef struct {
    const char *name;                      // for messages: the function and where it is taken
    double (*fn)(const double *p, int P);
    int P;                                 // 1 .. G6_MAX_P
    double base[G6_MAX_P];                 // the parameters on entry
    double *params;                        // what the grader's own checker moves (g6_plain)
    int calls;                             // calls of f by the student's checker
    double log[G6_MAX_CALLS][G6_MAX_P];    // the parameters of the first G6_MAX_CALLS calls
} G6Fn;

double g6_fsep(const double *p, int P);
double g6_fmix(const double *p, int P);
double g6_logged(const double *params, void *ctx);
void g6_reference_numeric(G6Fn *c, double h, double *ref);
void g6_run_numeric(G6Fn *c, double h, double *num, double *after);
void g6_expect_numeric(const G6Fn *c, double h, const double *num, const double *ref,
                       double rtol, const char *where);
void g6_expect_one_entry_at_a_time(const G6Fn *c, double h);

#endif
