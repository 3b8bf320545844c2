/* digits.h -- the handwritten digits of chapter 7: reading them, splitting them, scaling them.
 *
 * data/digits.csv holds the UCI "Optical Recognition of Handwritten Digits" test set (1797
 * images; source and licence in data/README.md): one image a line, 65 comma-separated integers,
 * the 64 pixels of the 8x8 image row by row (each a count 0 to 16 of the ink in a 4x4 block),
 * then the digit 0 to 9. For example the first line, a 0:
 *     0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,...,0,0,6,13,10,0,0,0,0
 *
 * N images, D = 64 features. X is (N, D) row-major: pixel (r, c) of image n is
 * X[n * 64 + r * 8 + c], r = 0 the top row. Labels y[n] are 0 .. 9 (K = 10 classes).
 *
 * Given code (lib/digits.c): nothing here is an exercise. Not here on purpose: other image
 * sizes, any file format but this one, augmentation, compressed files (see data/README.md).
 *
 * Example:
 *     char path[1024], err[256];
 *     Digits all, train, test;
 *     if (digits_find(path, sizeof path, err, sizeof err) != 0 ||
 *         digits_load(&all, path, err, sizeof err) != 0) { puts(err); ... }
 *     Rng rng; rng_seed(&rng, 7, 7);
 *     digits_split(&train, &test, &all, 0.25, &rng);   // a quarter of each digit held out
 *     digits_scale(&train, 1.0 / 16), digits_scale(&test, 1.0 / 16);   // pixels in [0, 1]
 *     ...
 *     digits_free(&test), digits_free(&train), digits_free(&all);
 */
#ifndef WORKBOOK_DIGITS_H
#define WORKBOOK_DIGITS_H

#include <stddef.h>

#include "rng.h"

#define DIGITS_SIDE 8        // an image is DIGITS_SIDE x DIGITS_SIDE pixels
#define DIGITS_PIXELS 64     // D, the features of an image
#define DIGITS_CLASSES 10    // K, the digits 0 .. 9
#define DIGITS_MAX_COUNT 16  // a pixel is a count 0 .. 16 (set pixels in a 4x4 block)

typedef struct {
    int n;      // images
    int d;      // features per image: DIGITS_PIXELS
    double *x;  // (n, d) row-major, as read (0 .. 16) until digits_scale
    int *y;     // (n) the digit, 0 .. 9
    int *id;    // (n) the image's line in the file, counting from 0: it survives splits, so a
                // figure can say which image it shows
} Digits;

// Finds data/digits.csv: in the folder named by the environment variable WORKBOOK_DATA when it
// is set, else as data/digits.csv from the current folder or one of up to 8 folders above it
// (the grader runs its tests inside build/). Writes the path into path (cap bytes) and returns
// 0, or returns -1 with a message in err (errcap bytes).
int digits_find(char *path, size_t cap, char *err, size_t errcap);

// Reads the file at path into ds (which it overwrites: free it first if it held images).
// Every line holds exactly 65 comma-separated integers: 64 pixels 0 .. 16, then the digit
// 0 .. 9; spaces around a number and a \r before the \n are allowed, blank lines are skipped.
// Returns 0, or -1 with ds empty and a one-line message in err that names the file and, for a
// malformed file, the line:
//   "data/digits.csv:12: expected 65 comma-separated numbers (64 pixels, then the digit), found 64"
//   "data/digits.csv:3: pixel 17 (row 2, column 0) must be a whole number 0 .. 16, found `17.5`"
//   "data/digits.csv:40: the digit (field 65) must be a whole number 0 .. 9, found `10`"
int digits_load(Digits *ds, const char *path, char *err, size_t errcap);

// A seeded stratified split: each digit keeps its share in both parts. For c = 0 .. 9 in turn:
// the n_c images of digit c, in file order, are shuffled with rng_shuffle_int (n_c - 1 draws
// of rng_below), and the first t_c = floor(test_frac * n_c + 0.5) of the shuffled list go to
// test, the others to train. Both parts then list their images in the order of all (copies;
// free all three). test_frac in [0, 1]; the labels of all must be 0 .. 9. Returns 0, or -1 on
// bad arguments or out of memory (train and test then empty).
int digits_split(Digits *train, Digits *test, const Digits *all, double test_frac, Rng *rng);

// x[k] *= factor for every pixel: digits_scale(ds, 1.0 / 16) puts them in [0, 1].
void digits_scale(Digits *ds, double factor);

// Frees what load or split allocated and zeroes ds; safe on a zeroed or freed Digits.
void digits_free(Digits *ds);

#endif
