/* nets.h -- small helpers the graders of chapters 5 to 8 share, visible and hidden tests alike:
 * they build on chapter 5's network (chapters 6 to 8: // @needs 05_mlp.c). Header-only (static inline), so that
 * each test file that includes it has its own copy and no name of it is exported.
 */
#ifndef WORKBOOK_GRADER_NETS_H
#define WORKBOOK_GRADER_NETS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "mlp.h"

// 1 when one of x[0 .. n-1] is NaN.
static inline int gnet_any_nan(const double *x, int n)
{
    for (int k = 0; k < n; k++)
        if (isnan(x[k]))
            return 1;
    return 0;
}

// The chapter file `name` (05_mlp.c, 06_backprop.c) graded beside this one, for messages. Two
// static buffers, used in turn, so that two can appear in one message.
static inline const char *gnet_file(const char *name)
{
    static char path[2][1024];
    static int slot = 0;
    slot = 1 - slot;
    const char *src = grade_source(), *slash = strrchr(src, '/');
    int dir = slash ? (int)(slash - src + 1) : 0;
    snprintf(path[slot], sizeof path[slot], "%.*s%s", dir, src, name);
    return path[slot];
}

// A network with these sizes, allocated by chapter 5's mlp_init (its allocation, before the
// TODO, is given code); the tests set the parameters themselves unless they say otherwise.
// When mlp_init refuses a valid network, the test stops with "fix mlp_init first", naming fn.
static inline void gnet_new(Mlp *m, const int *sizes, int L, Activation f, int max_batch,
                            const char *fn)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, max_batch, &rng) != 0) {
        char why[256];
        snprintf(why, sizeof why, "%s needs a network, and mlp_init returned -1 for a valid one"
                 " (its allocation, before the TODO, is given code)", fn);
        grade_expect_dependency(0, "chapter 5's mlp_init", why);
    }
}

// Frees what mlp_init allocated without relying on chapter 5's mlp_free.
static inline void gnet_drop(Mlp *m)
{
    double *blocks[3] = { m->params, m->grads, m->work };
    for (int k = 0; k < 3; k++)
        free(blocks[k]);
    memset(m, 0, sizeof *m);
}

#endif
