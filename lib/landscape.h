/* landscape.h -- chapter 8: the loss landscape (Li, Xu, Taylor, Studer and Goldstein, 2018).
 *
 * A trained network is one point theta in a space of P = m->num_params dimensions, and the loss
 * L(theta) of the data is a surface over that space. It cannot be drawn, but slices of it can:
 * the loss along a straight line between two parameter vectors (Goodfellow, Vinyals and Saxe,
 * 2015), and the loss on a line or a plane through theta spanned by random directions, scaled
 * neuron by neuron ("filter normalisation") so that slices of different networks can be
 * compared. Then three numbers read from a slice: its minimum, its curvature (a second
 * difference) and a sharpness (the largest rise of the loss within a radius).
 *
 * P = m->num_params. A direction d, like theta, is a vector (P) in the layout of m->params: layer
 * after layer, each layer's weight (sizes[l+1], sizes[l]) row by row, then its bias
 * (sizes[l+1]). Row h of layer l's weight, the weights into unit h, is what the paper calls a
 * "filter" of a dense layer. N = examples, X (N, sizes[0]) row-major, y (N) in {0, 1}; the
 * networks have one output (K = 1), and the loss is chapter 6's mean binary cross-entropy.
 *
 * Every grid of this chapter has n points from lo to hi, point i at
 *     alpha_i = lo + (hi - lo) * i / (n - 1)      (i = 0 .. n-1, computed in that order),
 * so that alpha_0 = lo and alpha_{n-1} = hi, and [-1, 1] with 51 points has alpha_25 = 0 exactly.
 * A point of a line or a plane through theta has the coordinates alpha (along d1, or d) and beta
 * (along d2), as the paper writes them: theta + alpha d1 + beta d2. A 2-D slice is (n, n)
 * row-major: row i holds beta = alpha_i along d2, column j holds alpha = alpha_j along d1,
 *     losses[i * n + j] = L(theta + alpha_j d1 + alpha_i d2),
 * so that alpha (d1, the x axis of a picture) varies fastest, as gnuplot and numpy's meshgrid read.
 * The functions that evaluate the loss at other parameters move m->params there and put theta
 * back, bit for bit, before they return. The vectors passed to them (theta0, theta1, d, d1, d2)
 * must not be m->params itself.
 *
 * The exercises live in skeletons/08_landscape.c, which builds on your skeletons/05_mlp.c and
 * skeletons/06_backprop.c (solutions/ in the instructor's tree); chapters/08-landscape/notes.md
 * explains them.
 *
 * Example (a 2-D slice of a trained network m over [-1, 1]^2, 51 x 51 points):
 *     int P = m.num_params;
 *     double *d1 = malloc(P * sizeof *d1), *d2 = malloc(P * sizeof *d2);
 *     double *grid = malloc(51 * 51 * sizeof *grid);
 *     random_direction(d1, P, &rng);  filter_normalize(d1, &m);
 *     random_direction(d2, P, &rng);  filter_normalize(d2, &m);
 *     loss_slice_2d(grid, &m, d1, d2, -1.0, 1.0, 51, X, y, N);
 *     int row, col;
 *     double lowest = slice_minimum(&row, &col, grid, 51, 51);
 *     double rise = slice_sharpness(grid, -1.0, 1.0, 51, 0.5, grid[25 * 51 + 25]);
 */
#ifndef WORKBOOK_LANDSCAPE_H
#define WORKBOOK_LANDSCAPE_H

#include "backprop.h"
#include "rng.h"

// ---------------------------------------------------------------- the loss of the data

// The mean binary cross-entropy of the network on all N examples, X (N, sizes[0]), y (N):
// mlp_forward on chunks of at most m->max_batch rows in order (start = 0, max_batch, ...; the
// @formula last chunk holds what is left), bce_loss of each chunk, weighted by its size B:
// @formula     loss = sum over chunks of B * bce_loss(chunk) / N,
// @challenge last chunk holds what is left), bce_loss of each chunk, combined into
// the same number as one bce_loss over all N at once, for any max_batch. m->N is left at the
// last chunk's size. NaN when N < 1 or the network has more than one output.
// Not implemented yet: returns NaN.
double landscape_loss(Mlp *m, const double *X, const int *y, int N);

// ---------------------------------------------------------------- 1-D: between two points

// @formula out (P) = (1 - alpha) * theta0 + alpha * theta1, entry by entry, written exactly so:
// @formula then alpha = 0 gives theta0 and alpha = 1 gives theta1 bit for bit (theta0 + alpha *
// @formula (theta1 - theta0) does not).
// @challenge out (P) = the point alpha of the way from theta0 to theta1, entry by entry, written
// @challenge so that alpha = 0 gives theta0 and alpha = 1 gives theta1 bit for bit (not every
// @challenge form does).
// out may be theta0 or theta1. Not implemented yet: fills out with NaN.
void interpolate_params(double *out, const double *theta0, const double *theta1, double alpha,
                        int P);

// The loss along the line through theta0 and theta1 (each P = m->num_params): for i = 0 .. n-1,
// at alpha = alpha_i on the grid lo .. hi (see the top), m->params = interpolate_params(theta0,
// theta1, alpha) and losses[i] = landscape_loss(m, X, y, N). [0, 1] walks from theta0 to theta1;
// [-0.5, 1.5] also goes half the distance beyond each end. m->params is restored before it
// returns. Returns 0, or -1 (writing nothing) when n < 2, N < 1, the network has more than one
// output, or memory runs out. Not implemented yet: fills losses with NaN and returns 0.
int loss_interpolation(double *losses, Mlp *m, const double *theta0, const double *theta1,
                       double lo, double hi, int n, const double *X, const int *y, int N);

// ---------------------------------------------------------------- random directions

// A random Gaussian direction: d[k] = rng_normal(rng, 0.0, 1.0) for k = 0 .. P-1, in that
// order, and no other draw. Not implemented yet: fills d with NaN.
void random_direction(double *d, int P, Rng *rng);

// Filter normalisation of d (P = m->num_params) to the network's parameters theta = m->params,
// as the paper does it for a dense layer, one neuron at a time: for every layer l and every unit
// h, row h of d's weight[l] is rescaled to the norm of row h of theta's weight[l],
// @formula     d_row <- d_row * ||theta_row|| / ||d_row||      (||v|| = sqrt(sum_i v_i^2)),
// @challenge (||v|| = sqrt(sum_i v_i^2), the Euclidean norm)
// so that its direction is kept (cosine 1) and its length becomes the row's own; and every bias
// entry of d is set to 0. A row of theta that is all zeros gives a row of zeros; a row of d
// that is all zeros stays zeros (there is no direction to keep). Never NaN for finite d.
// Not implemented yet: fills d with NaN.
void filter_normalize(double *d, const Mlp *m);

// ---------------------------------------------------------------- slices through theta

// The loss on the line through theta = m->params along d (P): for i = 0 .. n-1, at alpha =
// alpha_i on the grid lo .. hi, losses[i] = landscape_loss at params theta + alpha * d.
// m->params is restored before it returns. Returns 0, or -1 (writing nothing) when n < 2, N < 1,
// the network has more than one output, or memory runs out. Not implemented yet: fills losses
// with NaN, returns 0.
int loss_slice_1d(double *losses, Mlp *m, const double *d, double lo, double hi, int n,
                  const double *X, const int *y, int N);

// The loss on the plane through theta = m->params spanned by d1 and d2 (each P), on the grid
// lo .. hi along both: losses (n, n), row i for beta = alpha_i (along d2), column j for alpha =
// alpha_j (along d1):
//     losses[i * n + j] = landscape_loss at params theta + alpha_j * d1 + alpha_i * d2.
// m->params is restored before it returns. Returns 0, or -1 (writing nothing) when n < 2,
// N < 1, the network has more than one output, or memory runs out.
// Not implemented yet: fills losses with NaN and returns 0.
int loss_slice_2d(double *losses, Mlp *m, const double *d1, const double *d2, double lo,
                  double hi, int n, const double *X, const int *y, int N);

// ---------------------------------------------------------------- reading a slice

// The smallest entry of losses (rows, cols) row-major (a 1-D slice is rows = 1): returns it,
// with its row and column in *row and *col. On a tie, the first in row-major order; NaN entries
// are skipped. When there is no entry that is not NaN (or rows or cols < 1): returns NaN with
// *row = *col = -1. Not implemented yet: returns NaN with *row = *col = -2.
double slice_minimum(int *row, int *col, const double *losses, int rows, int cols);

// The curvature of a 1-D slice losses (n) on the grid lo .. hi at point i, by the second
// difference, with h = (hi - lo) / (n - 1) the grid's spacing:
// @formula     (losses[i-1] - 2 losses[i] + losses[i+1]) / h^2,
// @challenge the centred one, from losses[i-1], losses[i] and losses[i+1] alone,
// which is f''(alpha_i) + O(h^2) for a smooth f, and exact for a quadratic. NaN when n < 3 or i is
// not in 1 .. n-2 (an end has no neighbour on one side). Not implemented yet: returns NaN.
double slice_curvature(const double *losses, double lo, double hi, int n, int i);

// A sharpness of a 2-D slice losses (n, n) on the grid lo .. hi along both axes: the largest
// rise of the loss above loss0 among the grid points within `radius` of the centre (0, 0) of
// the plane, the points with alpha_j^2 + alpha_i^2 <= radius^2 (on the circle counts as within):
//     max over those (i, j) of losses[i * n + j] - loss0.
// loss0 is the loss at theta (the slice's value at (0, 0) when that is on the grid). NaN
// entries are skipped; NaN when no grid point is within the radius (or n < 2).
// Not implemented yet: returns NaN.
double slice_sharpness(const double *losses, double lo, double hi, int n, double radius,
                       double loss0);

#endif
