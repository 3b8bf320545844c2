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
    // @begin landscape_loss
    // @todo Chunks of the rows in order, start = 0, m->max_batch, 2 * m->max_batch, ..., of
    // @todo B = min(m->max_batch, N - start) rows each (the last may have fewer; none is
    // @todo dropped). For each chunk:
    // @formula logits = mlp_forward(m, X + start * D, B), then add B * bce_loss(logits,
    // @formula y + start, B) to total. The mean over all N, total / N, is returned below:
    // @formula each chunk's loss is a mean over its own B rows, so weigh it by B.
    // @challenge its loss from your mlp_forward and bce_loss, added into total so that total /
    // @challenge N, returned below, is the mean loss over all N rows whatever max_batch is
    // @challenge (the last chunk shorter than the others too).
    // @stub total = NAN;  // not implemented yet
    // @stub (void)X; (void)y; (void)D;
    for (int start = 0; start < N; start += m->max_batch) {
        int B = N - start < m->max_batch ? N - start : m->max_batch;
        const double *logits = mlp_forward(m, X + (long)start * D, B);
        total += B * bce_loss(logits, y + start, B);
    }
    // @end landscape_loss
    return total / N;
}

// ---------------------------------------------------------------- 1-D: between two points

void interpolate_params(double *out, const double *theta0, const double *theta1, double alpha,
                        int P)
{
    // theta0 (P), theta1 (P) -> out (P), the point alpha of the way from theta0 to theta1
    for (int k = 0; k < P; k++) {
        // @begin interpolate_params
        // @formula out[k] = (1 - alpha) * theta0[k] + alpha * theta1[k], in exactly that form: it
        // @formula gives theta0[k] at alpha = 0 and theta1[k] at alpha = 1 bit for bit. (theta0[k]
        // @formula + alpha * (theta1[k] - theta0[k]) is the same line on paper, but rounds at
        // @formula alpha = 1.)
        // @challenge out[k] = the point alpha of the way from theta0[k] to theta1[k] on the
        // @challenge straight line, written so that alpha = 0 gives theta0[k] and alpha = 1 gives
        // @challenge theta1[k] bit for bit (not every form that is the same line on paper does:
        // @challenge try alpha = 1).
        // @stub out[k] = NAN;  // not implemented yet
        // @stub (void)theta0; (void)theta1; (void)alpha;
        out[k] = (1.0 - alpha) * theta0[k] + alpha * theta1[k];
        // @end interpolate_params
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
    // @begin loss_interpolation
    // @todo For i = 0 .. n-1: alpha = lo + (hi - lo) * i / (n - 1) (so that the last point is
    // @todo hi, not one step short of it);
    // @formula put the parameters at that point of the line, interpolate_params(m->params,
    // @formula theta0, theta1, alpha, P); losses[i] = landscape_loss(m, X, y, N).
    // @challenge losses[i] = the loss of the data (landscape_loss) with the network's
    // @challenge parameters at that point of the line from theta0 (alpha = 0) to theta1
    // @challenge (alpha = 1).
    // @todo Then restore m->params from the copy theta made above (memcpy): the caller's
    // @todo network must come back as it was, not at the last point of the line.
    // @stub for (int i = 0; i < n; i++)
    // @stub     losses[i] = NAN;  // not implemented yet
    // @stub (void)theta0; (void)theta1; (void)lo; (void)hi; (void)X; (void)y;
    for (int i = 0; i < n; i++) {
        double alpha = lo + (hi - lo) * i / (n - 1);
        interpolate_params(m->params, theta0, theta1, alpha, P);
        losses[i] = landscape_loss(m, X, y, N);
    }
    memcpy(m->params, theta, sizeof(double) * (size_t)P);
    // @end loss_interpolation
    free(theta);
    return 0;
}

// ---------------------------------------------------------------- random directions

void random_direction(double *d, int P, Rng *rng)
{
    // -> d (P), one standard normal per parameter
    // @begin random_direction
    // @todo d[k] = rng_normal(rng, 0.0, 1.0) for k = 0 .. P-1, in that order: one draw of a
    // @todo standard normal per entry (mean 0, standard deviation 1), weights and biases
    // @todo alike, and nothing else from rng.
    // @stub for (int k = 0; k < P; k++)
    // @stub     d[k] = NAN;  // not implemented yet
    // @stub (void)rng;
    for (int k = 0; k < P; k++)
        d[k] = rng_normal(rng, 0.0, 1.0);
    // @end random_direction
}

void filter_normalize(double *d, const Mlp *m)
{
    // d (P), in the layout of m->params -> d, each neuron's row at its own scale, biases 0
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        double *dw = d + (m->weight[l] - m->params);        // d's weight[l] (H, D)
        double *db = d + (m->bias[l] - m->params);          // d's bias[l] (H)
        const double *tw = m->weight[l];                    // theta's weight[l] (H, D)
        // @begin filter_normalize
        // @todo For each unit h = 0 .. H-1, its row: dw[h * D + i] and tw[h * D + i] for i = 0
        // @todo .. D-1 (the weights into unit h, not a column).
        // @formula With dn = the norm of d's row and tn = the norm of theta's row (square root
        // @formula of the sum of squares), scale d's row by tn / dn -- unless dn is 0: a row of
        // @formula zeros stays as it is (0 / 0 is NaN).
        // @challenge Rescale d's row, keeping its direction, so that its Euclidean norm becomes
        // @challenge that of theta's row -- unless d's row is all zeros: it stays as it is (it
        // @challenge has no direction to keep, and must not become NaN).
        // @todo Each row on its own: not the norm of the whole matrix. Then set the H bias
        // @todo entries db[h] to 0: the biases are not part of the direction.
        // @stub for (int h = 0; h < H; h++) {
        // @stub     db[h] = NAN;  // not implemented yet
        // @stub     for (int i = 0; i < D; i++)
        // @stub         dw[h * D + i] = NAN;
        // @stub }
        // @stub (void)tw;
        for (int h = 0; h < H; h++) {
            double dn = 0.0, tn = 0.0;
            for (int i = 0; i < D; i++) {
                dn += dw[h * D + i] * dw[h * D + i];
                tn += tw[h * D + i] * tw[h * D + i];
            }
            dn = sqrt(dn);
            tn = sqrt(tn);
            if (dn > 0.0)
                for (int i = 0; i < D; i++)
                    dw[h * D + i] *= tn / dn;
            db[h] = 0.0;
        }
        // @end filter_normalize
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
    // @begin loss_slice_1d
    // @todo For i = 0 .. n-1: alpha = lo + (hi - lo) * i / (n - 1);
    // @formula m->params[k] = theta[k] + alpha * d[k] for every k = 0 .. P-1 (always from theta,
    // @formula the copy made above: never add to what the previous point left in m->params);
    // @formula losses[i] = landscape_loss(m, X, y, N).
    // @challenge losses[i] = the loss of the data (landscape_loss) at the parameters theta +
    // @challenge alpha d, each point measured from theta (the copy made above), never from where
    // @challenge the previous point left m->params.
    // @todo Then copy theta back into m->params, so that the network is restored bit for bit.
    // @stub for (int i = 0; i < n; i++)
    // @stub     losses[i] = NAN;  // not implemented yet
    // @stub (void)d; (void)lo; (void)hi; (void)X; (void)y;
    for (int i = 0; i < n; i++) {
        double alpha = lo + (hi - lo) * i / (n - 1);
        for (int k = 0; k < P; k++)
            m->params[k] = theta[k] + alpha * d[k];
        losses[i] = landscape_loss(m, X, y, N);
    }
    memcpy(m->params, theta, sizeof(double) * (size_t)P);
    // @end loss_slice_1d
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
    // @begin loss_slice_2d
    // @todo For every row i = 0 .. n-1 (beta = lo + (hi - lo) * i / (n - 1), along d2) and
    // @todo every column j = 0 .. n-1 (alpha = lo + (hi - lo) * j / (n - 1), along d1):
    // @formula m->params[k] = theta[k] + alpha * d1[k] + beta * d2[k] for every k, then
    // @formula losses[i * n + j] = landscape_loss(m, X, y, N).
    // @challenge losses[i * n + j] = the loss of the data (landscape_loss) at the parameters
    // @challenge theta + alpha d1 + beta d2, each point measured from theta (the copy made above).
    // @todo Row i is beta's, column j is alpha's: alpha varies fastest. Then copy theta back
    // @todo into m->params: the network must not stay at the last point.
    // @stub for (int k = 0; k < n * n; k++)
    // @stub     losses[k] = NAN;  // not implemented yet
    // @stub (void)d1; (void)d2; (void)lo; (void)hi; (void)X; (void)y;
    for (int i = 0; i < n; i++) {
        double beta = lo + (hi - lo) * i / (n - 1);
        for (int j = 0; j < n; j++) {
            double alpha = lo + (hi - lo) * j / (n - 1);
            for (int k = 0; k < P; k++)
                m->params[k] = theta[k] + alpha * d1[k] + beta * d2[k];
            losses[i * n + j] = landscape_loss(m, X, y, N);
        }
    }
    memcpy(m->params, theta, sizeof(double) * (size_t)P);
    // @end loss_slice_2d
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
    // @begin slice_minimum
    // @todo Find the smallest entry among losses[0 .. rows * cols - 1], skipping NaN
    // @todo entries; on a tie keep the first one (compare with <, not <=). Start from the
    // @todo first entry that is not NaN, not from 0 or a large constant. Entry k is at row
    // @todo k / cols and column k % cols: write those to *row and *col and return the
    // @todo entry. If every entry is NaN, return NAN (*row and *col stay -1).
    // @stub *row = *col = -2;
    // @stub (void)losses;
    // @stub return NAN;  // not implemented yet
    int best = -1;   // the index of the smallest entry so far (-1: none yet)
    for (int k = 0; k < rows * cols; k++)
        if (!isnan(losses[k]) && (best < 0 || losses[k] < losses[best]))
            best = k;
    if (best < 0)
        return NAN;
    *row = best / cols;
    *col = best % cols;
    return losses[best];
    // @end slice_minimum
}

double slice_curvature(const double *losses, double lo, double hi, int n, int i)
{
    // losses (n) on the grid lo .. hi -> the second difference at point i
    if (n < 3 || i < 1 || i > n - 2)
        return NAN;
    // @begin slice_curvature
    // @todo h = (hi - lo) / (n - 1), the distance between neighbouring points of the grid
    // @todo (n points make n - 1 gaps).
    // @formula Return (losses[i - 1] - 2 * losses[i] + losses[i + 1]) / (h * h): the change
    // @formula of the slope from the left gap to the right gap, per unit of alpha.
    // @challenge Return the second derivative of the loss along alpha at point i, estimated from
    // @challenge losses[i - 1], losses[i] and losses[i + 1] alone: the centred second
    // @challenge difference, exact when the slice is a parabola.
    // @stub (void)losses; (void)lo; (void)hi;
    // @stub return NAN;  // not implemented yet
    double h = (hi - lo) / (n - 1);
    return (losses[i - 1] - 2.0 * losses[i] + losses[i + 1]) / (h * h);
    // @end slice_curvature
}

double slice_sharpness(const double *losses, double lo, double hi, int n, double radius,
                       double loss0)
{
    // losses (n, n) on the grid lo .. hi along both axes -> the largest rise within radius
    if (n < 2)
        return NAN;
    double rise = NAN;   // the largest losses[i * n + j] - loss0 so far (NaN: none yet)
    // @begin slice_sharpness
    // @todo For every grid point (i, j), with beta = lo + (hi - lo) * i / (n - 1) and alpha =
    // @todo lo + (hi - lo) * j / (n - 1): if alpha * alpha + beta * beta <= radius * radius (a
    // @todo point exactly on the circle counts) and losses[i * n + j] is not NaN, rise = the
    // @todo larger of rise and losses[i * n + j] - loss0 (the first such point sets it). The
    // @todo rise is measured from loss0, the loss at theta, not from the lowest point of the
    // @todo disc. It stays NaN, and is returned as such, when no point is within the radius.
    // @stub (void)losses; (void)lo; (void)hi; (void)radius; (void)loss0;
    // @stub rise = NAN;  // not implemented yet
    for (int i = 0; i < n; i++) {
        double beta = lo + (hi - lo) * i / (n - 1);
        for (int j = 0; j < n; j++) {
            double alpha = lo + (hi - lo) * j / (n - 1);
            double v = losses[i * n + j];
            int inside = alpha * alpha + beta * beta <= radius * radius;   // on the circle counts
            if (inside && !isnan(v) && (isnan(rise) || v - loss0 > rise))
                rise = v - loss0;
        }
    }
    // @end slice_sharpness
    return rise;
}
