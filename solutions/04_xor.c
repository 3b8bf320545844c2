/* 04_xor.c -- chapter 4: the XOR problem, and two ways around it without deep learning.
 *
 * No line separates XOR's classes, so a linear classifier on (x1, x2) cannot learn it. Two of
 * the lecture's ways out are here. Feature engineering: map each point to new features, such
 * as the TensorFlow Playground's x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2, in which the classes
 * are linearly separable (x1 x2 does it for XOR, the squares for a circle), and train the linear
 * model there. A non-linear classifier: k-nearest neighbours labels a point by a vote of the k
 * training points closest to it, and draws whatever boundary the data need.
 *
 * Shapes: N points, D input features, F engineered features; X (N, D) row-major, y (N) in
 * {0, 1}; the feature map reads (N, 2) and writes (N, F); idx (k) holds training indices.
 * Three exercises, in order: feature_map, knn_neighbours, knn_predict.
 * Left out on purpose: logistic regression itself (chapter 2; the grader trains its own on your
 * features), feature scaling, kernels and decision trees (the notes explain them), fast
 * neighbour search (k-d trees): the naive scan is the reference. Notes: chapters/04-xor/notes.md.
 */
#include <math.h>

#include "xor.h"

int feature_count(unsigned mask)
{
    int F = 0;
    for (int k = 0; k < FEAT_KINDS; k++)
        F += (mask >> k) & 1u;
    return F;
}

// ---------------------------------------------------------------- feature engineering

// out (N, F) <- the features of X (N, 2) that mask selects, F = feature_count(mask).
int feature_map(double *out, const double *X, int N, unsigned mask)
{
    // @begin feature_map
    // @todo For each point n = 0 .. N-1, with x1 = X[2*n] and x2 = X[2*n + 1], write the
    // @todo selected features into row n, out + n * F, packed in bit order (skip the others):
    // @todo   bit 0 x1, bit 1 x2, bit 2 x1*x1, bit 3 x2*x2, bit 4 x1*x2, bit 5 sin(x1),
    // @todo   bit 6 sin(x2)   (the FEAT_ names of xor.h; sin from math.h, in radians).
    // @todo So with mask = FEAT_X2 | FEAT_X1X2 row n is { x2, x1*x2 } and F = 2.
    // @todo Return F = feature_count(mask). mask 0: return 0. A bit above FEAT_ALL
    // @todo ((mask & ~FEAT_ALL) != 0): return -1. In both cases write nothing.
    // @stub int F = feature_count(mask);
    // @stub for (int j = 0; j < N * F; j++)
    // @stub     out[j] = NAN;  // not implemented yet
    // @stub (void)X;
    // @stub return -1;
    if (mask & ~(unsigned)FEAT_ALL)
        return -1;   // a bit that selects no feature: the caller's mistake
    int F = feature_count(mask);
    for (int n = 0; n < N; n++) {
        double x1 = X[2 * n], x2 = X[2 * n + 1];
        // All seven in the Playground's order; the mask picks which of them row n gets.
        const double all[FEAT_KINDS] = { x1, x2, x1 * x1, x2 * x2, x1 * x2, sin(x1), sin(x2) };
        double *row = out + (long)n * F;
        int j = 0;
        for (int k = 0; k < FEAT_KINDS; k++)
            if (mask & (1u << k))
                row[j++] = all[k];
    }
    return F;
    // @end feature_map
}

// ---------------------------------------------------------------- k-nearest neighbours

// idx (k) <- the k points of X (N, D) nearest to x (D), nearest first, ties by lower index.
int knn_neighbours(int *idx, const double *X, int N, int D, const double *x, int k)
{
    // @begin knn_neighbours
    // @todo Fill idx[0 .. k-1] with the indices of the k points of X nearest to x, nearest
    // @todo first. The distance of point n is d(n) = sum over i = 0 .. D-1 of
    // @todo (X[n*D + i] - x[i])^2 (squared Euclidean: same order, no sqrt needed).
    // @todo Order: point m comes before point n when d(m) < d(n), or d(m) == d(n) and m < n
    // @todo (a tie goes to the lower index). Each point appears at most once. 1 <= k <= N.
    // @formula One way: for j = 0 .. k-1, idx[j] = the first point in that order that comes
    // @formula after idx[j-1]. Return k.
    // @challenge Return k.
    // @stub for (int j = 0; j < k; j++)
    // @stub     idx[j] = -1;  // not implemented yet
    // @stub (void)X; (void)N; (void)D; (void)x;
    // @stub return -1;
    double prev_d = 0.0;   // the distance of idx[j-1]; the next one must come after it
    int prev = -1;
    for (int j = 0; j < k; j++) {
        int best = -1;
        double best_d = 0.0;
        for (int n = 0; n < N; n++) {
            double d = 0.0;
            for (int i = 0; i < D; i++) {
                double diff = X[(long)n * D + i] - x[i];
                d += diff * diff;
            }
            int after_prev = prev < 0 || d > prev_d || (d == prev_d && n > prev);
            if (after_prev && (best < 0 || d < best_d)) {   // strict <: the lower n keeps a tie
                best = n;
                best_d = d;
            }
        }
        idx[j] = best;
        prev = best;
        prev_d = best_d;
    }
    return k;
    // @end knn_neighbours
}

// The majority label of x's k nearest neighbours; a tie goes to the nearest one's label.
int knn_predict(int *idx, const double *X, const int *y, int N, int D, const double *x, int k)
{
    // @begin knn_predict
    // @todo Call knn_neighbours(idx, X, N, D, x, k), then count the neighbours labelled 1:
    // @todo ones = number of j in 0 .. k-1 with y[idx[j]] == 1 (the label of the neighbour,
    // @todo not y[j]). Return 1 when ones > k - ones, 0 when ones < k - ones, and on a tie
    // @todo (possible for even k) the nearest neighbour's label, y[idx[0]].
    // @stub (void)idx; (void)X; (void)y; (void)N; (void)D; (void)x; (void)k;
    // @stub return -1;  // not implemented yet
    knn_neighbours(idx, X, N, D, x, k);
    int ones = 0;
    for (int j = 0; j < k; j++)
        ones += y[idx[j]] == 1;
    int zeros = k - ones;
    if (ones != zeros)
        return ones > zeros ? 1 : 0;
    return y[idx[0]];   // a tie: the nearest neighbour decides
    // @end knn_predict
}
