/* experiment.h -- what the experiments share (make experiment CH=NN E=name).
 *
 * An experiment is three files in plots/experiments/:
 *   NN_name.h    its core: the configuration (full, for the notes' figures, and quick, for the
 *                workbook's own tests), the run, which calls only the chapter's functions, and
 *                the claims the notes make about its numbers. No output. The facts driver of
 *                the chapter (plots/facts/NN_topic.c) includes it too, so the numbers the notes
 *                state are the ones the figure draws.
 *   NN_name.c    its driver: runs the core on the student's code (or the reference), writes
 *                the data files, prints the numbers and whether each claim holds.
 *   NN_name.gp   its figure, drawn from the data (and the reference's data, dashed, when given).
 * plots/experiment.sh builds and runs them. Header-only, so that a facts driver needs no object
 * of ours. Not here on purpose: any plotting (gnuplot), anything one experiment alone uses.
 */
#ifndef WORKBOOK_EXPERIMENT_H
#define WORKBOOK_EXPERIMENT_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

// pi, as the double nearest it (C11 has no M_PI).
#define EXPERIMENT_PI 3.14159265358979323846

// How a claim is reported: the experiment's driver prints it, a facts driver stops when one
// does not hold. `holds` is 1 or 0; `what` is one sentence with its numbers.
typedef void (*ClaimFn)(int holds, const char *what);

// Formats the sentence, then reports it through claim.
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline void claimf(ClaimFn claim, int holds, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    claim(holds, what);
}

// The drivers' ClaimFn: one line each, "claim: WHAT: holds" or "claim: WHAT: DOES NOT HOLD",
// which plots/experiment.sh reads (STRICT=1 fails when one does not hold).
static inline void experiment_print_claim(int holds, const char *what)
{
    printf("claim: %s: %s\n", what, holds ? "holds" : "DOES NOT HOLD");
}

// The command line every experiment driver takes, OUTDIR SOURCE [quick] (plots/experiment.sh
// runs it): sets *dir and *source, and returns 1 for quick (the small runs of make test), 0 for
// the full run. Anything else: the usage on stderr, and exit status 2.
static inline int experiment_args(int argc, char **argv, const char **dir, const char **source)
{
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "quick") != 0)) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE [quick]\n", argv[0]);
        exit(2);
    }
    *dir = argv[1], *source = argv[2];
    return argc == 4;
}

// Says which exercise the experiment needs before it can run, and exits with status 3
// (plots/experiment.sh then says so). For a function that is not implemented yet: one that
// returns NaN or -1, or fills its outputs with NaN.
static inline void experiment_needs(const char *fn, const char *source)
{
    fprintf(stderr, "this experiment needs %s, which is not implemented yet: write it in %s\n", fn,
            source);
    exit(3);
}

// The path of another chapter file in the folder of `source` (skeletons/06_backprop.c and
// "05_mlp.c" give skeletons/05_mlp.c), for messages. Returns a static buffer, one per `which`
// slot (0 .. 3), so that several can be kept.
static inline const char *experiment_sibling(const char *source, const char *file, int which)
{
    static char path[4][1024];
    const char *slash = strrchr(source, '/');
    snprintf(path[which & 3], sizeof path[0], "%.*s%s", slash ? (int)(slash - source + 1) : 0,
             source, file);
    return path[which & 3];
}

// The spiral of chapter 6's tests and figures: 500 points, noise 0, from rng_seed(1001, 6),
// shuffled, the first half to train on (train), the rest held out (test). 0, or -1 when out
// of memory. The caller frees all three with dataset_free.
static inline int experiment_spiral(Dataset *all, Dataset *train, Dataset *test)
{
    Rng rng;
    rng_seed(&rng, 1001, 6);
    if (data_spiral(all, 500, 0.0, &rng) != 0)
        return -1;
    dataset_shuffle(all, &rng);
    return dataset_split(all, 0.5, train, test);
}

// The least-squares slope of log(y) against log(x): y grows like x^slope. n >= 2.
static inline double loglog_slope(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = 0; k < n; k++) {
        double a = log(x[k]), b = log(y[k]);
        sx += a, sy += b, sxx += a * a, sxy += a * b;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

#endif
