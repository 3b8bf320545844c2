/* gradcheck_curve.h -- the error of a centred difference against its step h: chapter 6's figure
 * gradcheck_h, drawn by plots/06_backprop.c from the gradient checker it is linked with (yours,
 * or the reference), and the numbers the notes state about it, which plots/facts/06_backprop.c
 * recomputes from the reference -- checking REFERENCE_CURVE below on the way. Both include this
 * file, so that they measure the same thing.
 *
 * The function: f(p) = sum_i (1 + i/4) exp(sin(p_i^2)) over 8 entries (the chapter's first
 * example, weighted entry by entry), whose exact gradient is (1 + i/4) exp(sin(p_i^2)) cos(p_i^2)
 * 2 p_i, written out here so that the curve measures the gradient checker alone. For each step
 * h = 10^(-k/4), k = 0 .. 48 (from 0.1 down to 1e-13), gradcheck_numeric's gradient is compared
 * with the exact one by gradcheck_compare (rtol 1e-7, atol 1e-9, the grader's): its worst
 * relative error over the 8 entries, and how many entries fail.
 * Not here on purpose: any choice of h for the student (the notes discuss it).
 */
#ifndef WORKBOOK_GRADCHECK_CURVE_H
#define WORKBOOK_GRADCHECK_CURVE_H

#include <math.h>

#include "backprop.h"

enum { CURVE_P = 8, CURVE_STEPS = 49 };

// Where the gradient is taken: entries from -1.7 to 1.7, none where the gradient is near 0.
static const double CURVE_PARAMS[CURVE_P] = { 0.35, -0.8, 1.05, -1.45, 0.6, 1.7, -0.25, 0.95 };

// The k-th step, k = 0 .. CURVE_STEPS - 1: 0.1 down to 1e-13, four to a decade.
static inline double curve_h(int k)
{
    return pow(10.0, -1.0 - k / 4.0);
}

static inline double curve_f(const double *p, void *ctx)
{
    (void)ctx;
    double s = 0.0;
    for (int i = 0; i < CURVE_P; i++)
        s += (1.0 + 0.25 * i) * exp(sin(p[i] * p[i]));
    return s;
}

// The exact gradient of curve_f, by the chain rule (no exercise involved).
static inline void curve_grad(double *grad, const double *p)
{
    for (int i = 0; i < CURVE_P; i++) {
        double u = p[i] * p[i];
        grad[i] = (1.0 + 0.25 * i) * exp(sin(u)) * cos(u) * 2.0 * p[i];
    }
}

// worst[k] and off[k] for every step: the worst relative error and the number of entries off.
// Returns NULL, or the name of the exercise that is not implemented yet.
static inline const char *curve_compute(double *worst, int *off)
{
    double grad[CURVE_P], p[CURVE_P], num[CURVE_P];
    for (int i = 0; i < CURVE_P; i++)
        p[i] = CURVE_PARAMS[i];
    curve_grad(grad, p);
    for (int k = 0; k < CURVE_STEPS; k++) {
        gradcheck_numeric(num, p, CURVE_P, curve_f, NULL, curve_h(k));
        if (isnan(num[0]))
            return "gradcheck_numeric";
        off[k] = gradcheck_compare(&worst[k], grad, num, CURVE_P, 1e-7, 1e-9);
        if (off[k] < 0)
            return "gradcheck_compare";
    }
    return NULL;
}

// What the reference computes (plots/facts/06_backprop.c checks it, and prints it anew when it
// no longer holds): the worst relative error at each step.
static const double REFERENCE_CURVE[CURVE_STEPS] = {
    0.04035809291298198, 0.012854899453287364, 0.0040742428199468488,
    0.0012893024747565455, 0.00040780452552368907, 0.00012896823955029803,
    4.0784250769484958e-05, 1.2897203486887055e-05, 4.0784631845615475e-06,
    1.2897235131058956e-06, 4.0784580736247586e-07, 1.2897449089153874e-07,
    4.0783707999642826e-08, 1.2893661979687673e-08, 4.0659467703724644e-09,
    1.2940432553816896e-09, 4.3366836108335695e-10, 1.0489244417221175e-10,
    2.2287763177783951e-10, 4.8385154791571095e-10, 4.4385995276144796e-10,
    1.3678371117756793e-09, 1.6539474475996502e-09, 2.7229078765661083e-09,
    6.688809026137094e-09, 1.5640154618420329e-08, 5.5588839408173597e-08,
    7.7316462681668463e-08, 4.5477477689596304e-08, 8.7001741984437031e-08,
    2.0262681314322902e-07, 5.7180085012364721e-07, 5.5512625956405232e-07,
    2.0436477341170353e-06, 4.2376203983525236e-06, 8.3350762040103758e-06,
    9.0797688378210199e-06, 2.2161902197531814e-05, 4.0014364070412293e-05,
    1.3494741772005769e-05, 0.00010405614598716364, 9.855005532705111e-05,
    0.00039778180079171705, 0.00030337128237611146, 0.00056361630961330219,
    0.0019096702712978438, 0.0054065259148892769, 0.0051855071135943741,
    0.017897806230750834 };

#endif
