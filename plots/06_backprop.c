/* 06_backprop.c -- writes the data of chapter 6's figures, from the backward pass it is linked
 * with (yours, or the reference) and chapter 5's forward pass beside it.
 *
 * Usage: plot_06 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   spiral.dat           the spiral training points (250 of 500, noise 0, seed 1001)
 *   loss.dat             epoch, train loss, test loss: the mean cross-entropy of the whole
 *                        train and test halves after each epoch of mlp_train_epoch
 *   yours_grid.dat       p(y=1|x) over the plane of the network this code trained
 *   reference_grid.dat   the same for the network the reference trained (weights below)
 *   gradnorm.dat         layer l (from 0, as in the C), then the RMS of d loss / d weight[l] for
 *                        sigmoid, tanh and relu in a 2-8-8-8-8-8-1 network at initialisation
 *                        (geometric mean of 20 draws)
 *   graph.gp             the 1-1-1 tanh network of the notes' example by hand, as gnuplot
 *                        variables: each value forward and each gradient backward, from your
 *                        mlp_forward, bce_loss, bce_backward and mlp_backward
 *   gradcheck_h.dat      h, then the worst relative error of your gradient checker's centred
 *                        differences at that step against the exact gradient, then the
 *                        reference's (plots/gradcheck_curve.h), then how many of 8 entries fail
 *                        (yours NaN, and -1 entries, while your checker is not written yet)
 * plots/06_backprop.gp draws them. The training is the one of the test
 * training_a_2_16_16_1_tanh_network_separates_spiral_data: 2-16-16-1 tanh, Glorot weights drawn
 * here from the data's rng, each epoch's order a permutation from it, lr 0.2, batches of 10,
 * 400 epochs. A correct implementation retraces the reference's first epochs to rounding and
 * ends as accurate; where it ends in weight space depends on the order of its additions (a long
 * run amplifies rounding), so the note it prints compares what is stable.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "gradcheck_curve.h"
#include "net_accuracy.h"
#include "plot.h"

enum { EPOCHS = 400, BATCH = 10, EARLY = 10 };
static const int SIZES[4] = { 2, 16, 16, 1 };

// What the reference's network holds after the 400 epochs (train accuracy 0.996, test 0.976).
static const double REFERENCE_PARAMS[337] = {
    -1.10208, 0.870247, -0.889355, 0.598647, -1.47899, 0.984775, 2.18856, -2.03952, -0.20227,
    -1.07287, -1.37384, 1.55189, 0.479755, -1.18098, 0.28285, 1.5107, -0.394538, -1.15026,
    0.204607, -4.85638, 1.4698, 0.0601849, -0.270836, 3.44958, -0.767791, -1.46126, 5.11596,
    0.0513954, 1.48783, 0.0584415, 0.467476, 1.03862, -3.95781, -0.327437, 1.68298, 4.01272,
    3.64834, 4.55017, -0.7651, 2.86925, 3.84355, -0.233936, 3.14268, -1.04238, -1.16945,
    0.0316479, -3.26761, 3.10391, -2.16701, 0.0489862, -0.243778, -1.61299, 0.964861, -1.37002,
    0.321019, -1.27087, 0.60438, -1.15325, -0.224423, 0.106161, -1.49784, -0.751814, 1.43817,
    -1.32878, 0.0139674, -0.990385, -0.46401, 0.826668, 0.477188, -0.163071, 0.977082, -0.209774,
    0.467652, 0.135396, 0.431382, 0.392125, 0.952789, 0.965226, 1.09894, -0.659593, -0.814758,
    -0.00147505, 0.0485828, -0.011972, 0.136817, -0.925737, 0.791386, -0.412288, 0.226043,
    0.917063, 0.374837, -0.392079, 0.206701, 0.0535946, 0.00632804, -0.173139, -0.472838,
    -0.432874, -0.427786, 0.512276, 0.566216, -0.170526, -0.00136429, 0.586, 0.710855, -0.0904047,
    0.937544, -0.290121, 0.139528, 0.555189, 0.466457, -0.0323649, 1.82513, -0.45583, 0.118941,
    1.84034, -0.848565, 0.669789, 0.079532, 0.070913, -0.446298, -1.02938, -0.181742, -0.543309,
    -1.08403, -0.295941, 0.0623112, 0.778131, 0.341201, -0.125118, 0.567606, 1.07615, 0.285068,
    -1.28492, -0.397357, -0.299236, -0.352289, -2.56413, 0.339725, 0.914935, -2.82201, -1.88937,
    -0.361611, 0.231059, -0.376436, -0.505471, -1.18368, 1.30804, 0.215699, -0.320974, 0.546875,
    -0.454703, 0.65918, -1.04664, 0.626521, 0.513726, -0.281977, 1.79439, 0.44165, 0.00560966,
    1.48555, -0.26276, 0.0103665, 2.31458, -1.37196, 2.05581, -1.01922, 0.787946, -0.882555,
    -0.00485101, 0.395006, -1.53279, 0.8253, -0.365038, 1.02284, 0.473428, 0.121843, -0.438083,
    -1.0889, -1.18217, 2.18233, -1.67245, 0.337025, -0.832965, 1.62825, -1.15243, -1.50054,
    1.55047, -0.377867, -1.33044, 2.1917, -1.41666, -0.218285, -0.177574, 0.16589, 0.157633,
    -0.275068, 0.520134, -0.107147, -0.308645, 0.263271, -0.3052, 0.567658, -0.19467, -0.248473,
    -0.193343, -0.235965, -0.381773, 0.768315, 0.528182, 0.915184, -1.59437, -0.27628, 1.15397,
    -0.771013, 0.185132, -0.372324, 1.0183, -0.820696, -1.71652, 0.130651, 1.10313, -1.3971,
    0.659374, -0.476417, -0.222521, -1.76686, 1.78013, 1.73478, -1.05356, 1.38057, -0.880038,
    2.21225, -1.66395, -2.63316, 2.128, -0.833686, -1.82035, 0.399706, -1.0553, 0.34767, 0.506556,
    1.2657, -0.0632905, 0.67865, 0.265661, -0.762952, 0.570423, -0.0682257, 0.75814, -0.760058,
    0.921243, 0.577912, 0.758632, -1.01505, 0.125566, -0.778961, -0.145137, -0.360043, 0.676858,
    -0.213546, -0.14681, -0.427386, 0.265012, 0.0983916, -0.50753, 0.678102, -0.276618, -0.598955,
    -0.142024, -0.028813, 0.540728, 3.01542, -0.39569, 0.201917, 1.58463, -2.71945, 3.17033,
    -0.816359, 1.82508, -2.62858, 3.43839, 1.62583, -1.84814, 2.69855, -0.214693, 0.637016,
    1.71725, -0.87183, 0.140795, -0.367792, -0.215112, 0.0145952, -0.926232, 0.417925, 0.133529,
    -0.144216, 0.859387, -0.361385, 0.215955, 0.335474, 0.373475, -0.074947, 0.025343, 0.10088,
    0.304262, 0.323808, 0.206296, 0.367419, 0.405065, 0.0927603, -0.331608, 1.20059, -0.163063,
    0.103325, 0.731712, 0.144029, -0.0996082, 0.180818, 0.376312, 3.42697, 1.17176, -1.05417,
    0.745608, -2.2243, -4.22269, 1.94428, 2.97301, 3.06869, 0.725892, 2.23305, -4.26261, 1.78301,
    1.33822, -4.03672, -1.22392, 0.174897 };

// The reference's training loss after each of the first EARLY epochs, and its accuracies after
// all of them: what a correct implementation matches whatever order it adds in.
static const double REFERENCE_EARLY[EARLY] = {
    0.66185267439568274, 0.65221583758199808, 0.6505520931235883, 0.6546073821540469,
    0.65492820002082086, 0.64986041223367985, 0.65212357874891569, 0.64891756580689264,
    0.64215063665279082, 0.64279575342406914 };
static const double REFERENCE_TRAIN_ACC = 0.996, REFERENCE_TEST_ACC = 0.976;

static const char *source, *chapter5;

// p(y = 1 | x): the sigmoid of the logit.
static double probability(const double x[2], void *ctx)
{
    Mlp *m = ctx;
    const double *logit = mlp_forward(m, x, 1);
    if (!logit || isnan(logit[0]))
        plot_needs("mlp_forward", chapter5);
    return 1.0 / (1.0 + exp(-logit[0]));
}

// The mean loss of a whole data set (at most max_batch points), with your forward pass and loss.
static double mean_loss(Mlp *m, const Dataset *ds)
{
    const double *logits = mlp_forward(m, ds->x, ds->n);
    if (!logits || isnan(logits[0]))
        plot_needs("mlp_forward", chapter5);
    double loss = bce_loss(logits, ds->y, ds->n);
    if (isnan(loss))
        plot_needs("bce_loss", source);
    return loss;
}

// A network of these sizes from mlp_init (its allocation; the weights are set by the caller).
static void network(Mlp *m, const int *sizes, int L, Activation f, int max_batch)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, max_batch, &rng) != 0) {
        fprintf(stderr, "plot: mlp_init failed (its allocation is given code)\n");
        exit(2);
    }
}

// Glorot-uniform weights and zero biases from rng, in mlp_init's documented order.
static void glorot(Mlp *m, Rng *rng)
{
    memset(m->params, 0, sizeof(double) * (size_t)m->num_params);
    for (int l = 0; l < m->L; l++) {
        double r = sqrt(6.0 / (m->sizes[l] + m->sizes[l + 1]));
        for (int k = 0; k < m->sizes[l] * m->sizes[l + 1]; k++)
            m->weight[l][k] = rng_range(rng, -r, r);
    }
}

// Says how this run compares with the reference's, on what is stable. A long run is chaotic: two
// correct implementations that add in different orders (a sum reversed, the bias added last,
// another formula for the sigmoid) differ in the last bits of the first step, and 400 epochs
// of steps amplify that until the weights, and the boundary, differ visibly. The first epochs
// and the accuracy at the end do not; the weights are compared only to say all is identical.
static void compare_with_the_reference(Mlp *m, const double *early, const Dataset *train,
                                       const Dataset *test)
{
    for (int e = 0; e < EARLY; e++)
        if (!(fabs(early[e] - REFERENCE_EARLY[e]) <= 1e-6 * REFERENCE_EARLY[e])) {
            printf("note: your training differs from the reference's from the start: after epoch"
                   " %d the training loss is %.10g, the reference's %.10g (make grade CH=06 says"
                   " where)\n", e + 1, early[e], REFERENCE_EARLY[e]);
            return;
        }
    double train_acc = net_accuracy(m, train), test_acc = net_accuracy(m, test), worst = 0.0;
    for (int k = 0; k < m->num_params; k++)
        worst = fmax(worst, fabs(m->params[k] - REFERENCE_PARAMS[k]));
    if (train_acc < 0.9)
        printf("note: your first %d epochs match the reference's, but after %d your network"
               " classifies %.1f %% of the training points (the reference %.1f %%): make grade"
               " CH=06 checks the training\n", EARLY, EPOCHS, 100 * train_acc,
               100 * REFERENCE_TRAIN_ACC);
    else if (!(worst < 1e-3))
        printf("note: your first %d epochs match the reference's to 1e-6, and your network"
               " classifies %.1f %% of the training points and %.1f %% of the test points (the"
               " reference %.1f %% and %.1f %%). Its weights after %d epochs differ from the"
               " reference's by up to %.3g: that is rounding, not a mistake -- adding in another"
               " order changes the last bits of every step, and a long run amplifies them, so"
               " your boundary may differ from the reference's and still be right\n", EARLY,
               100 * train_acc, 100 * test_acc, 100 * REFERENCE_TRAIN_ACC,
               100 * REFERENCE_TEST_ACC, EPOCHS, worst);
}

// ---- gradient magnitude per layer at initialisation, for one activation
static void gradient_sizes(double *rms, Activation f, const Dataset *ds)
{
    enum { L = 6, DRAWS = 20, NB = 100 };
    const int sizes[L + 1] = { 2, 8, 8, 8, 8, 8, 1 };
    double logsum[L] = { 0 };
    Mlp m;
    network(&m, sizes, L, f, NB);
    Rng rng;
    rng_seed(&rng, 66, 6);
    double *dlogits = calloc(NB, sizeof(double));
    for (int d = 0; d < DRAWS; d++) {
        glorot(&m, &rng);
        const double *logits = mlp_forward(&m, ds->x, NB);
        if (!logits || isnan(logits[0]))
            plot_needs("mlp_forward", chapter5);
        memset(dlogits, 0, NB * sizeof(double));
        bce_backward(dlogits, logits, ds->y, NB);
        if (isnan(dlogits[0]))
            plot_needs("bce_backward", source);
        mlp_zero_grad(&m);
        mlp_backward(&m, dlogits);
        for (int l = 0; l < L; l++) {
            double s = 0.0;
            int n = sizes[l] * sizes[l + 1];
            for (int k = 0; k < n; k++)
                s += m.dweight[l][k] * m.dweight[l][k];
            if (isnan(s))
                plot_needs("mlp_backward", source);
            logsum[l] += log(sqrt(s / n));
        }
    }
    for (int l = 0; l < L; l++)
        rms[l] = exp(logsum[l] / DRAWS);
    free(dlogits);
}

// The notes' example by hand: a 1-1-1 tanh network, x = 1, y = 1, w0 = 0.5, b0 = 0.25,
// w1 = -2, b1 = 0.5, through your forward and backward passes, for the graph figure.
static void example_by_hand(const char *dir)
{
    const int sizes[3] = { 1, 1, 1 }, y = 1;
    const double x = 1.0;
    Mlp m;
    network(&m, sizes, 2, ACT_TANH, 1);
    m.weight[0][0] = 0.5, m.bias[0][0] = 0.25, m.weight[1][0] = -2.0, m.bias[1][0] = 0.5;
    const double *logit = mlp_forward(&m, &x, 1);
    if (!logit || isnan(logit[0]))
        plot_needs("mlp_forward", chapter5);
    double o = logit[0], loss = bce_loss(&o, &y, 1), dlogit = 0.0;
    if (isnan(loss))
        plot_needs("bce_loss", source);
    bce_backward(&dlogit, &o, &y, 1);
    if (isnan(dlogit))
        plot_needs("bce_backward", source);
    mlp_zero_grad(&m);
    mlp_backward(&m, &dlogit);
    if (isnan(m.dweight[0][0]))
        plot_needs("mlp_backward", source);
    FILE *f = plot_open(dir, "graph.gp");
    fprintf(f, "# the example by hand: forward values and backward gradients\n");
    fprintf(f, "x = %.6f; w0 = %.6f; b0 = %.6f; w1 = %.6f; b1 = %.6f; y = %d\n", x, m.weight[0][0],
            m.bias[0][0], m.weight[1][0], m.bias[1][0], y);
    fprintf(f, "z = %.6f; a = %.6f; o = %.6f; p = %.6f; loss = %.6f\n", m.weight[0][0] * x + m.bias[0][0],
            m.acts[1][0], o, 1.0 / (1.0 + exp(-o)), loss);
    fprintf(f, "do_ = %.6f; dw1 = %.6f; db1 = %.6f; da = %.6f; dz = %.6f; dw0 = %.6f; db0 = %.6f; dx = %.6f\n",
            dlogit, m.dweight[1][0], m.dbias[1][0], m.dacts[1][0], m.dz[0][0], m.dweight[0][0],
            m.dbias[0][0], m.dacts[0][0]);
    fclose(f);
}

// The U of the gradient check: the error of your centred differences against the step h, on a
// function whose exact gradient is known (plots/gradcheck_curve.h), beside the reference's; a
// note when the two differ where the quotient's own error, not rounding, sets the error
// (h >= 1e-4). Your checker comes last in the chapter: until it is written, the figure shows
// the reference's curve alone, and says so, rather than holding back the others.
static void gradcheck_figure(const char *dir)
{
    double worst[CURVE_STEPS];
    int off[CURVE_STEPS];
    const char *missing = curve_compute(worst, off);
    if (missing) {
        printf("note: gradcheck_h shows the reference's curve only: %s is not implemented yet"
               " (write it in %s)\n", missing, source);
        for (int k = 0; k < CURVE_STEPS; k++)
            worst[k] = NAN, off[k] = -1;
    }
    FILE *f = plot_open(dir, "gradcheck_h.dat");
    fprintf(f, "# h, worst relative error of yours, of the reference, entries of %d off\n", CURVE_P);
    for (int k = 0; k < CURVE_STEPS; k++)
        fprintf(f, "%.6g %.6g %.6g %d\n", curve_h(k), worst[k], REFERENCE_CURVE[k], off[k]);
    fclose(f);
    for (int k = 0; !missing && k < CURVE_STEPS && curve_h(k) >= 1e-4; k++)
        if (!(fabs(worst[k] - REFERENCE_CURVE[k]) <= 1e-6 * REFERENCE_CURVE[k])) {
            printf("note: your gradient checker's worst relative error at h = %.3g is %.6g, the"
                   " reference's %.6g (make grade CH=06 says where)\n", curve_h(k), worst[k],
                   REFERENCE_CURVE[k]);
            return;
        }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUTDIR SOURCE\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    source = argv[2];
    // Chapter 5's file sits beside this one: messages about its functions name it.
    static char path[1024];
    const char *slash = strrchr(source, '/');
    snprintf(path, sizeof path, "%.*s05_mlp.c", slash ? (int)(slash - source + 1) : 0, source);
    chapter5 = path;

    // The data, as the test makes them: 500 spiral points, shuffled, the first half to train.
    Rng rng;
    rng_seed(&rng, 1001, 6);
    Dataset all = { 0 }, train = { 0 }, test = { 0 };
    if (data_spiral(&all, 500, 0.0, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data set\n");
        return 2;
    }
    dataset_shuffle(&all, &rng);
    if (dataset_split(&all, 0.5, &train, &test) != 0) {
        fprintf(stderr, "plot: cannot split the data set\n");
        return 2;
    }
    plot_points(dir, "spiral.dat", &train);

    // Train, as the test does, recording the loss of both halves after every epoch.
    Mlp m;
    network(&m, SIZES, 3, ACT_TANH, train.n);
    glorot(&m, &rng);
    int *order = malloc(sizeof(int) * (size_t)train.n);
    double early[EARLY];   // the training loss after epochs 1 .. EARLY
    FILE *fl = plot_open(dir, "loss.dat");
    fprintf(fl, "# epoch train_loss test_loss\n0 %.6f %.6f\n", mean_loss(&m, &train),
            mean_loss(&m, &test));
    for (int e = 1; e <= EPOCHS; e++) {
        rng_permutation(&rng, order, train.n);
        double loss = mlp_train_epoch(&m, train.x, train.y, train.n, order, BATCH, 0.2);
        if (isnan(loss))
            plot_needs("mlp_train_epoch", source);
        double train_loss = mean_loss(&m, &train);
        if (e <= EARLY)
            early[e - 1] = train_loss;
        fprintf(fl, "%d %.6f %.6f\n", e, train_loss, mean_loss(&m, &test));
    }
    fclose(fl);
    plot_grid(dir, "yours_grid.dat", probability, &m, 200);

    // The reference's network, for the picture beside yours.
    Mlp ref;
    network(&ref, SIZES, 3, ACT_TANH, 1);
    memcpy(ref.params, REFERENCE_PARAMS, sizeof REFERENCE_PARAMS);
    plot_grid(dir, "reference_grid.dat", probability, &ref, 200);
    compare_with_the_reference(&m, early, &train, &test);

    // Gradient size per layer for the three activations, on 100 training points.
    double rms[3][6];
    for (int f = 0; f < 3; f++)
        gradient_sizes(rms[f], (Activation)f, &train);
    FILE *fg = plot_open(dir, "gradnorm.dat");
    fprintf(fg, "# layer (0 = nearest the input), RMS of dweight for sigmoid, tanh, relu\n");
    for (int l = 0; l < 6; l++)
        fprintf(fg, "%d %.6g %.6g %.6g\n", l, rms[0][l], rms[1][l], rms[2][l]);
    fclose(fg);

    example_by_hand(dir);
    gradcheck_figure(dir);

    free(order);
    dataset_free(&all), dataset_free(&train), dataset_free(&test);
    return 0;
}
