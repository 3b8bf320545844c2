/* data.h -- the small 2-D data sets every chapter trains on, and their text files.
 *
 * The generators follow the TensorFlow Playground (github.com/tensorflow/playground,
 * src/dataset.ts) draw for draw, with labels mapped from -1/+1 to 0/1, plus the lecture's
 * running example, "Will I pass this class?". Every draw comes from the Rng passed in, in the
 * order documented below, so a seed pins a data set on every machine.
 *
 * On disk a data set is text, one point a line: `x1 x2 label`, label 0 or 1; blank lines and
 * lines starting with '#' are skipped. A malformed file is rejected with its name and line.
 * Not here on purpose: more than two features on disk, regression targets, images.
 *
 * Example:
 *     Rng rng; rng_seed(&rng, 1, 1);
 *     Dataset all, train, test;
 *     data_circle(&all, 500, 0.1, &rng);   // 500 points, noise 0.1
 *     dataset_shuffle(&all, &rng);
 *     dataset_split(&all, 0.5, &train, &test);
 *     ...
 *     dataset_free(&test); dataset_free(&train); dataset_free(&all);
 */
#ifndef WORKBOOK_DATA_H
#define WORKBOOK_DATA_H

#include <stddef.h>
#include "rng.h"

typedef struct {
    int n;        // number of points
    int d;        // features per point (2 for every generator here)
    double *x;    // (n, d), row-major: feature i of point k is x[k * d + i]
    int *y;       // (n), labels in {0, 1}
} Dataset;

// Allocates room for n points of d features (contents zero). Returns 0, or -1 when out of memory
// (ds is then empty). Every Dataset filled by this header is released with dataset_free.
int dataset_alloc(Dataset *ds, int n, int d);
void dataset_free(Dataset *ds);   // safe on a zeroed or already freed Dataset

// ---- Generators: n points (n even, n >= 2), noise in [0, 0.5]. Return 0, or -1 on bad
// arguments or out of memory. Points come out in generation order; shuffle to mix them.

// circle: n/2 points with radius U(0, 2.5), then n/2 with radius U(3.5, 5); for each point the
// draws are r, angle U(0, 2 pi), noise_x, noise_y = U(-5, 5) * noise; x = r sin(angle),
// y = r cos(angle); label 1 when the noisy point lies within 2.5 of the origin. The stored point
// stays clean.
int data_circle(Dataset *ds, int n, double noise, Rng *rng);

// xor: per point, x = U(-5, 5) then y = U(-5, 5), each pushed 0.3 away from 0 (x += x > 0 ? 0.3
// : -0.3), then noise_x, noise_y = U(-5, 5) * noise; label 1 when (x+noise_x)(y+noise_y) >= 0.
int data_xor(Dataset *ds, int n, double noise, Rng *rng);

// gauss: n/2 points around (2, 2) with label 1, then n/2 around (-2, -2) with label 0; the
// variance maps noise 0 .. 0.5 linearly to 0.5 .. 4; x then y, each rng_normal(c, sqrt(var)).
int data_gauss(Dataset *ds, int n, double noise, Rng *rng);

// spiral: two arms of n/2 points, label 1 (delta = 0) then label 0 (delta = pi); point i of an
// arm has r = 5 i / (n/2), t = 1.75 * 2 pi * i / (n/2) + delta, x = r sin t + U(-1, 1) * noise,
// y = r cos t + U(-1, 1) * noise (x's draw first).
int data_spiral(Dataset *ds, int n, double noise, Rng *rng);

// pass ("Will I pass this class?"): x1 = hours studied per week minus 5, x2 = hours slept per
// night minus 7, drawn U(-5, 5) then U(-3, 3). A student passes (label 1) when
// x1 + 2 x2 + 1 > 0. Points closer than `margin` (in the plane) to that line are drawn again,
// so the classes are linearly separable with that margin. The line misses the origin, so for a
// margin below 1/sqrt(5) (about 0.447) no line through the origin separates the classes: a
// classifier without a bias cannot learn them. The lecture's example is clean: no noise.
// margin in [0, 1).
int data_pass(Dataset *ds, int n, double margin, Rng *rng);

// ---- Mixing and splitting

// Shuffles the points in place (rng_permutation of n, then point k takes old point perm[k]).
void dataset_shuffle(Dataset *ds, Rng *rng);

// The first floor(n * train_frac) points become `train`, the rest `test` (copies; free all
// three). train_frac in [0, 1]. Returns 0, or -1 on bad arguments or out of memory.
int dataset_split(const Dataset *all, double train_frac, Dataset *train, Dataset *test);

// ---- Files. On error both return -1 and write a one-line message to err (up to errcap bytes)
// that names the file, and the line for a malformed one:
//   "data/xor.txt:17: expected `x1 x2 label`, found `1.5 abc 0`"
//   "data/xor.txt:18: label must be 0 or 1, found 2"

// Writes `x1 x2 label` lines (%.17g), after a '#' comment line naming the columns. d must be 2.
int dataset_write(const Dataset *ds, const char *path, char *err, size_t errcap);

// Reads a file written by dataset_write, or by hand. ds gets d = 2.
int dataset_read(Dataset *ds, const char *path, char *err, size_t errcap);

#endif
