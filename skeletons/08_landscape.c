/* 08_landscape.c -- chapter 8: the loss landscape (Li, Xu, Taylor, Studer and Goldstein, 2018).
 *
 * Training moves a point theta through a space of P dimensions, downhill on the loss L(theta).
 * This file draws slices of that surface: the loss on the straight line between two parameter
 * vectors, and on a line or a plane through theta along random directions. A random direction
 * is only meaningful at the network's own scale, so each neuron's row of it is rescaled to the
 * norm of the same row of theta (filter normalisation, the paper's contribution). From a slice,
 * three numbers: its minimum, its curvature and a sharpness.
 *
 * Shapes: P parameters in the layout of m->params; N examples, X (N, D) row-major, y (N); a 2-D
 * slice (n, n) with row i along d2 and column j along d1 (lib/landscape.h).
 * Ten exercises, in order: landscape_loss, interpolate_params, loss_interpolation,
 * random_direction, filter_normalize, loss_slice_1d, loss_slice_2d, slice_minimum,
 * slice_curvature, slice_sharpness. The forward pass and the loss are yours from chapters 5 and
 * 6 (05_mlp.c, 06_backprop.c). Left out on purpose: convolutional filters and batch
 * normalisation (the paper's networks have both), the Hessian's eigenvalues, directions from PCA
 * of a training path, anything faster than one forward pass per grid point.
 * Notes: chapters/08-landscape/notes.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "landscape.h"

// ---------------------------------------------------------------- the loss of the data

double landscape_loss(Mlp *m, const double *X, const int *y, int N)
{
    // X (N, D), y (N) -> the mean loss over all N, in chunks of at most max_batch rows
    int D = m->sizes[0];
    if (N < 1 || m->sizes[m->L] != 1)
        return NAN;
    double total = 0.0;   // sum over chunks of B * (the chunk's mean loss)
    // TODO(ch08 landscape_loss):
    //   Chunks of the rows in order, start = 0, m->max_batch, 2 * m->max_batch, ..., of
    //   B = min(m->max_batch, N - start) rows each (the last may have fewer; none is
    //   dropped). For each chunk:
    //   logits = mlp_forward(m, X + start * D, B), then add B * bce_loss(logits,
    //   y + start, B) to total. The mean over all N, total / N, is returned below:
    //   each chunk's loss is a mean over its own B rows, so weigh it by B.
    //   Check: make grade CH=08
    total = NAN;  // not implemented yet
    (void)X; (void)y; (void)D;
    // END TODO(ch08 landscape_loss)
    return total / N;
}

// ---------------------------------------------------------------- 1-D: between two points

void interpolate_params(double *out, const double *theta0, const double *theta1, double alpha,
                        int P)
{
    // theta0 (P), theta1 (P) -> out (P), the point alpha of the way from theta0 to theta1
    for (int k = 0; k < P; k++) {
        // TODO(ch08 interpolate_params):
        //   out[k] = (1 - alpha) * theta0[k] + alpha * theta1[k], in exactly that form: it
        //   gives theta0[k] at alpha = 0 and theta1[k] at alpha = 1 bit for bit. (theta0[k]
        //   + alpha * (theta1[k] - theta0[k]) is the same line on paper, but rounds at
        //   alpha = 1.)
        //   Check: make grade CH=08
        out[k] = NAN;  // not implemented yet
        (void)theta0; (void)theta1; (void)alpha;
        // END TODO(ch08 interpolate_params)
    }
}

int loss_interpolation(double *losses, Mlp *m, const double *theta0, const double *theta1,
                       double lo, double hi, int n, const double *X, const int *y, int N)
{
    // theta0, theta1 (P) -> losses (n): the loss at n points of the line through them
    int P = m->num_params;
    if (n < 2 || N < 1 || m->sizes[m->L] != 1)
        return -1;
    double *theta = malloc(sizeof(double) * (size_t)P);   // m's own parameters, to put back
    if (!theta)
        return -1;
    memcpy(theta, m->params, sizeof(double) * (size_t)P);
    // TODO(ch08 loss_interpolation):
    //   For i = 0 .. n-1: alpha = lo + (hi - lo) * i / (n - 1) (so that the last point is
    //   hi, not one step short of it);
    //   put the parameters at that point of the line, interpolate_params(m->params,
    //   theta0, theta1, alpha, P); losses[i] = landscape_loss(m, X, y, N).
    //   Then restore m->params from the copy theta made above (memcpy): the caller's
    //   network must come back as it was, not at the last point of the line.
    //   Check: make grade CH=08
    for (int i = 0; i < n; i++)
        losses[i] = NAN;  // not implemented yet
    (void)theta0; (void)theta1; (void)lo; (void)hi; (void)X; (void)y;
    // END TODO(ch08 loss_interpolation)
    free(theta);
    return 0;
}

// ---------------------------------------------------------------- random directions

void random_direction(double *d, int P, Rng *rng)
{
    // -> d (P), one standard normal per parameter
    // TODO(ch08 random_direction):
    //   d[k] = rng_normal(rng, 0.0, 1.0) for k = 0 .. P-1, in that order: one draw of a
    //   standard normal per entry (mean 0, standard deviation 1), weights and biases
    //   alike, and nothing else from rng.
    //   Check: make grade CH=08
    for (int k = 0; k < P; k++)
        d[k] = NAN;  // not implemented yet
    (void)rng;
    // END TODO(ch08 random_direction)
}

void filter_normalize(double *d, const Mlp *m)
{
    // d (P), in the layout of m->params -> d, each neuron's row at its own scale, biases 0
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        double *dw = d + (m->weight[l] - m->params);        // d's weight[l] (H, D)
        double *db = d + (m->bias[l] - m->params);          // d's bias[l] (H)
        const double *tw = m->weight[l];                    // theta's weight[l] (H, D)
        // TODO(ch08 filter_normalize):
        //   For each unit h = 0 .. H-1, its row: dw[h * D + i] and tw[h * D + i] for i = 0
        //   .. D-1 (the weights into unit h, not a column).
        //   With dn = the norm of d's row and tn = the norm of theta's row (square root
        //   of the sum of squares), scale d's row by tn / dn -- unless dn is 0: a row of
        //   zeros stays as it is (0 / 0 is NaN).
        //   Each row on its own: not the norm of the whole matrix. Then set the H bias
        //   entries db[h] to 0: the biases are not part of the direction.
        //   Check: make grade CH=08
        for (int h = 0; h < H; h++) {
            db[h] = NAN;  // not implemented yet
            for (int i = 0; i < D; i++)
                dw[h * D + i] = NAN;
        }
        (void)tw;
        // END TODO(ch08 filter_normalize)
    }
}

// ---------------------------------------------------------------- slices through theta

int loss_slice_1d(double *losses, Mlp *m, const double *d, double lo, double hi, int n,
                  const double *X, const int *y, int N)
{
    // d (P) -> losses (n): the loss at theta + alpha_i d
    int P = m->num_params;
    if (n < 2 || N < 1 || m->sizes[m->L] != 1)
        return -1;
    double *theta = malloc(sizeof(double) * (size_t)P);   // the centre, theta, to put back
    if (!theta)
        return -1;
    memcpy(theta, m->params, sizeof(double) * (size_t)P);
    // TODO(ch08 loss_slice_1d):
    //   For i = 0 .. n-1: alpha = lo + (hi - lo) * i / (n - 1);
    //   m->params[k] = theta[k] + alpha * d[k] for every k = 0 .. P-1 (always from theta,
    //   the copy made above: never add to what the previous point left in m->params);
    //   losses[i] = landscape_loss(m, X, y, N).
    //   Then copy theta back into m->params, so that the network is restored bit for bit.
    //   Check: make grade CH=08
    for (int i = 0; i < n; i++)
        losses[i] = NAN;  // not implemented yet
    (void)d; (void)lo; (void)hi; (void)X; (void)y;
    // END TODO(ch08 loss_slice_1d)
    free(theta);
    return 0;
}

int loss_slice_2d(double *losses, Mlp *m, const double *d1, const double *d2, double lo,
                  double hi, int n, const double *X, const int *y, int N)
{
    // d1, d2 (P) -> losses (n, n): row i along d2 (beta = alpha_i), column j along d1
    // (alpha = alpha_j)
    int P = m->num_params;
    if (n < 2 || N < 1 || m->sizes[m->L] != 1)
        return -1;
    double *theta = malloc(sizeof(double) * (size_t)P);   // the centre, theta, to put back
    if (!theta)
        return -1;
    memcpy(theta, m->params, sizeof(double) * (size_t)P);
    // TODO(ch08 loss_slice_2d):
    //   For every row i = 0 .. n-1 (beta = lo + (hi - lo) * i / (n - 1), along d2) and
    //   every column j = 0 .. n-1 (alpha = lo + (hi - lo) * j / (n - 1), along d1):
    //   m->params[k] = theta[k] + alpha * d1[k] + beta * d2[k] for every k, then
    //   losses[i * n + j] = landscape_loss(m, X, y, N).
    //   Row i is beta's, column j is alpha's: alpha varies fastest. Then copy theta back
    //   into m->params: the network must not stay at the last point.
    //   Check: make grade CH=08
    for (int k = 0; k < n * n; k++)
        losses[k] = NAN;  // not implemented yet
    (void)d1; (void)d2; (void)lo; (void)hi; (void)X; (void)y;
    // END TODO(ch08 loss_slice_2d)
    free(theta);
    return 0;
}

// ---------------------------------------------------------------- reading a slice

double slice_minimum(int *row, int *col, const double *losses, int rows, int cols)
{
    // losses (rows, cols) -> the smallest, and where it is
    *row = *col = -1;   // where nothing is found
    if (rows < 1 || cols < 1)
        return NAN;
    // TODO(ch08 slice_minimum):
    //   Find the smallest entry among losses[0 .. rows * cols - 1], skipping NaN
    //   entries; on a tie keep the first one (compare with <, not <=). Start from the
    //   first entry that is not NaN, not from 0 or a large constant. Entry k is at row
    //   k / cols and column k % cols: write those to *row and *col and return the
    //   entry. If every entry is NaN, return NAN (*row and *col stay -1).
    //   Check: make grade CH=08
    *row = *col = -2;
    (void)losses;
    return NAN;  // not implemented yet
    // END TODO(ch08 slice_minimum)
}

double slice_curvature(const double *losses, double lo, double hi, int n, int i)
{
    // losses (n) on the grid lo .. hi -> the second difference at point i
    if (n < 3 || i < 1 || i > n - 2)
        return NAN;
    // TODO(ch08 slice_curvature):
    //   h = (hi - lo) / (n - 1), the distance between neighbouring points of the grid
    //   (n points make n - 1 gaps).
    //   Return (losses[i - 1] - 2 * losses[i] + losses[i + 1]) / (h * h): the change
    //   of the slope from the left gap to the right gap, per unit of alpha.
    //   Check: make grade CH=08
    (void)losses; (void)lo; (void)hi;
    return NAN;  // not implemented yet
    // END TODO(ch08 slice_curvature)
}

double slice_sharpness(const double *losses, double lo, double hi, int n, double radius,
                       double loss0)
{
    // losses (n, n) on the grid lo .. hi along both axes -> the largest rise within radius
    if (n < 2)
        return NAN;
    double rise = NAN;   // the largest losses[i * n + j] - loss0 so far (NaN: none yet)
    // TODO(ch08 slice_sharpness):
    //   For every grid point (i, j), with beta = lo + (hi - lo) * i / (n - 1) and alpha =
    //   lo + (hi - lo) * j / (n - 1): if alpha * alpha + beta * beta <= radius * radius (a
    //   point exactly on the circle counts) and losses[i * n + j] is not NaN, rise = the
    //   larger of rise and losses[i * n + j] - loss0 (the first such point sets it). The
    //   rise is measured from loss0, the loss at theta, not from the lowest point of the
    //   disc. It stays NaN, and is returned as such, when no point is within the radius.
    //   Check: make grade CH=08
    (void)losses; (void)lo; (void)hi; (void)radius; (void)loss0;
    rise = NAN;  // not implemented yet
    // END TODO(ch08 slice_sharpness)
    return rise;
}
