/* data.c -- the workbook's 2-D data sets: generators, shuffle and split, text files.
 *
 * The four classification generators copy the TensorFlow Playground's src/dataset.ts draw for
 * draw and, where it matters for the last bit, operation for operation; only the labels change
 * (+1 -> 1, -1 -> 0). data_pass is the lecture's "Will I pass this class?" example. The reader
 * is strict on purpose: a student's hand-edited file that is off by one field fails loudly with
 * its line number rather than training on garbage.
 * Left out on purpose: the Playground's regression sets, files with more than two features.
 */
#include "data.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Same numbers on every machine: forbid fusing a*b + c into one rounding (see rng.c).
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

static const double PI = 3.14159265358979323846;  // the double nearest pi, as JS's Math.PI

// ----------------------------------------------------------------------------
// Allocation

int dataset_alloc(Dataset *ds, int n, int d) {
    if (ds == NULL) return -1;
    ds->n = 0, ds->d = 0, ds->x = NULL, ds->y = NULL;
    if (n < 0 || d < 1 || (size_t)n > SIZE_MAX / sizeof(double) / (size_t)d) return -1;
    // At least one element each, so x and y are valid pointers even for an empty set.
    size_t nx = (size_t)n * (size_t)d;
    double *x = calloc(nx > 0 ? nx : 1, sizeof *x);
    int *y = calloc(n > 0 ? (size_t)n : 1, sizeof *y);
    if (x == NULL || y == NULL) {
        free(x);
        free(y);
        return -1;
    }
    ds->n = n, ds->d = d, ds->x = x, ds->y = y;
    return 0;
}

void dataset_free(Dataset *ds) {
    if (ds == NULL) return;
    free(ds->x);
    free(ds->y);
    ds->n = 0, ds->d = 0, ds->x = NULL, ds->y = NULL;
}

// ----------------------------------------------------------------------------
// Generators (TensorFlow Playground, src/dataset.ts)

// Checks what every generator asks of its arguments, then allocates n points of 2 features.
// On -1, ds (when not NULL) is left empty, so dataset_free is always safe.
static int generator_start(Dataset *ds, int n, double noise, const Rng *rng) {
    if (ds == NULL) return -1;
    ds->n = 0, ds->d = 0, ds->x = NULL, ds->y = NULL;
    if (rng == NULL || n < 2 || n % 2 != 0) return -1;
    if (!(noise >= 0.0 && noise <= 0.5)) return -1;  // also rejects NaN
    return dataset_alloc(ds, n, 2);
}

int data_circle(Dataset *ds, int n, double noise, Rng *rng) {
    if (generator_start(ds, n, noise, rng) != 0) return -1;
    for (int k = 0; k < n; k++) {
        // The first half lies inside radius 2.5, the second in the ring 3.5 .. 5.
        double r = k < n / 2 ? rng_range(rng, 0.0, 2.5) : rng_range(rng, 3.5, 5.0);
        double angle = rng_range(rng, 0.0, 2.0 * PI);
        double x = r * sin(angle);
        double y = r * cos(angle);
        // The label comes from a noisy copy of the point; the stored point stays clean.
        double noise_x = rng_range(rng, -5.0, 5.0) * noise;
        double noise_y = rng_range(rng, -5.0, 5.0) * noise;
        double px = x + noise_x, py = y + noise_y;
        ds->x[2 * k] = x;
        ds->x[2 * k + 1] = y;
        ds->y[k] = sqrt(px * px + py * py) < 2.5 ? 1 : 0;
    }
    return 0;
}

int data_xor(Dataset *ds, int n, double noise, Rng *rng) {
    if (generator_start(ds, n, noise, rng) != 0) return -1;
    for (int k = 0; k < n; k++) {
        // Each coordinate is pushed 0.3 away from its axis, leaving an empty cross.
        double x = rng_range(rng, -5.0, 5.0);
        x += x > 0 ? 0.3 : -0.3;
        double y = rng_range(rng, -5.0, 5.0);
        y += y > 0 ? 0.3 : -0.3;
        // Label 1 in the quadrants where x and y agree in sign, judged on a noisy copy.
        double noise_x = rng_range(rng, -5.0, 5.0) * noise;
        double noise_y = rng_range(rng, -5.0, 5.0) * noise;
        ds->x[2 * k] = x;
        ds->x[2 * k + 1] = y;
        ds->y[k] = (x + noise_x) * (y + noise_y) >= 0 ? 1 : 0;
    }
    return 0;
}

int data_gauss(Dataset *ds, int n, double noise, Rng *rng) {
    if (generator_start(ds, n, noise, rng) != 0) return -1;
    // The Playground's d3 (v3) linear scale maps noise 0 .. 0.5 to variance 0.5 .. 4 as
    // t = noise / 0.5, then a (1 - t) + b t; the same operations give the same bits.
    double t = noise / 0.5;
    double variance = 0.5 * (1.0 - t) + 4.0 * t;
    double stddev = sqrt(variance);
    for (int k = 0; k < n; k++) {
        // The first half around (2, 2) with label 1, the second around (-2, -2) with label 0.
        double c = k < n / 2 ? 2.0 : -2.0;
        double x = rng_normal(rng, c, stddev);
        double y = rng_normal(rng, c, stddev);
        ds->x[2 * k] = x;
        ds->x[2 * k + 1] = y;
        ds->y[k] = k < n / 2 ? 1 : 0;
    }
    return 0;
}

int data_spiral(Dataset *ds, int n, double noise, Rng *rng) {
    if (generator_start(ds, n, noise, rng) != 0) return -1;
    int m = n / 2;  // points per arm
    for (int k = 0; k < n; k++) {
        // Arm 0 (label 1) starts at angle 0, arm 1 (label 0) is the same arm turned by pi.
        int arm = k < m ? 0 : 1;
        int i = k - arm * m;
        double delta = arm == 0 ? 0.0 : PI;
        // Radius grows from 0 towards 5 while the angle turns 1.75 times round; the operations
        // are in the Playground's order (i / n * 5, 1.75 * i / n * 2 * PI) so the bits agree.
        double r = (double)i / m * 5.0;
        double t = 1.75 * i / m * 2.0 * PI + delta;
        double x = r * sin(t) + rng_range(rng, -1.0, 1.0) * noise;
        double y = r * cos(t) + rng_range(rng, -1.0, 1.0) * noise;
        ds->x[2 * k] = x;
        ds->x[2 * k + 1] = y;
        ds->y[k] = arm == 0 ? 1 : 0;
    }
    return 0;
}

int data_pass(Dataset *ds, int n, double margin, Rng *rng) {
    if (generator_start(ds, n, 0.0, rng) != 0) return -1;
    if (!(margin >= 0.0 && margin < 1.0)) {  // also rejects NaN
        dataset_free(ds);
        return -1;
    }
    double sqrt5 = sqrt(5.0);  // |x1 + 2 x2 + 1| / sqrt(5) is the distance to the line
    for (int k = 0; k < n; k++) {
        // Hours studied (minus 5) and slept (minus 7); redraw both while too near the line.
        double x1, x2, f;
        do {
            x1 = rng_range(rng, -5.0, 5.0);
            x2 = rng_range(rng, -3.0, 3.0);
            f = x1 + 2.0 * x2 + 1.0;
        } while (fabs(f) / sqrt5 < margin);
        ds->x[2 * k] = x1;
        ds->x[2 * k + 1] = x2;
        ds->y[k] = f > 0 ? 1 : 0;
    }
    return 0;
}

// ----------------------------------------------------------------------------
// Mixing and splitting

void dataset_shuffle(Dataset *ds, Rng *rng) {
    if (ds == NULL || rng == NULL) return;
    // rng_permutation's Fisher-Yates swaps, applied to the points themselves: the same draws,
    // the same result (point k takes old point perm[k]), and nothing to allocate.
    int d = ds->d;
    for (int i = ds->n - 1; i >= 1; i--) {
        int j = (int)rng_below(rng, (uint32_t)i + 1u);
        for (int f = 0; f < d; f++) {
            double t = ds->x[i * d + f];
            ds->x[i * d + f] = ds->x[j * d + f];
            ds->x[j * d + f] = t;
        }
        int t = ds->y[i];
        ds->y[i] = ds->y[j];
        ds->y[j] = t;
    }
}

// Copies points [from, from + count) of src into a freshly allocated dst.
static int copy_range(Dataset *dst, const Dataset *src, int from, int count) {
    if (dataset_alloc(dst, count, src->d) != 0) return -1;
    size_t d = (size_t)src->d;
    if (count > 0) {
        memcpy(dst->x, src->x + (size_t)from * d, (size_t)count * d * sizeof *dst->x);
        memcpy(dst->y, src->y + from, (size_t)count * sizeof *dst->y);
    }
    return 0;
}

int dataset_split(const Dataset *all, double train_frac, Dataset *train, Dataset *test) {
    // Aliased or missing outputs are refused without touching anything.
    if (all == NULL || train == NULL || test == NULL) return -1;
    if (train == test || train == all || test == all) return -1;
    train->n = 0, train->d = 0, train->x = NULL, train->y = NULL;
    test->n = 0, test->d = 0, test->x = NULL, test->y = NULL;
    if (!(train_frac >= 0.0 && train_frac <= 1.0)) return -1;  // also rejects NaN
    if (all->n < 0 || all->d < 1 || (all->n > 0 && (all->x == NULL || all->y == NULL)))
        return -1;
    // The first floor(n * train_frac) points train, the rest test.
    int n_train = (int)floor(all->n * train_frac);
    if (copy_range(train, all, 0, n_train) != 0) return -1;
    if (copy_range(test, all, n_train, all->n - n_train) != 0) {
        dataset_free(train);
        return -1;
    }
    return 0;
}

// ----------------------------------------------------------------------------
// Files

// Writes one formatted line into err (truncated to errcap bytes); a NULL err is allowed.
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_err(char *err, size_t errcap, const char *fmt, ...) {
    if (err == NULL || errcap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

int dataset_write(const Dataset *ds, const char *path, char *err, size_t errcap) {
    if (ds == NULL || path == NULL) {
        set_err(err, errcap, "dataset_write: NULL %s", ds == NULL ? "dataset" : "path");
        return -1;
    }
    if (ds->d != 2 || ds->n < 0 || (ds->n > 0 && (ds->x == NULL || ds->y == NULL))) {
        set_err(err, errcap, "%s: cannot write a dataset with d = %d (the file holds d = 2)",
                path, ds->d);
        return -1;
    }
    // Check every point before opening, so a bad one leaves no half-written file behind.
    for (int k = 0; k < ds->n; k++) {
        if (ds->y[k] != 0 && ds->y[k] != 1) {
            set_err(err, errcap, "%s: point %d has label %d; labels must be 0 or 1", path, k,
                    ds->y[k]);
            return -1;
        }
        if (!isfinite(ds->x[2 * k]) || !isfinite(ds->x[2 * k + 1])) {
            set_err(err, errcap, "%s: point %d is not finite (%g, %g)", path, k, ds->x[2 * k],
                    ds->x[2 * k + 1]);
            return -1;
        }
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        set_err(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    // %.17g prints every double so that strtod gives back the same bits.
    int bad = fprintf(f, "# x1 x2 label\n") < 0;
    for (int k = 0; k < ds->n && !bad; k++)
        bad = fprintf(f, "%.17g %.17g %d\n", ds->x[2 * k], ds->x[2 * k + 1], ds->y[k]) < 0;
    bad |= ferror(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        set_err(err, errcap, "%s: write failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

#define LINE_MAX_CHARS 1023  // longest line dataset_read accepts, not counting its newline

// One whitespace-separated field of a line: its first character and its length.
typedef struct {
    const char *s;
    size_t len;
} Field;

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Splits line into at most max fields; returns how many there are (max + 1 means "more").
static int split_fields(const char *line, Field *fields, int max) {
    int count = 0;
    const char *p = line;
    for (;;) {
        while (is_space(*p)) p++;
        if (*p == '\0') return count;
        if (count == max) return max + 1;
        fields[count].s = p;
        while (*p != '\0' && !is_space(*p)) p++;
        fields[count].len = (size_t)(p - fields[count].s);
        count++;
    }
}

// Parses a whole field as a double; 0 on success. NaN and infinities parse (and are refused
// by the caller with a clearer message); anything strtod stops short of is an error.
static int parse_double(Field f, double *out) {
    char *end;
    *out = strtod(f.s, &end);  // errno's ERANGE is ignored: overflow gives inf, caught later
    return end == f.s + f.len ? 0 : -1;
}

// Parses a whole field as the integer 0 or 1; 0 on success.
static int parse_label(Field f, int *out) {
    char *end;
    errno = 0;
    long v = strtol(f.s, &end, 10);
    if (end != f.s + f.len || errno != 0 || (v != 0 && v != 1)) return -1;
    *out = (int)v;
    return 0;
}

// Appends one point, doubling the arrays when full; 0 on success, -1 when out of memory.
static int push_point(Dataset *ds, int *cap, double x1, double x2, int label) {
    if (ds->n == *cap) {
        if (*cap > INT_MAX / 2) return -1;
        int new_cap = *cap == 0 ? 64 : 2 * *cap;
        double *x = realloc(ds->x, (size_t)new_cap * 2 * sizeof *x);
        if (x == NULL) return -1;
        ds->x = x;
        int *y = realloc(ds->y, (size_t)new_cap * sizeof *y);
        if (y == NULL) return -1;
        ds->y = y;
        *cap = new_cap;
    }
    ds->x[2 * ds->n] = x1;
    ds->x[2 * ds->n + 1] = x2;
    ds->y[ds->n] = label;
    ds->n++;
    return 0;
}

// Checks one line that is neither blank nor a comment and appends its point. 0 on success;
// on -1 err holds "path:lineno: ...".
static int read_point(Dataset *ds, int *cap, const char *line, const char *path, long lineno,
                      char *err, size_t errcap) {
    // Exactly three fields, the first two numbers.
    Field f[3];
    double x1, x2;
    int label;
    if (split_fields(line, f, 3) != 3 || parse_double(f[0], &x1) != 0 ||
        parse_double(f[1], &x2) != 0) {
        set_err(err, errcap, "%s:%ld: expected `x1 x2 label`, found `%s`", path, lineno, line);
        return -1;
    }
    // Finite numbers only: a NaN in the data poisons every loss downstream.
    if (!isfinite(x1) || !isfinite(x2)) {
        set_err(err, errcap, "%s:%ld: x%d must be a finite number, found `%.*s`", path, lineno,
                isfinite(x1) ? 2 : 1, (int)(isfinite(x1) ? f[1].len : f[0].len),
                isfinite(x1) ? f[1].s : f[0].s);
        return -1;
    }
    // The label is the integer 0 or 1.
    if (parse_label(f[2], &label) != 0) {
        set_err(err, errcap, "%s:%ld: label must be 0 or 1, found %.*s", path, lineno,
                (int)f[2].len, f[2].s);
        return -1;
    }
    if (push_point(ds, cap, x1, x2, label) != 0) {
        set_err(err, errcap, "%s:%ld: out of memory after %d points", path, lineno, ds->n);
        return -1;
    }
    return 0;
}

int dataset_read(Dataset *ds, const char *path, char *err, size_t errcap) {
    if (ds == NULL || path == NULL) {
        set_err(err, errcap, "dataset_read: NULL %s", ds == NULL ? "dataset" : "path");
        return -1;
    }
    ds->n = 0, ds->d = 0, ds->x = NULL, ds->y = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        set_err(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char line[LINE_MAX_CHARS + 2];  // the line, its newline, the terminating '\0'
    int cap = 0, status = 0;
    long lineno = 0;
    while (status == 0 && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        // A line that does not fit is refused rather than silently cut in two.
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\n') {
            line[--len] = '\0';
        } else if (!feof(f)) {
            set_err(err, errcap, "%s:%ld: line longer than %d characters", path, lineno,
                    LINE_MAX_CHARS);
            status = -1;
            break;
        }
        if (len > 0 && line[len - 1] == '\r') line[--len] = '\0';  // a file saved on Windows
        // Blank lines and '#' comments are skipped.
        const char *p = line;
        while (is_space(*p)) p++;
        if (*p == '\0' || *p == '#') continue;
        status = read_point(ds, &cap, line, path, lineno, err, errcap);
    }
    // A read error and a file with no points are errors of the whole file.
    if (status == 0 && ferror(f)) {
        set_err(err, errcap, "%s:%ld: read error: %s", path, lineno + 1, strerror(errno));
        status = -1;
    }
    fclose(f);
    if (status == 0 && ds->n == 0) {
        set_err(err, errcap, "%s: no points (only blank lines and comments)", path);
        status = -1;
    }
    if (status != 0) {
        dataset_free(ds);
        return -1;
    }
    ds->d = 2;
    return 0;
}
