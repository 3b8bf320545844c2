/* xor.h -- chapter 4: the XOR problem, and two ways around it without deep learning: the
 * TensorFlow Playground's hand-made features, and k-nearest neighbours.
 *
 * N = number of points, D = input features, F = engineered features, k = neighbours.
 * X is (N, D) row-major: feature i of point n is X[n * D + i]; labels y[n] are 0 or 1.
 * The feature map reads 2-D points (D = 2) and writes (N, F); k-NN works for any D.
 *
 * The exercises live in skeletons/04_xor.c (solutions/04_xor.c in the instructor's tree);
 * chapters/04-xor/notes.md explains them. Logistic regression on the features is not an
 * exercise here: it is chapter 2's, and the grader brings its own trainer.
 *
 * Example (the product feature, which makes XOR linear):
 *     double phi[3 * 1];
 *     const double X[3 * 2] = { 1, 2,  -1, 2,  -1, -2 };
 *     int F = feature_map(phi, X, 3, FEAT_X1X2);   // F = 1, phi = { 2, -2, 2 }
 */
#ifndef WORKBOOK_XOR_H
#define WORKBOOK_XOR_H

// The Playground's seven features, in its order; bit k of a mask selects feature k.
enum {
    FEAT_X1 = 1 << 0,     // x1
    FEAT_X2 = 1 << 1,     // x2
    FEAT_X1SQ = 1 << 2,   // x1^2
    FEAT_X2SQ = 1 << 3,   // x2^2
    FEAT_X1X2 = 1 << 4,   // x1 * x2
    FEAT_SIN1 = 1 << 5,   // sin(x1), x1 in radians
    FEAT_SIN2 = 1 << 6,   // sin(x2)
    FEAT_ALL = 0x7f,      // all seven
    FEAT_KINDS = 7        // how many there are
};

// The number of features a mask selects: the bits of mask & FEAT_ALL that are set. Given.
int feature_count(unsigned mask);

// The selected features of every point: out (N, F) from X (N, 2), F = feature_count(mask).
// Row n holds the selected features of (x1, x2) = (X[2n], X[2n+1]) packed in the order of the
// bits, x1 first and sin(x2) last: out[n * F + 0] is the lowest selected bit's feature.
// Returns F. mask 0 returns 0 and writes nothing; a mask with a bit above FEAT_ALL returns -1
// and writes nothing. Not implemented yet: returns -1 and fills out with NaN.
int feature_map(double *out, const double *X, int N, unsigned mask);

// The k training points nearest to x (D), into idx (k), nearest first. Distance is squared
// Euclidean, sum_i (X[n * D + i] - x[i])^2; equal distances go by the lower index n first.
// 1 <= k <= N. Returns k. Not implemented yet: returns -1 and fills idx with -1.
int knn_neighbours(int *idx, const double *X, int N, int D, const double *x, int k);

// The class k-NN gives x: the neighbours from knn_neighbours(idx, X, N, D, x, k), then the
// majority of their labels y[idx[0]], ..., y[idx[k-1]]; a tie (even k) goes to the label of
// the nearest neighbour, y[idx[0]]. idx (k) is left holding the neighbours. Returns 0 or 1.
// Not implemented yet: returns -1.
int knn_predict(int *idx, const double *X, const int *y, int N, int D, const double *x, int k);

#endif
