/* 06_dead.c -- dead relus: units that output 0 on every training point, epoch by epoch
 *
 * (make experiment CH=06 E=dead) Trains 2-16-16-1 relu networks with your mlp_train_epoch at
 * four learning rates, and from four starting biases, counting the dead units.
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 06_dead.h's core and writes into OUTDIR:
 *   curves.dat    epoch (0 = the start), then the dead units of 32 (mean over the seeds) at
 *                 each learning rate, then from each starting bias (the two panels; the
 *                 reference's, dashed)
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <stdio.h>

// @needs 05_mlp.c
#include "06_dead.h"
#include "backprop_probe.h"
#include "plot.h"

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const DeadConfig *cfg = quick ? &DEAD_QUICK : &DEAD_FULL;
    experiment_probe_backprop(source);
    static DeadResult r;
    if (dead_run(&r, cfg) != 0) {
        fprintf(stderr, "experiment: out of memory, or mlp_forward refused a batch\n");
        return 2;
    }
    FILE *f = plot_open(dir, "curves.dat");
    fprintf(f, "# epoch, then the dead units of 32 (mean over %d seeds) at learning rates", r.seeds);
    for (int k = 0; k < DEAD_RUNS; k++)
        fprintf(f, " %g", DEAD_LRS[k]);
    fprintf(f, ", then at rate %g from biases", DEAD_BASE_LR);
    for (int k = 0; k < DEAD_RUNS; k++)
        fprintf(f, " %g", DEAD_BIASES[k]);
    fprintf(f, "\n");
    for (int e = 0; e <= r.epochs; e++) {
        fprintf(f, "%d", e);
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < DEAD_RUNS; k++)
                fprintf(f, " %.4g", r.dead[s][k][e]);
        fprintf(f, "\n");
    }
    fclose(f);

    int E = r.epochs;
    printf("2-16-16-1 relu on the spiral, batches of 10, seeds 1 to %d: dead units of 32 (mean)\n",
           r.seeds);
    printf("  %-22s %8s %8s %8s %8s %12s %10s\n", "", "start", "epoch 1", "epoch 10", "last",
           "last loss", "accuracy");
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < DEAD_RUNS; k++) {
            char name[64];
            if (s == 0)
                snprintf(name, sizeof name, "rate %g", DEAD_LRS[k]);
            else
                snprintf(name, sizeof name, "rate %g, bias %g", DEAD_BASE_LR, DEAD_BIASES[k]);
            printf("  %-22s %8.1f %8.1f %8.1f %8.1f %12.3f %9.1f%%\n", name, r.dead[s][k][0],
                   r.dead[s][k][1], r.dead[s][k][E < 10 ? E : 10], r.dead[s][k][E],
                   r.final_loss[s][k], 100 * r.final_acc[s][k]);
        }
    if (r.not_finite)
        printf("  (%d runs gave a loss that is not finite: all their units count as lost)\n",
               r.not_finite);
    dead_claims(&r, experiment_print_claim);
    return 0;
}
