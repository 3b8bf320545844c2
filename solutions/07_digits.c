/* 07_digits.c -- chapter 7, the capstone: handwritten digits with a softmax MLP.
 *
 * Ten classes instead of two: the network's K = 10 logits become a probability for each digit
 * through the softmax, p_k = exp(z_k) / sum_j exp(z_j), the generalisation of the sigmoid. The
 * @formula loss is the multi-class cross-entropy, -log p_y, and its gradient with respect to the logits is
 * @formula p - onehot(y): prediction minus label, exactly as for the sigmoid. Chapter 6's mlp_backward
 * @challenge loss is the multi-class cross-entropy, -log p_y. Chapter 6's mlp_backward
 * takes that gradient as it is, so the rest of the network is unchanged: the forward pass of
 * chapter 5, the backward pass and the update of chapter 6, trained on 8x8 images of digits.
 *
 * Shapes: N examples, D = 64 pixels, K = 10 classes; logits and probs (N, K) row-major.
 * Seven exercises, in order: softmax_forward, softmax_ce_loss, softmax_ce_backward,
 * softmax_train_step, softmax_train_epoch, softmax_predict, confusion_matrix. The data (reading,
 * the stratified split, scaling) are given in lib/digits.c. Left out on purpose: regularisation
 * (weight decay, dropout, early stopping: the notes show why you would want them), momentum and
 * other optimisers, convolutions, anything faster than loops in memory order.
 * Notes: chapters/07-digits/notes.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "softmax.h"

// ---------------------------------------------------------------- the softmax and its loss

void softmax_forward(double *probs, const double *logits, int N, int K)
{
    // logits (N,K) -> probs (N,K), row by row
    for (int n = 0; n < N; n++) {
        const double *z = logits + (long)n * K;   // example n's K logits
        double *p = probs + (long)n * K;          // and its K probabilities
        // @begin softmax_forward
        // @formula p[k] = exp(z[k] - mx) / (sum over j of exp(z[j] - mx)), for k = 0 .. K-1,
        // @formula where mx is the largest of z[0 .. K-1]: this row's own, not the batch's.
        // @formula Subtracting mx cancels out, but keeps exp from overflowing: the largest term
        // @formula becomes exp(0) = 1, so the sum is between 1 and K. Start mx at z[0], not at 0:
        // @formula a row can be all negative. Logits (1000, 999) give (0.7310585786300049,
        // @challenge p[k] = exp(z[k]) / (sum over j of exp(z[j])), for k = 0 .. K-1, computed so that
        // @challenge exp never overflows nor makes 0 / 0, whatever the row: one batch may hold rows
        // @challenge near 1000 and rows near -1000, all negative. Logits (1000, 999) give (0.7310585786300049,
        // @todo 0.2689414213699951), exactly as (1, 0) do.
        // @stub for (int k = 0; k < K; k++)
        // @stub     p[k] = NAN;  // not implemented yet
        // @stub (void)z;
        double mx = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > mx)
                mx = z[k];
        double sum = 0.0;
        for (int k = 0; k < K; k++) {
            p[k] = exp(z[k] - mx);   // in (0, 1]: never overflows
            sum += p[k];
        }
        for (int k = 0; k < K; k++)
            p[k] /= sum;
        // @end softmax_forward
    }
}

double softmax_ce_loss(const double *logits, const int *y, int N, int K)
{
    // logits (N,K), y (N) in 0 .. K-1 -> the mean loss
    double sum = 0.0;   // sum over the examples of -log p[n, y[n]]
    for (int n = 0; n < N; n++) {
        const double *z = logits + (long)n * K;   // example n's K logits
        // @begin softmax_ce_loss
        // @formula Add example n's loss, -log p[y[n]] = log(sum over j of exp(z[j])) - z[y[n]],
        // @formula to sum. Compute it from the logits, never from p (which rounds to 0 for a
        // @formula confident mistake, and log 0 = -inf): with mx the largest of z[0 .. K-1],
        // @formula log(sum_j exp(z[j])) = mx + log(sum_j exp(z[j] - mx)). The mean, sum / N, is
        // @challenge Add example n's loss, -log p[y[n]] (p the softmax of the row z), to sum.
        // @challenge Compute it from the logits, never from p (which rounds to 0 for a confident
        // @challenge mistake, and log 0 = -inf), so that exp never overflows. The mean, sum / N, is
        // @todo returned below. Logits (1000, 0, -1000) with label 2 cost exactly 2000.
        // @stub sum = NAN;  // not implemented yet
        // @stub (void)z; (void)y; (void)K;
        double mx = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > mx)
                mx = z[k];
        double s = 0.0;
        for (int k = 0; k < K; k++)
            s += exp(z[k] - mx);
        double logsumexp = mx + log(s);
        sum += logsumexp - z[y[n]];
        // @end softmax_ce_loss
    }
    return sum / N;
}

void softmax_ce_backward(double *dlogits, const double *logits, const int *y, int N, int K)
{
    // logits (N,K), y (N) -> dlogits (N,K), accumulated
    for (int n = 0; n < N; n++) {
        const double *z = logits + (long)n * K;   // example n's K logits
        double *dz = dlogits + (long)n * K;       // and their gradient
        // @begin softmax_ce_backward
        // @formula dz[k] += (p[k] - (k == y[n] ? 1 : 0)) / N for k = 0 .. K-1, where p is the
        // @formula softmax of this row z, computed stably as in softmax_forward (subtract the
        // @formula row's largest logit first). Probability minus the one-hot label, divided by N
        // @formula because the loss is a mean. Accumulate with +=: the caller zeroed dlogits.
        // @challenge dz[k] += d softmax_ce_loss / d z[k] for k = 0 .. K-1 (the loss is the mean over
        // @challenge the batch), finite and exact for logits as large as +-1000, as in
        // @challenge softmax_forward. Accumulate with +=: the caller zeroed dlogits.
        // @stub for (int k = 0; k < K; k++)
        // @stub     dz[k] = NAN;  // not implemented yet
        // @stub (void)z; (void)y;
        double mx = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > mx)
                mx = z[k];
        double s = 0.0;
        for (int k = 0; k < K; k++)
            s += exp(z[k] - mx);
        for (int k = 0; k < K; k++) {
            double p = exp(z[k] - mx) / s;
            double target = k == y[n] ? 1.0 : 0.0;   // onehot(y[n])[k]
            dz[k] += (p - target) / N;
        }
        // @end softmax_ce_backward
    }
}

// ---------------------------------------------------------------- training

double softmax_train_step(Mlp *m, const double *X, const int *y, int N, double lr)
{
    // X (N, D), y (N) in 0 .. K-1 -> the loss before the step
    int K = m->sizes[m->L];
    if (K < 2 || N < 1 || N > m->max_batch)
        return NAN;
    // @begin softmax_train_step
    // @formula Chapter 6's mlp_train_step with the softmax's loss: mlp_zero_grad(m);
    // @formula logits = mlp_forward(m, X, N); loss = softmax_ce_loss(logits, y, N, K);
    // @formula the loss gradient into dlogits = m->dacts[m->L] (zero its N * K entries,
    // @formula then softmax_ce_backward); mlp_backward(m, dlogits); mlp_update(m, lr).
    // @challenge Chapter 6's mlp_train_step with the softmax's loss, softmax_ce_loss: one update
    // @challenge with lr on its gradient for this batch alone (mlp_backward adds to whatever
    // @challenge grads hold); m->dacts[m->L] has room for d loss / d logits (N, K).
    // @todo Return the loss, computed before the update.
    // @stub (void)X; (void)y; (void)lr;
    // @stub return NAN;  // not implemented yet
    mlp_zero_grad(m);
    const double *logits = mlp_forward(m, X, N);
    double loss = softmax_ce_loss(logits, y, N, K);
    double *dlogits = m->dacts[m->L];   // room for (max_batch, K)
    memset(dlogits, 0, sizeof(double) * (size_t)N * K);
    softmax_ce_backward(dlogits, logits, y, N, K);
    mlp_backward(m, dlogits);
    mlp_update(m, lr);
    return loss;
    // @end softmax_train_step
}

double softmax_train_epoch(Mlp *m, const double *X, const int *y, int N, int batch, double lr,
                           Rng *rng)
{
    // X (N, D), y (N) -> the epoch's mean loss; the order is one permutation drawn from rng
    int D = m->sizes[0];
    if (N < 1 || batch < 1 || batch > m->max_batch)
        return NAN;
    int *order = malloc(sizeof(int) * (size_t)N);                // the epoch's order (N)
    double *xb = malloc(sizeof(double) * (size_t)batch * D);     // one batch: (batch, D)
    int *yb = malloc(sizeof(int) * (size_t)batch);
    if (!order || !xb || !yb) {
        free(order);
        free(xb);
        free(yb);
        return NAN;
    }
    double total = 0.0;   // sum over batches of B * (the batch's loss)
    // @begin softmax_train_epoch
    // @todo First the epoch's order: rng_permutation(rng, order, N), the only draws from
    // @todo rng. Then batches of `batch` examples in that order: the batch starting at
    // @todo start = 0, batch, 2 * batch, ... holds B = min(batch, N - start) examples (the
    // @todo last may have fewer; none is dropped). Copy row X[order[start + j]] (D numbers)
    // @todo and label y[order[start + j]] into row j of xb and yb, for j = 0 .. B-1; take
    // @todo one softmax_train_step(m, xb, yb, B, lr) and add B * its loss to total. The
    // @todo mean, total / N, is returned below.
    // @stub total = NAN;  // not implemented yet
    // @stub (void)X; (void)y; (void)lr; (void)rng;
    rng_permutation(rng, order, N);
    for (int start = 0; start < N; start += batch) {
        int B = N - start < batch ? N - start : batch;
        for (int j = 0; j < B; j++) {
            int n = order[start + j];
            memcpy(xb + (long)j * D, X + (long)n * D, sizeof(double) * D);
            yb[j] = y[n];
        }
        total += B * softmax_train_step(m, xb, yb, B, lr);
    }
    // @end softmax_train_epoch
    free(order);
    free(xb);
    free(yb);
    return total / N;
}

// ---------------------------------------------------------------- evaluating

void softmax_predict(int *pred, Mlp *m, const double *X, int N)
{
    // X (N, D) -> pred (N), through mlp_forward in chunks of at most max_batch rows
    int D = m->sizes[0], K = m->sizes[m->L];
    // @begin softmax_predict
    // @todo Chunks of the rows in order, start = 0, max_batch, 2 * max_batch, ..., of
    // @todo B = min(m->max_batch, N - start) rows each: mlp_forward(m, X + start * D, B)
    // @todo gives their logits (B, K). For row j of the chunk, pred[start + j] = the k
    // @todo with the largest logits[j * K + k]; on a tie the lowest such k (start from
    // @todo k = 0, and move only to a strictly larger logit). Logits can all be negative.
    // @stub for (int n = 0; n < N; n++)
    // @stub     pred[n] = -1;  // not implemented yet
    // @stub (void)m; (void)X; (void)D; (void)K;
    for (int start = 0; start < N; start += m->max_batch) {
        int B = N - start < m->max_batch ? N - start : m->max_batch;
        const double *logits = mlp_forward(m, X + (long)start * D, B);
        for (int j = 0; j < B; j++) {
            const double *z = logits + (long)j * K;
            int best = 0;
            for (int k = 1; k < K; k++)
                if (z[k] > z[best])
                    best = k;
            pred[start + j] = best;
        }
    }
    // @end softmax_predict
}

double confusion_matrix(int *counts, const int *pred, const int *y, int N, int K)
{
    // pred (N), y (N) -> counts (K,K), a row per true class; returns the accuracy
    // @begin confusion_matrix
    // @todo Set all K * K counts to 0, then for every example n with a prediction in
    // @todo range (0 <= pred[n] < K) add 1 to counts[y[n] * K + pred[n]]: the row is the
    // @todo truth, the column the prediction. A prediction out of range goes in no cell.
    // @todo Return the accuracy: the number of n with pred[n] == y[n], divided by N (in
    // @todo double: integer division would give 0).
    // @stub for (int k = 0; k < K * K; k++)
    // @stub     counts[k] = -1;  // not implemented yet
    // @stub (void)pred; (void)y; (void)N;
    // @stub return NAN;
    memset(counts, 0, sizeof(int) * (size_t)K * K);
    int right = 0;
    for (int n = 0; n < N; n++) {
        if (pred[n] < 0 || pred[n] >= K)
            continue;   // no cell to count it in, and wrong
        counts[y[n] * K + pred[n]]++;
        right += pred[n] == y[n];
    }
    return (double)right / N;
    // @end confusion_matrix
}
