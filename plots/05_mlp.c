/* 05_mlp.c -- writes the data of chapter 5's figures, from the forward pass it is linked with
 * (yours, or the reference).
 *
 * Usage: plot_05 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   act.dat           z, then sigmoid, sigmoid', tanh, tanh', relu, relu' at z (activation_forward,
 *                     activation_deriv), for z in [-5, 5] (801 points: smooth curves)
 *   circle.dat        the circle training points; circle_grid.dat the 2-3-1 network's p(y=1|x)
 *                     over the plane; circle_units.dat the line w . x + b = 0 of each hidden unit
 *   spiral.dat        the spiral training points; spiral1_grid.dat and spiral3_grid.dat: p(y=1|x)
 *                     of a network with 1 hidden layer (2-8-1) and with 3 (2-8-8-8-1)
 *   values.gp         the two spiral networks' training accuracy, for the figure's titles
 * plots/05_mlp.gp draws them. Chapter 5 has no training (that is chapter 6), so the networks'
 * weights below were trained by the reference of chapter 6 and written down here; the figures
 * then show what YOUR mlp_forward makes of them. Recipe of each (as in chapter 6's tests): 500
 * points of the data set with noise 0 from rng_seed(seed, 6), shuffled, the first half kept for
 * training; mlp_init's weights from the same rng; each epoch a new permutation from it;
 * mlp_train_epoch with batches of 10.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mlp.h"
#include "net_accuracy.h"
#include "plot.h"

// circle, seed 1001: 2-3-1 tanh, lr 0.1, 100 epochs (train accuracy 0.996, test 0.976)
static const int CIRCLE_SIZES[3] = { 2, 3, 1 };
static const double CIRCLE_PARAMS[13] = {
    -0.915986, -0.874891, 0.290135, -1.19655, -1.03513, 0.342009, -2.79385, 2.53231, 2.6183,
    -3.81111, 3.6961, 3.88886, -6.53272 };

// spiral, seed 1: 2-8-1 tanh, lr 0.1, 2000 epochs (train accuracy 0.832, test 0.668)
static const int SPIRAL1_SIZES[3] = { 2, 8, 1 };
static const double SPIRAL1_PARAMS[33] = {
    -1.38452, 2.4104, 2.55915, -4.07096, 4.58352, -0.909663, 1.60511, 4.01434, 5.17328, 5.02453,
    0.341312, 5.40268, 6.68681, 3.32965, 3.79981, 1.03899, -3.33635, 1.85535, -5.11546, 13.367,
    4.12501, 11.2219, 1.41692, -3.00829, 1.00257, 2.16292, -1.21282, -7.10125, -6.76492, 5.6658,
    6.66306, -0.34398, 1.54949 };

// spiral, seed 1: 2-8-8-8-1 tanh, lr 0.1, 2000 epochs (train accuracy 1.000, test 0.952)
static const int SPIRAL3_SIZES[5] = { 2, 8, 8, 8, 1 };
static const double SPIRAL3_PARAMS[177] = {
    -1.28243, 0.497609, 0.470777, -2.1344, 0.026962, -2.28695, 1.27123, -3.34967, -1.24678,
    -1.1328, 0.467936, 1.94936, 1.68662, 1.53777, 4.38796, -0.546915, 3.52631, -5.69445, 6.08665,
    4.94972, -5.10563, -2.60436, 0.993314, -0.0323986, 2.0926, -2.12107, 1.54049, -0.970076,
    3.26791, 2.18992, 1.28963, -1.38095, -3.10213, 3.06984, 1.79257, 3.38537, 0.0762263, 2.99249,
    0.263816, -0.334468, -0.981777, 2.28414, 1.20077, -0.664947, 2.19827, -0.554424, -1.00211,
    0.891582, 1.27968, -0.525, -2.02268, 0.984942, -1.64544, 0.543503, 2.10656, 1.41369, 0.108772,
    0.930174, 1.76884, -0.576652, -0.484434, -1.20156, -3.30519, -2.94799, 2.2427, 0.300295,
    -1.39598, -1.24243, -1.50114, -1.4715, 1.54363, -1.23243, -1.56002, -0.58356, -2.7095,
    1.88085, -0.0622209, 1.41192, 0.0305673, -0.543734, -0.640969, -3.39045, -2.40203, -1.04635,
    3.33208, 0.58724, -2.86448, 0.00874761, -0.104108, 3.21211, 0.116903, 0.145301, -0.344498,
    0.121997, -1.26212, 0.134853, 0.287372, 1.59843, -1.4914, 1.2815, 1.3527, 0.640127, 0.489637,
    0.87629, -3.04864, 1.0294, 0.383083, 0.482545, 1.81187, 0.246461, 0.0859584, -1.85659,
    -1.88281, 1.77903, -1.24687, 0.819845, 0.532056, -0.147383, 0.338437, 0.0352073, -0.0246062,
    -1.92614, -0.314648, -1.29851, -0.950046, -2.50794, -0.147873, -2.56647, 2.76658, -1.76998,
    -0.640932, 0.101092, 0.96794, 0.860182, 0.933512, 2.68029, -1.35893, -2.32173, 2.75664,
    -1.37201, -1.6194, -1.24292, -1.8041, -1.40011, -0.511661, 0.328921, 1.66141, 0.150395,
    -0.0142719, -0.101013, -1.20187, -2.21189, 0.0620623, 1.32168, 1.67987, 1.26646, 0.240456,
    1.61274, 2.08799, -1.72347, 0.151831, -0.527387, 0.823339, -0.534648, 0.263957, 0.677373,
    1.37112, -0.477632, -2.40204, -3.23101, -3.32355, 4.89949, -3.65353, 3.58548, 2.80478,
    -3.64978, -1.39288 };

static const char *source;

// The network's probability of class 1 at a point of the plane: sigmoid of the logit.
static double probability(const double x[2], void *ctx)
{
    Mlp *m = ctx;
    const double *logit = mlp_forward(m, x, 1);
    if (!logit || isnan(logit[0]))
        plot_needs("mlp_forward", source);
    return 1.0 / (1.0 + exp(-logit[0]));
}

// The training half of a data set, made as in the recipe above.
static void training_points(Dataset *train, int (*make)(Dataset *, int, double, Rng *),
                            uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 6);
    Dataset all = { 0 }, test = { 0 };
    if (make(&all, 500, 0.0, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data set\n");
        exit(2);
    }
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, train, &test) != 0) {
        fprintf(stderr, "plot: cannot split the data set\n");
        exit(2);
    }
    dataset_free(&all);
    dataset_free(&test);
}

// A network with the given architecture and parameters (mlp_init allocates; we overwrite). The
// driver never frees them: it ends right after, and so does not depend on your mlp_free.
static void network(Mlp *m, const int *sizes, int L, const double *params, int count)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, ACT_TANH, 1, &rng) != 0 || m->num_params != count) {
        fprintf(stderr, "plot: mlp_init failed (its allocation is given code)\n");
        exit(2);
    }
    memcpy(m->params, params, sizeof(double) * (size_t)count);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    source = argv[2];

    // ---- the activations and their derivatives
    enum { NZ = 801 };
    double z[NZ], out[3][NZ];
    for (int k = 0; k < NZ; k++)
        z[k] = -5.0 + 10.0 * k / (NZ - 1);
    for (int f = 0; f < 3; f++) {
        activation_forward(out[f], z, NZ, (Activation)f);
        if (isnan(out[f][0]))
            plot_needs("activation_forward", source);
        if (isnan(activation_deriv((Activation)f, 0.5)))
            plot_needs("activation_deriv", source);
    }
    FILE *fa = plot_open(dir, "act.dat");
    fprintf(fa, "# z sigmoid sigmoid' tanh tanh' relu relu'\n");
    for (int k = 0; k < NZ; k++) {
        fprintf(fa, "%.4f", z[k]);
        for (int f = 0; f < 3; f++)
            fprintf(fa, " %.6f %.6f", out[f][k], activation_deriv((Activation)f, z[k]));
        fputc('\n', fa);
    }
    fclose(fa);

    // ---- circle: one hidden layer of 3 units, and the line each unit draws
    Dataset circle = { 0 };
    training_points(&circle, data_circle, 1001);
    plot_points(dir, "circle.dat", &circle);
    Mlp m, one, three;
    network(&m, CIRCLE_SIZES, 2, CIRCLE_PARAMS, 13);
    plot_grid(dir, "circle_grid.dat", probability, &m, 200);
    FILE *fu = plot_open(dir, "circle_units.dat");
    fprintf(fu, "# x1 x2 unit: where hidden unit h has z = 0 (its own linear boundary)\n");
    for (int h = 0; h < 3; h++)
        plot_line(fu, m.weight[0] + 2 * h, m.bias[0][h], h + 1);
    fclose(fu);
    dataset_free(&circle);

    // ---- spiral: one hidden layer against three
    Dataset spiral = { 0 };
    training_points(&spiral, data_spiral, 1);
    plot_points(dir, "spiral.dat", &spiral);
    network(&one, SPIRAL1_SIZES, 2, SPIRAL1_PARAMS, 33);
    plot_grid(dir, "spiral1_grid.dat", probability, &one, 200);
    network(&three, SPIRAL3_SIZES, 4, SPIRAL3_PARAMS, 177);
    plot_grid(dir, "spiral3_grid.dat", probability, &three, 200);
    FILE *fv = plot_open(dir, "values.gp");
    fprintf(fv, "spiral1_train = %.2f\nspiral3_train = %.2f\n", net_accuracy(&one, &spiral),
            net_accuracy(&three, &spiral));
    fclose(fv);
    dataset_free(&spiral);
    return 0;
}
