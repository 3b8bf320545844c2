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
    // TODO(ch04 feature_map):
    //   For each point n = 0 .. N-1, with x1 = X[2*n] and x2 = X[2*n + 1], write the
    //   selected features into row n, out + n * F, packed in bit order (skip the others):
    //     bit 0 x1, bit 1 x2, bit 2 x1*x1, bit 3 x2*x2, bit 4 x1*x2, bit 5 sin(x1),
    //     bit 6 sin(x2)   (the FEAT_ names of xor.h; sin from math.h, in radians).
    //   So with mask = FEAT_X2 | FEAT_X1X2 row n is { x2, x1*x2 } and F = 2.
    //   Return F = feature_count(mask). mask 0: return 0. A bit above FEAT_ALL
    //   ((mask & ~FEAT_ALL) != 0): return -1. In both cases write nothing.
    //   Check: make grade CH=04
    int F = feature_count(mask);
    for (int j = 0; j < N * F; j++)
        out[j] = NAN;  // not implemented yet
    (void)X;
    return -1;
    // END TODO(ch04 feature_map)
}

// ---------------------------------------------------------------- k-nearest neighbours

// idx (k) <- the k points of X (N, D) nearest to x (D), nearest first, ties by lower index.
int knn_neighbours(int *idx, const double *X, int N, int D, const double *x, int k)
{
    // TODO(ch04 knn_neighbours):
    //   Fill idx[0 .. k-1] with the indices of the k points of X nearest to x, nearest
    //   first. The distance of point n is d(n) = sum over i = 0 .. D-1 of
    //   (X[n*D + i] - x[i])^2 (squared Euclidean: same order, no sqrt needed).
    //   Order: point m comes before point n when d(m) < d(n), or d(m) == d(n) and m < n
    //   (a tie goes to the lower index). Each point appears at most once. 1 <= k <= N.
    //   One way: for j = 0 .. k-1, idx[j] = the first point in that order that comes
    //   after idx[j-1]. Return k.
    //   Check: make grade CH=04
    for (int j = 0; j < k; j++)
        idx[j] = -1;  // not implemented yet
    (void)X; (void)N; (void)D; (void)x;
    return -1;
    // END TODO(ch04 knn_neighbours)
}

// The majority label of x's k nearest neighbours; a tie goes to the nearest one's label.
int knn_predict(int *idx, const double *X, const int *y, int N, int D, const double *x, int k)
{
    // TODO(ch04 knn_predict):
    //   Call knn_neighbours(idx, X, N, D, x, k), then count the neighbours labelled 1:
    //   ones = number of j in 0 .. k-1 with y[idx[j]] == 1 (the label of the neighbour,
    //   not y[j]). Return 1 when ones > k - ones, 0 when ones < k - ones, and on a tie
    //   (possible for even k) the nearest neighbour's label, y[idx[0]].
    //   Check: make grade CH=04
    (void)idx; (void)X; (void)y; (void)N; (void)D; (void)x; (void)k;
    return -1;  // not implemented yet
    // END TODO(ch04 knn_predict)
}
