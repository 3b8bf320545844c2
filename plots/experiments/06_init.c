/* 06_init.c -- initialisation: zero, Glorot's and U(-0.5, 0.5) weights, trained on the spiral
 *
 * (make experiment CH=06 E=init) Trains 2-16-16-1 networks from each start with your
 * mlp_train_epoch (and mlp_init for Glorot's).
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 06_init.h's core and writes into OUTDIR:
 *   curves.dat    epoch, then the mean training loss over the seeds from each start: Glorot,
 *                 uniform, zero (tanh), zero (sigmoid) (the left panel; the reference's, dashed)
 *   rows.dat      the first hidden layer after training, seed 1: one block per start, lines
 *                 j h value for the weights w[h,0], w[h,1] (j = 0, 1) and b[h] (j = 2): the
 *                 right panels, as heat maps
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <stdio.h>

// @needs 05_mlp.c
#include "06_init.h"
#include "backprop_probe.h"
#include "plot.h"

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const InitConfig *cfg = quick ? &INIT_QUICK : &INIT_FULL;
    experiment_probe_backprop(source);
    static InitResult r;
    int status = init_run(&r, cfg);
    if (status == -2) {
        fprintf(stderr, "experiment: training gave a loss that is not finite; make grade CH=06 "
                        "checks the backward pass\n");
        return 2;
    } else if (status != 0) {
        fprintf(stderr, "experiment: out of memory\n");
        return 2;
    }

    FILE *f = plot_open(dir, "curves.dat");
    fprintf(f, "# epoch, then the mean training loss over %d seeds: glorot uniform zero "
               "zero_sigmoid\n", r.seeds);
    for (int e = 0; e < r.epochs; e++)
        fprintf(f, "%d %.6g %.6g %.6g %.6g\n", e + 1, r.loss[0][e], r.loss[1][e], r.loss[2][e],
                r.loss[3][e]);
    fclose(f);
    f = plot_open(dir, "rows.dat");
    fprintf(f, "# the first hidden layer after training (seed 1), a block per start: j h value,\n"
               "# j = 0, 1 the weights w[h,j], j = 2 the bias b[h]; a blank line after each unit\n");
    for (int s = 0; s < INIT_STARTS; s++) {
        fprintf(f, "# %s\n", INIT_NAMES[s]);
        for (int h = 0; h < 16; h++) {
            for (int j = 0; j < 3; j++)
                fprintf(f, "%d %d %.6g\n", j, h, r.rows[s][h][j]);
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    fclose(f);

    printf("2-16-16-1, lr 0.2, batches of 10, %d epochs, seeds 1 to %d (means over them):\n",
           r.epochs, r.seeds);
    printf("  %-14s %10s %10s %14s %9s %9s %12s\n", "start", "1st loss", "last loss",
           "epochs to 0.3", "train", "test", "unit spread");
    for (int s = 0; s < INIT_STARTS; s++) {
        double first = 0;
        for (int k = 0; k < r.seeds; k++)
            first += r.first_loss[s][k] / r.seeds;
        double t = init_mean_to_target(&r, s);
        char to[32];
        if (t < 0)
            snprintf(to, sizeof to, "never");
        else
            snprintf(to, sizeof to, "%.0f", t);
        printf("  %-14s %10.4f %10.4f %14s %8.1f%% %8.1f%% %12.3g\n", INIT_NAMES[s], first,
               init_mean_final(&r, s), to, 100 * r.train_acc[s], 100 * r.test_acc[s],
               r.spread[s]);
    }
    printf("  (unit spread: the largest difference between two hidden units' weights after %d "
           "epochs)\n", r.epochs < INIT_SYMMETRY_EPOCH ? r.epochs : INIT_SYMMETRY_EPOCH);
    init_claims(&r, experiment_print_claim);
    return 0;
}
