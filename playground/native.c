/* native.c -- the playground's training without the browser: the same glue.c and chapter files
 * compiled for this machine, printing the numbers the page shows, so that a test can hold the
 * WebAssembly build to them (playground/test.sh).
 *
 * Usage: pg-native [NAME=VALUE...]     with, as numbers (defaults in brackets):
 *   dataset   0 circle, 1 xor, 2 gauss, 3 spiral [0]     noise      0 .. 0.5 [0]
 *   train     percent of the points to train, 10 .. 90 [50]   seed   [1]
 *   features  the mask of glue.h [3: x1 and x2]          activation 0 sigmoid, 1 tanh, 2 relu [1]
 *   shape     units per hidden layer, e.g. 8,8; empty for none [4,2]
 *   batch     [10]     lr   [0.03]     epochs  when to print, e.g. 1,10 [1,10]
 * Prints, for each epoch listed: `epoch E train_loss T test_loss S epoch_loss L train_acc A`
 * (%.17g), or the playground's message and exit status 1 when training stops.
 * Left out on purpose: drawing; the page's own settings parser (the page passes numbers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

// Parses "8,8" into units; returns how many, or -1 when malformed or too many.
static int parse_shape(const char *s, int *units)
{
    int n = 0;
    while (*s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || n == PG_MAX_HIDDEN || v < 0 || v > 1000)
            return -1;
        units[n++] = (int)v;
        s = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return -1;
    }
    return n;
}

int main(int argc, char **argv)
{
    double noise = 0.0, lr = 0.03;
    long dataset = 0, train = 50, seed = 1, features = 3, act = 1, batch = 10;
    int units[PG_MAX_HIDDEN] = { 4, 2 }, hidden = 2;
    const char *epochs = "1,10";
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '='), *end = NULL;
        if (!eq) {
            fprintf(stderr, "pg-native: expected NAME=VALUE, found `%s`\n", argv[i]);
            return 2;
        }
        *eq = '\0';
        const char *k = argv[i], *v = eq + 1;
        long *as_long = strcmp(k, "dataset") == 0 ? &dataset : strcmp(k, "train") == 0 ? &train
                      : strcmp(k, "seed") == 0 ? &seed : strcmp(k, "features") == 0 ? &features
                      : strcmp(k, "activation") == 0 ? &act : strcmp(k, "batch") == 0 ? &batch
                      : NULL;
        if (as_long) {
            *as_long = strtol(v, &end, 10);
        } else if (strcmp(k, "noise") == 0 || strcmp(k, "lr") == 0) {
            *(k[0] == 'n' ? &noise : &lr) = strtod(v, &end);
        } else if (strcmp(k, "shape") == 0) {
            hidden = parse_shape(v, units);
            end = hidden < 0 ? NULL : eq + 1 + strlen(v);
        } else if (strcmp(k, "epochs") == 0) {
            epochs = v;
            end = eq + 1 + strlen(v);
        }
        int may_be_empty = strcmp(k, "shape") == 0;   // no hidden layer
        if (end == NULL || (end == v && !may_be_empty) || *end != '\0') {
            fprintf(stderr, "pg-native: bad or unknown setting `%s=%s`\n", k, v);
            return 2;
        }
    }
    if (pg_data((int)dataset, noise, (int)train, (int)seed) != PG_OK ||
        pg_network((unsigned)features, (int)act, hidden, units, (int)seed) != PG_OK) {
        printf("%s\n", pg_message());
        return 1;
    }
    if (pg_note()[0])
        printf("note: %s\n", pg_note());
    long done = 0;
    for (const char *e = epochs; *e;) {
        char *end;
        long want = strtol(e, &end, 10);
        if (end == e || want < done) {
            fprintf(stderr, "pg-native: epochs must be increasing numbers, e.g. 1,10\n");
            return 2;
        }
        if (pg_train((int)(want - done), (int)batch, lr) != want - done || pg_evaluate() != PG_OK) {
            printf("%s\n", pg_message());
            return 1;
        }
        done = want;
        printf("epoch %ld train_loss %.17g test_loss %.17g epoch_loss %.17g train_acc %.17g\n",
               done, pg_stat(PG_TRAIN_LOSS), pg_stat(PG_TEST_LOSS), pg_stat(PG_EPOCH_LOSS),
               pg_stat(PG_TRAIN_ACC));
        e = *end == ',' ? end + 1 : end;
    }
    return 0;
}
