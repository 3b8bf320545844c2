/* 06_vanishing.c -- vanishing gradients: 1 to 10 hidden layers, sigmoid, tanh and relu
 *
 * (make experiment CH=06 E=vanishing) The size of each layer's gradient, from your
 * mlp_backward, at initialisation and after training the deepest networks.
 *
 * Usage: exp OUTDIR SOURCE [quick]   (SOURCE names the chapter file in messages)
 * Runs 06_vanishing.h's core and writes into OUTDIR:
 *   curves.dat    hidden layers d, then for sigmoid, tanh and relu the ratio of layer 0's
 *                 gradient RMS to the output layer's at initialisation (the right panel; the
 *                 reference's, circles)
 *   layers.dat    layer l of the deepest networks, then the RMS of its dweight for sigmoid,
 *                 tanh and relu at initialisation, then after training (the left panel)
 * Then prints the numbers and whether each claim of the notes holds for them.
 */
#include <stdio.h>

// @needs 05_mlp.c
#include "06_vanishing.h"
#include "backprop_probe.h"
#include "plot.h"

int main(int argc, char **argv)
{
    const char *dir, *source;
    int quick = experiment_args(argc, argv, &dir, &source);
    const VanConfig *cfg = quick ? &VAN_QUICK : &VAN_FULL;
    experiment_probe_backprop(source);
    static VanResult r;
    int status = van_run(&r, cfg);
    if (status == -2) {
        fprintf(stderr, "experiment: a gradient or a loss is not finite; make grade CH=06 "
                        "checks the backward pass\n");
        return 2;
    } else if (status != 0) {
        fprintf(stderr, "experiment: out of memory, or mlp_forward refused a batch\n");
        return 2;
    }
    const int D = VAN_MAX_DEPTH;
    FILE *f = plot_open(dir, "curves.dat");
    fprintf(f, "# hidden layers, then layer 0's gradient RMS over the output layer's at "
               "initialisation: sigmoid tanh relu (geometric mean of %d draws)\n", r.draws);
    for (int d = 1; d <= D; d++)
        fprintf(f, "%d %.6g %.6g %.6g\n", d, r.ratio[0][d - 1], r.ratio[1][d - 1],
                r.ratio[2][d - 1]);
    fclose(f);
    f = plot_open(dir, "layers.dat");
    fprintf(f, "# layer of the %d-hidden-layer networks, then the RMS of its dweight: sigmoid tanh "
               "relu at initialisation, then after %d epochs\n", D, r.epochs);
    for (int l = 0; l <= D; l++)
        fprintf(f, "%d %.6g %.6g %.6g %.6g %.6g %.6g\n", l, r.rms[0][D - 1][l], r.rms[1][D - 1][l],
                r.rms[2][D - 1][l], r.trained[0][l], r.trained[1][l], r.trained[2][l]);
    fclose(f);

    printf("2-8-...-8-1 networks, Glorot's weights, %d draws each, the first %d spiral points:\n"
           "layer 0's gradient RMS over the output layer's:\n", r.draws, VAN_BATCH);
    printf("  %14s %12s %12s %12s\n", "hidden layers", "sigmoid", "tanh", "relu");
    for (int d = 1; d <= D; d++)
        printf("  %14d %12.3g %12.3g %12.3g\n", d, r.ratio[0][d - 1], r.ratio[1][d - 1],
               r.ratio[2][d - 1]);
    printf("  a layer's factor at depth %d: %.2f, %.2f, %.2f\n", D, r.per_layer[0],
           r.per_layer[1], r.per_layer[2]);
    printf("the %d-hidden-layer networks trained %d epochs (lr %g, batches of 10):\n", D, r.epochs,
           VAN_LR);
    for (int a = 0; a < 3; a++)
        printf("  %-8s loss %.3f -> %.3f; layer 0's gradient over the output's %.3g (at init %.3g)%s\n",
               activation_name((Activation)a), r.first_loss[a], r.last_loss[a], r.trained_ratio[a],
               r.ratio[a][D - 1], r.dead[a] ? "; dead: every gradient is 0" : "");
    van_claims(&r, experiment_print_claim);
    return 0;
}
