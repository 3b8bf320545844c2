/* tasks.c -- the benchmark's tasks (data and networks), softmax cross-entropy, and the reference
 * trainer's step and epoch. See tasks.h. Compiled with the reference's flags, never -ffast-math.
 * Left out on purpose: anything faster than the reference (that is fast_mlp.c's job).
 */
#define _POSIX_C_SOURCE 200809L
#include "tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

const char *const TASK_NAMES[TASK_COUNT] = { "spiral-b1", "spiral-b32", "digits-b32" };

// The digits: 1797 images of 8 x 8 pixel counts.
enum { DIGITS_N = 1797, DIGITS_D = 64, DIGITS_K = 10 };

// ---------------------------------------------------------------- data

// Reads the digits' CSV, one image a line, 64 counts then the digit: a .gz file through
// `gzip -dc` (no zlib needed), any other name as it is (the WebAssembly build of check_fast,
// which cannot start a process, reads a decompressed copy). Returns the number of images read,
// or -1 (message in err).
static int read_digits(Task *t, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: cannot open it", path);
        return -1;
    }
    size_t len = strlen(path);
    int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0;
    if (gz) {
        fclose(f);
#if defined(__wasi__)
        snprintf(err, errcap, "%s: WebAssembly cannot run gzip -dc: give the decompressed .csv", path);
        return -1;
#else
        char cmd[512];
        snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
        f = popen(cmd, "r");
        if (!f) {
            snprintf(err, errcap, "%s: cannot run gzip -dc on it", path);
            return -1;
        }
#endif
    }
    int n = 0, bad = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (n == DIGITS_N) {        // more lines than the data set has: not the file we know
            bad = 1;
            break;
        }
        // 64 pixel counts, then the label, comma-separated
        char *p = line;
        for (int i = 0; i <= DIGITS_D && !bad; i++) {
            char *end;
            long v = strtol(p, &end, 10);
            if (end == p || v < 0 || v > (i < DIGITS_D ? 16 : 9)) bad = 1;
            else if (i < DIGITS_D) t->x[n * DIGITS_D + i] = v / 16.0;   // counts 0..16 -> [0, 1]
            else t->y[n] = (int)v;
            p = (*end == ',') ? end + 1 : end;
        }
        if (bad) break;
        n++;
    }
#if defined(__wasi__)
    int status = fclose(f);          // (no .gz here: refused above)
#else
    int status = gz ? pclose(f) : fclose(f);
#endif
    if (bad || status != 0 || n != DIGITS_N) {
        snprintf(err, errcap, "%s: expected %d lines of 64 counts 0..16 and a digit; read %d "
                 "good lines%s", path, DIGITS_N, n,
                 status == 0 ? "" : gz ? " (gzip -dc failed)" : " (reading it failed)");
        return -1;
    }
    return n;
}

static int task_alloc(Task *t, int n, int d)
{
    t->n = n;
    t->x = calloc((size_t)n * d, sizeof *t->x);
    t->y = calloc((size_t)n, sizeof *t->y);
    return t->x && t->y ? 0 : -1;
}

int task_init(Task *t, const char *name, const char *digits_path, char *err, size_t errcap)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    if (strcmp(name, "spiral-b1") == 0 || strcmp(name, "spiral-b32") == 0) {
        // 2-8-8-1 tanh, sigmoid output: the Playground's spiral, 500 points, noise 0.1
        t->batch = strcmp(name, "spiral-b1") == 0 ? 1 : 32;
        t->L = 3;
        t->sizes[0] = 2, t->sizes[1] = 8, t->sizes[2] = 8, t->sizes[3] = 1;
        t->act = ACT_TANH;
        t->loss = LOSS_BCE;
        t->lr = 0.03;
        Rng rng;
        rng_seed(&rng, 1, 1);
        Dataset ds;
        if (data_spiral(&ds, 500, 0.1, &rng) != 0) {
            snprintf(err, errcap, "data_spiral failed");
            return -1;
        }
        t->n = ds.n, t->x = ds.x, t->y = ds.y;     // take ownership of the arrays
        snprintf(t->what, sizeof t->what, "2-8-8-1 tanh/sigmoid, 500 spiral points, batch %d",
                 t->batch);
        snprintf(t->source, sizeof t->source, "data_spiral(500 points, noise 0.1, seed (1, 1))");
        return 0;
    }
    if (strcmp(name, "digits-b32") == 0) {
        // 64-128-10 tanh, softmax output: the 8x8 digits
        t->batch = 32;
        t->L = 2;
        t->sizes[0] = DIGITS_D, t->sizes[1] = 128, t->sizes[2] = DIGITS_K;
        t->act = ACT_TANH;
        t->loss = LOSS_SOFTMAX;
        t->lr = 0.1;
        if (task_alloc(t, DIGITS_N, DIGITS_D) != 0) {
            snprintf(err, errcap, "out of memory");
            return -1;
        }
        snprintf(t->what, sizeof t->what, "64-128-10 tanh/softmax, 1797 digits (8x8), batch 32");
        char why[400];
        if (read_digits(t, digits_path, why, sizeof why) == DIGITS_N) {
            snprintf(t->source, sizeof t->source, "%s (pixels / 16)", digits_path);
            return 0;
        }
        // Same shape, seeded: uniform pixels in [0, 1), classes 0..9 in turn.
        Rng rng;
        rng_seed(&rng, 8, 8);
        for (int k = 0; k < DIGITS_N * DIGITS_D; k++)
            t->x[k] = rng_uniform(&rng);
        for (int k = 0; k < DIGITS_N; k++)
            t->y[k] = k % DIGITS_K;
        snprintf(t->source, sizeof t->source, "seeded random data of the digits' shape (%.100s)",
                 why);
        return 0;
    }
    snprintf(err, errcap, "unknown task `%s` (known: spiral-b1 spiral-b32 digits-b32)", name);
    return -1;
}

void task_free(Task *t)
{
    free(t->x);
    free(t->y);
    memset(t, 0, sizeof *t);
}

int task_mlp(Mlp *m, const Task *t, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 7);
    return mlp_init(m, t->sizes, t->L, t->act, t->batch, &rng);
}

// ---------------------------------------------------------------- softmax cross-entropy

double softmax_ce_loss(const double *logits, const int *y, int N, int K)
{
    // logits (N, K), y (N) -> the mean loss
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        const double *z = logits + n * K;
        // log sum_k exp(z_k) = max + log sum_k exp(z_k - max): no overflow
        double max = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > max) max = z[k];
        double s = 0.0;
        for (int k = 0; k < K; k++)
            s += exp(z[k] - max);
        sum += max + log(s) - z[y[n]];
    }
    return sum / N;
}

void softmax_ce_backward(double *dlogits, const double *logits, const int *y, int N, int K)
{
    // logits (N, K), y (N) -> dlogits (N, K), accumulated
    for (int n = 0; n < N; n++) {
        const double *z = logits + n * K;
        double max = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > max) max = z[k];
        double s = 0.0;
        for (int k = 0; k < K; k++)
            s += exp(z[k] - max);
        // d loss_n / d z_k = p_k - [k == y_n]; the mean divides each share by N
        for (int k = 0; k < K; k++) {
            double p = exp(z[k] - max) / s;
            dlogits[n * K + k] += (p - (k == y[n])) / N;
        }
    }
}

// ---------------------------------------------------------------- the reference trainer

double ref_train_step(Mlp *m, LossKind loss, const double *X, const int *y, int N, double lr)
{
    if (loss == LOSS_BCE)
        return mlp_train_step(m, X, y, N, lr);
    // The verbs of mlp_train_step, with the softmax loss in place of bce (backprop.h's example).
    int K = m->sizes[m->L];
    mlp_zero_grad(m);
    const double *logits = mlp_forward(m, X, N);
    if (!logits)
        return NAN;
    double value = softmax_ce_loss(logits, y, N, K);
    double *dlogits = m->dacts[m->L];
    memset(dlogits, 0, sizeof(double) * (size_t)N * K);
    softmax_ce_backward(dlogits, logits, y, N, K);
    mlp_backward(m, dlogits);
    mlp_update(m, lr);
    return value;
}

double ref_train_epoch(Mlp *m, const Task *t, const int *order)
{
    if (t->loss == LOSS_BCE)
        return mlp_train_epoch(m, t->x, t->y, t->n, order, t->batch, t->lr);
    // mlp_train_epoch's loop: copy each batch's rows in order, one step per batch.
    int D = t->sizes[0], B = t->batch;
    double *xb = malloc(sizeof(double) * (size_t)B * D);
    int *yb = malloc(sizeof(int) * (size_t)B);
    double total = NAN;
    if (xb && yb) {
        total = 0.0;
        for (int start = 0; start < t->n; start += B) {
            int nb = t->n - start < B ? t->n - start : B;
            for (int j = 0; j < nb; j++) {
                int n = order[start + j];
                memcpy(xb + j * D, t->x + n * D, sizeof(double) * D);
                yb[j] = t->y[n];
            }
            total += nb * ref_train_step(m, t->loss, xb, yb, nb, t->lr);
        }
    }
    free(xb);
    free(yb);
    return total / t->n;
}
