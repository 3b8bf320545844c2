/* net_accuracy.h -- the share of a data set that a network of chapter 5 classifies right (a
 * logit >= 0 is class 1), for the figure, facts and experiment drivers of chapters 5 to 8.
 * Header-only (static inline), as the other helpers these drivers share. One example at a
 * time, so that any max_batch will do (a row's logit is the same in any batch); NaN when
 * mlp_forward refuses.
 */
#ifndef WORKBOOK_PLOTS_NET_ACCURACY_H
#define WORKBOOK_PLOTS_NET_ACCURACY_H

#include <math.h>

#include "data.h"
#include "mlp.h"

static inline double net_accuracy(Mlp *m, const Dataset *ds)
{
    int right = 0;
    for (int n = 0; n < ds->n; n++) {
        const double *logit = mlp_forward(m, ds->x + 2 * n, 1);
        if (!logit)
            return NAN;
        right += (logit[0] >= 0.0) == (ds->y[n] == 1);
    }
    return (double)right / ds->n;
}

#endif
