/* 03_momentum.c -- heavy-ball momentum against plain gradient descent as the bowl narrows
 *
 * (make experiment CH=03 E=momentum) Steps to a tolerance for condition numbers 10 to 10^4.
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 03_momentum.h's core with your gd_step, gd_run and momentum_step, and writes into OUTDIR:
 *   curves.dat    kappa, then the steps plain descent and heavy ball took to the tolerance, and
 *                 what their rates predict (the figure's right panel; the reference's, dashed)
 *   paths.dat     the first 30 steps of each on the bowl with kappa = 50: index 0 plain descent,
 *                 index 1 heavy ball (the left panel)
 *   values.gp     that bowl's matrix and the start, as gnuplot variables
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <math.h>
#include <stdio.h>

#include "03_momentum.h"
#include "plot.h"

// Stops with "needs X" when an exercise it runs is still its stub (NaN, or -1).
static void probe(const char *source)
{
    double p[2] = { 1.0, 2.0 }, g[2] = { 2.0, -2.0 }, v[2] = { 0.0, 0.0 }, h[4];
    gd_step(p, g, 0.5, 2);
    if (isnan(p[0]))
        experiment_needs("gd_step", source);
    MomentumBowl b = momentum_bowl(4.0);
    int steps = 0;
    if (gd_run(p, g, h, &steps, momentum_bowl_loss, &b, 2, 0.1, 2, 0.0) == -1 || isnan(p[0]))
        experiment_needs("gd_run", source);
    momentum_step(p, v, g, 0.5, 0.5, 2);
    if (isnan(p[0]) || isnan(v[0]))
        experiment_needs("momentum_step", source);
}

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const MomentumConfig *cfg = quick ? &MOMENTUM_QUICK : &MOMENTUM_FULL;
    probe(source);
    static MomentumResult r;
    if (momentum_run(&r, cfg) != 0) {
        fprintf(stderr, "experiment: out of memory\n");
        return 2;
    }

    FILE *f = plot_open(dir, "curves.dat");
    fprintf(f, "# kappa  steps_plain  steps_heavy_ball  predicted_plain  predicted_heavy_ball"
               "  (-1: not there in %d steps)\n", cfg->max_steps);
    for (int k = 0; k < r.kappas; k++)
        fprintf(f, "%.6g %d %d %.6g %.6g\n", r.kappa[k], r.gd[k], r.hb[k], r.gd_theory[k],
                r.hb_theory[k]);
    fclose(f);
    f = plot_open(dir, "paths.dat");
    fprintf(f, "# p0 p1 step: plain descent (index 0), heavy ball (index 1)\n");
    for (int m = 0; m < 2; m++) {
        for (int t = 0; t <= MOMENTUM_PATH_STEPS; t++) {
            const double *p = m ? r.path_hb[t] : r.path_gd[t];
            fprintf(f, "%.8g %.8g %d\n", p[0], p[1], t);
        }
        fprintf(f, "\n\n");
    }
    fclose(f);
    f = plot_open(dir, "values.gp");
    fprintf(f, "a11 = %.10g; a12 = %.10g; a22 = %.10g; kappa = %g; start0 = %.6g; start1 = %.6g\n",
            r.a11, r.a12, r.a22, cfg->path_kappa, r.start[0], r.start[1]);
    fclose(f);

    printf("steps until the gradient is %g of its first size (plain descent lr = 2/(1 + kappa);\n"
           "heavy ball lr = 4/(1 + sqrt kappa)^2, beta = ((sqrt kappa - 1)/(sqrt kappa + 1))^2):\n",
           cfg->tol);
    printf("  %8s %12s %12s %10s\n", "kappa", "plain", "heavy ball", "ratio");
    for (int k = 0; k < r.kappas; k++)
        printf("  %8.0f %12d %12d %10.1f\n", r.kappa[k], r.gd[k], r.hb[k],
               r.hb[k] > 0 ? (double)r.gd[k] / r.hb[k] : NAN);
    momentum_claims(&r, experiment_print_claim);
    return 0;
}
