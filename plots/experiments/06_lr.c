/* 06_lr.c -- the learning rate against the curvature: chapter 3's ceiling 2 / lambda_max
 *
 * (make experiment CH=06 E=lr) Full-batch training of a 2-16-16-1 network at rates around
 * 2 / lambda_max, lambda_max from your hessian_top_eigenvalue on your backward pass.
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 06_lr.h's core and writes into OUTDIR:
 *   curves.dat    the factor c (the rate is c * 2 / lambda_0), the rate, the final loss, the
 *                 largest loss, lambda_max at the end, and its geometric mean over the last
 *                 half of the run (-1: diverged) (the right panel; the reference's, circles)
 *   losses.dat    step, then the loss at each rate (the left panel)
 *   values.gp     lambda_0, the number of rates and their factors, as gnuplot variables
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <math.h>
#include <stdio.h>

// @needs 03_gradient_descent.c
// @needs 05_mlp.c
#include "06_lr.h"
#include "backprop_probe.h"
#include "plot.h"

// 1/2 (3 p0^2 + p1^2): a probe for hessian_top_eigenvalue.
static double lr_bowl(double *grad, const double *p, void *ctx)
{
    (void)ctx;
    grad[0] = 3.0 * p[0], grad[1] = p[1];
    return 0.5 * (3.0 * p[0] * p[0] + p[1] * p[1]);
}

// Stops with "needs X" when an exercise it runs is still its stub (NaN): chapters 5 and 6's,
// then chapter 3's hessian_top_eigenvalue.
static void probe(const char *source)
{
    experiment_probe_backprop(source);
    const char *gd = experiment_sibling(source, "03_gradient_descent.c", 1);
    double p[2] = { 0.0, 0.0 }, w[2] = { 1.0, 0.0 };
    if (isnan(hessian_top_eigenvalue(w, lr_bowl, NULL, p, 2, 3, 1e-3)))
        experiment_needs("hessian_top_eigenvalue", gd);
}

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const LrConfig *cfg = quick ? &LR_QUICK : &LR_FULL;
    probe(source);
    static LrResult r;
    int status = lr_run(&r, cfg);
    if (status == -2) {
        fprintf(stderr, "experiment: lambda_max at the start is %g, not a positive number; make "
                        "grade CH=03 checks hessian_top_eigenvalue\n", r.lambda0);
        return 2;
    } else if (status != 0) {
        fprintf(stderr, "experiment: out of memory, or mlp_forward refused a batch\n");
        return 2;
    }
    FILE *f = plot_open(dir, "curves.dat");
    fprintf(f, "# c (rate = c * 2 / lambda_0, lambda_0 = %.6g), rate, final loss, largest loss,"
               " lambda_max at the end, its geometric mean over the last half (-1: diverged)\n", r.lambda0);
    for (int k = 0; k < r.rates; k++)
        fprintf(f, "%.6g %.6g %.6g %.6g %.6g %.6g\n", r.factor[k], r.lr[k],
                r.diverged[k] ? -1.0 : r.final_loss[k], r.max_loss[k],
                r.diverged[k] ? -1.0 : r.lambda_end[k], r.diverged[k] ? -1.0 : r.lambda_late[k]);
    fclose(f);
    f = plot_open(dir, "values.gp");
    fprintf(f, "lambda0 = %.10g; rates = %d; loss0 = %.10g\n", r.lambda0, r.rates, r.loss0);
    for (int k = 0; k < r.rates; k++)
        fprintf(f, "c%d = %.6g\n", k + 1, r.factor[k]);
    fclose(f);
    f = plot_open(dir, "losses.dat");
    fprintf(f, "# step, then the full-batch loss at each rate (c =");
    for (int k = 0; k < r.rates; k++)
        fprintf(f, " %.4g", r.factor[k]);
    fprintf(f, ")\n");
    for (int t = 0; t <= r.steps; t++) {
        fprintf(f, "%d", t);
        for (int k = 0; k < r.rates; k++)
            fprintf(f, " %.6g", r.curve[k][t]);
        fprintf(f, "\n");
    }
    fclose(f);

    printf("2-16-16-1 tanh on the spiral, full-batch descent for %d steps; lambda_max at the "
           "start %.4g, so 2 / lambda_max = %.4g; the loss at the start %.4f\n", r.steps, r.lambda0, 2.0 / r.lambda0, r.loss0);
    printf("  %8s %10s %12s %12s %12s %14s %14s %16s\n", "c", "rate", "loss 1 step", "largest",
           "final loss", "lambda at end", "late lambda", "late * rate/2");
    for (int k = 0; k < r.rates; k++)
        printf("  %8.3f %10.4g %12.4f %12.4f %12.4f %14.4g %14.4g %16.3f\n", r.factor[k], r.lr[k],
               r.first_rise[k] * r.curve[k][0], r.max_loss[k], r.final_loss[k], r.lambda_end[k],
               r.lambda_late[k], r.lambda_late[k] * r.lr[k] / 2.0);
    lr_claims(&r, experiment_print_claim);
    return 0;
}
