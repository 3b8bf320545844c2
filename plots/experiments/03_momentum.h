/* 03_momentum.h -- the core of chapter 3's experiment on momentum (see experiment.h): plain
 * gradient descent (gd_run, gd_step) against heavy-ball momentum (momentum_step) on quadratic
 * bowls whose condition number kappa = lambda_max / lambda_min grows from 10 to 10^4.
 *
 * The bowl is L(p) = 1/2 p^T A p in two dimensions, A = R diag(1, kappa) R^T with R the rotation
 * by 30 degrees: curvature 1 along the direction at 30 degrees, kappa across it. Each method
 * gets its best fixed settings (Polyak, 1964): plain descent lr = 2 / (1 + kappa), which makes
 * both directions shrink by (kappa - 1) / (kappa + 1) a step; heavy ball lr = 4 / (1 + sqrt
 * kappa)^2 and beta = ((sqrt kappa - 1) / (sqrt kappa + 1))^2, whose error shrinks by
 * (sqrt kappa - 1) / (sqrt kappa + 1) a step. Both start at the same point and stop when the
 * gradient's norm has fallen to tol times its first value; the steps that takes are counted.
 * Not here on purpose: tuning by search (the formulas are the optimum), noise, other methods.
 */
#ifndef WORKBOOK_EXPERIMENT_03_MOMENTUM_H
#define WORKBOOK_EXPERIMENT_03_MOMENTUM_H

#include <stdlib.h>

#include "descent.h"
#include "experiment.h"

#define MOMENTUM_MAX_KAPPAS 7
#define MOMENTUM_PATH_STEPS 30

typedef struct {
    int kappas;         // condition numbers 10^(1 + k/2) for k = 0 .. kappas-1 (at most 7: 10^4)
    double tol;         // stop when ||grad|| <= tol * ||grad at the start||
    int max_steps;      // a budget no correct run reaches
    double path_kappa;  // the bowl whose first MOMENTUM_PATH_STEPS steps the figure draws
} MomentumConfig;

static const MomentumConfig MOMENTUM_FULL = { 7, 1e-6, 200000, 50.0 };
static const MomentumConfig MOMENTUM_QUICK = { 5, 1e-6, 20000, 50.0 };

typedef struct {
    int kappas;
    double kappa[MOMENTUM_MAX_KAPPAS];
    int gd[MOMENTUM_MAX_KAPPAS], hb[MOMENTUM_MAX_KAPPAS];   // steps to the tolerance, or -1
    double gd_theory[MOMENTUM_MAX_KAPPAS];   // ln(1/tol) / -ln((kappa - 1) / (kappa + 1))
    double hb_theory[MOMENTUM_MAX_KAPPAS];   // ln(1/tol) / -ln((sqrt kappa - 1) / (sqrt kappa + 1))
    double gd_slope, hb_slope;               // steps grow like kappa^slope (least squares)
    double start[2];                         // the start of every run
    double a11, a12, a22;                    // the path's bowl, A = [[a11, a12], [a12, a22]]
    double path_gd[MOMENTUM_PATH_STEPS + 1][2], path_hb[MOMENTUM_PATH_STEPS + 1][2];
} MomentumResult;

// The bowl 1/2 p^T A p: its loss, and its gradient A p written into grad.
typedef struct {
    double a11, a12, a22;
} MomentumBowl;

static double momentum_bowl_loss(double *grad, const double *p, void *ctx)
{
    const MomentumBowl *b = ctx;
    grad[0] = b->a11 * p[0] + b->a12 * p[1];
    grad[1] = b->a12 * p[0] + b->a22 * p[1];
    return 0.5 * (p[0] * grad[0] + p[1] * grad[1]);
}

static MomentumBowl momentum_bowl(double kappa)
{
    // the flat direction, at 30 degrees
    const double c = cos(EXPERIMENT_PI / 6), s = sin(EXPERIMENT_PI / 6);
    MomentumBowl b = { c * c + s * s * kappa, c * s * (1.0 - kappa), s * s + c * c * kappa };
    return b;
}

// Heavy ball from start until ||grad|| <= gtol: the steps taken, or -1 after max_steps.
static int momentum_heavy_ball(MomentumBowl *b, const double *start, double lr, double beta,
                               double gtol, int max_steps)
{
    double p[2] = { start[0], start[1] }, v[2] = { 0.0, 0.0 }, g[2];
    for (int k = 0;; k++) {
        momentum_bowl_loss(g, p, b);
        if (!(hypot(g[0], g[1]) > gtol))   // a NaN stops it too
            return isfinite(g[0]) ? k : -1;
        if (k == max_steps)
            return -1;
        momentum_step(p, v, g, lr, beta, 2);
    }
}

// Runs the experiment. Returns 0, or -1 when out of memory.
static int momentum_run(MomentumResult *r, const MomentumConfig *cfg)
{
    double *history = malloc(sizeof(double) * ((size_t)cfg->max_steps + 1));
    if (!history)
        return -1;
    r->kappas = cfg->kappas;
    const double c = cos(EXPERIMENT_PI / 6), s = sin(EXPERIMENT_PI / 6);
    r->start[0] = c * -4.0 - s * 0.5;   // 4 along the flat direction, 0.5 across it
    r->start[1] = s * -4.0 + c * 0.5;
    double g0[2];
    for (int k = 0; k < cfg->kappas; k++) {
        double kappa = pow(10.0, 1.0 + 0.5 * k), q = sqrt(kappa);
        MomentumBowl b = momentum_bowl(kappa);
        momentum_bowl_loss(g0, r->start, &b);
        double gtol = cfg->tol * hypot(g0[0], g0[1]);
        double p[2] = { r->start[0], r->start[1] }, g[2];
        int steps = -1;
        int status = gd_run(p, g, history, &steps, momentum_bowl_loss, &b, 2, 2.0 / (1.0 + kappa),
                            cfg->max_steps, gtol);
        r->kappa[k] = kappa;
        r->gd[k] = status == DESCENT_CONVERGED ? steps : -1;
        r->hb[k] = momentum_heavy_ball(&b, r->start, 4.0 / ((1.0 + q) * (1.0 + q)),
                                       ((q - 1.0) / (q + 1.0)) * ((q - 1.0) / (q + 1.0)), gtol,
                                       cfg->max_steps);
        r->gd_theory[k] = log(1.0 / cfg->tol) / -log((kappa - 1.0) / (kappa + 1.0));
        r->hb_theory[k] = log(1.0 / cfg->tol) / -log((q - 1.0) / (q + 1.0));
    }
    free(history);
    double gd[MOMENTUM_MAX_KAPPAS], hb[MOMENTUM_MAX_KAPPAS];
    for (int k = 0; k < cfg->kappas; k++)
        gd[k] = r->gd[k], hb[k] = r->hb[k];
    r->gd_slope = loglog_slope(r->kappa, gd, cfg->kappas);
    r->hb_slope = loglog_slope(r->kappa, hb, cfg->kappas);

    // The first steps of each on the figure's bowl: gd_step, then momentum_step.
    double kappa = cfg->path_kappa, q = sqrt(kappa);
    MomentumBowl b = momentum_bowl(kappa);
    r->a11 = b.a11, r->a12 = b.a12, r->a22 = b.a22;
    double p[2] = { r->start[0], r->start[1] }, h[2] = { r->start[0], r->start[1] };
    double v[2] = { 0.0, 0.0 }, g[2];
    for (int t = 0; t <= MOMENTUM_PATH_STEPS; t++) {
        r->path_gd[t][0] = p[0], r->path_gd[t][1] = p[1];
        r->path_hb[t][0] = h[0], r->path_hb[t][1] = h[1];
        momentum_bowl_loss(g, p, &b);
        gd_step(p, g, 2.0 / (1.0 + kappa), 2);
        momentum_bowl_loss(g, h, &b);
        momentum_step(h, v, g, 4.0 / ((1.0 + q) * (1.0 + q)),
                      ((q - 1.0) / (q + 1.0)) * ((q - 1.0) / (q + 1.0)), 2);
    }
    return 0;
}

// What the notes say of these numbers.
static void momentum_claims(const MomentumResult *r, ClaimFn claim)
{
    int all_ran = 1, hb_faster = 1;
    for (int k = 0; k < r->kappas; k++) {
        all_ran = all_ran && r->gd[k] > 0 && r->hb[k] > 0;
        hb_faster = hb_faster && r->hb[k] < r->gd[k];
    }
    claimf(claim, all_ran, "both methods reach the tolerance on every bowl, kappa = 10 to %g",
           r->kappa[r->kappas - 1]);
    claimf(claim, fabs(r->gd_slope - 1.0) <= 0.05,
           "plain descent's steps grow like kappa^%.2f (the notes: like kappa, within 0.05)",
           r->gd_slope);
    claimf(claim, fabs(r->hb_slope - 0.5) <= 0.1,
           "heavy ball's steps grow like kappa^%.2f (the notes: like sqrt(kappa), within 0.1)",
           r->hb_slope);
    claimf(claim, hb_faster, "heavy ball takes fewer steps than plain descent on every bowl");
}

#endif
