/* 08_landscape.c -- writes the data of chapter 8's figures, from the chapter file it is linked
 * with (yours, or the reference) and chapters 5 and 6 beside it.
 *
 * Usage: plot_08 OUTDIR SOURCE     (SOURCE only names the chapter file in messages)
 * Writes into OUTDIR:
 *   interp.dat       alpha, then the train and test loss along the line from a network's initial
 *                    to its trained parameters, and along the line between two trained networks
 *                    (loss_interpolation, alpha from -0.5 to 1.5); then the reference's four
 *                    curves
 *   norm.dat         alpha, the loss along a raw Gaussian direction through the deep relu network
 *                    and through its rescaled twin (the same function), then the same along the
 *                    filter-normalised direction (loss_slice_1d); then the reference's four
 *   batch1d.dat      alpha, train and test loss of the small-batch and the large-batch network
 *                    along a filter-normalised direction of each
 *   grid_NAME.dat    `alpha beta loss` over [LO, HI]^2 = [-0.5, 0.5]^2, 51 x 51 (loss_slice_2d),
 *                    a blank line after each row, for NAME = shallow_tanh, deep_tanh, deep_relu,
 *                    small_batch, large_batch
 *   stats.gp         gnuplot assignments: each network's loss at theta, its slice's minimum and
 *                    where it is (slice_minimum), the curvature at theta along d1
 *                    (slice_curvature) and the largest rise within RADIUS, 0.25 (slice_sharpness)
 *   spiral.dat       the 500 training points
 * plots/08_landscape.gp draws them.
 *
 * The data, the trained networks and the order of the random directions are in
 * plots/landscape_nets.h (shared with plots/facts/08_landscape.c, which recomputes the numbers
 * the notes read off these figures): the figures show what YOUR landscape code makes of those
 * points in parameter space. Every random direction comes from random_direction and
 * filter_normalize (yours).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "landscape.h"
#include "landscape_nets.h"
#include "plot.h"

// ---------------------------------------------------------------- the reference's curves

// What the reference's code writes into interp.dat and norm.dat (columns 2 to 5 of each), drawn
// beside yours: a correct implementation lies on them, up to rounding.
static const double REFERENCE_INTERP[4][41] = {
    {
        2.8281268, 2.4252612, 2.0315091, 1.6649867, 1.3439831, 1.081173, 0.88788838, 0.76864529,
        0.71279343, 0.69971514, 0.70937926, 0.74021437, 0.80005716, 0.8865877, 0.98966398,
        1.0982362, 1.202134, 1.2912437, 1.3563095, 1.3908635, 1.3898558, 1.3430485, 1.2368608,
        1.0685453, 0.85546066, 0.63518355, 0.43713113, 0.27086533, 0.1394015, 0.060566843,
        0.039476273, 0.043697122, 0.1074998, 0.32054787, 0.66727452, 1.1088513, 1.6275294,
        2.1976767, 2.7916398, 3.3638106, 3.8726248 },
    {
        2.8190368, 2.4164744, 2.0242995, 1.659527, 1.3399386, 1.0784049, 0.88646264, 0.76828892,
        0.71281788, 0.69937584, 0.70841839, 0.73857459, 0.79733599, 0.88206611, 0.98239927,
        1.0874063, 1.1877485, 1.274501, 1.3387213, 1.3732896, 1.3727861, 1.3271397, 1.2231748,
        1.0582933, 0.84975, 0.63215794, 0.43384835, 0.267712, 0.13875742, 0.068562374, 0.05346186,
        0.060431231, 0.11932661, 0.30406354, 0.63212826, 1.0609618, 1.5679721, 2.1168557,
        2.6664261, 3.2048056, 3.7010153 },
    {
        5.1150844, 4.671332, 4.2624511, 3.7815478, 3.2496748, 2.7055471, 2.1326783, 1.4088573,
        0.72020543, 0.19831679, 0.039476273, 0.23269589, 1.5296687, 2.9401864, 3.1809606,
        2.9934677, 2.8823951, 2.8573159, 3.0675957, 3.265706, 3.2746939, 3.3889717, 3.6096432,
        3.8701845, 3.9293587, 3.7167145, 3.1249963, 2.1875918, 1.1066765, 0.23927664, 0.039993292,
        0.2461951, 1.071854, 1.9703241, 2.7932948, 3.5907924, 4.3633818, 5.1201916, 5.7958315,
        6.4563614, 7.1143649 },
    {
        4.9968614, 4.6041856, 4.2135467, 3.8042021, 3.354148, 2.8237716, 2.2410503, 1.5678079,
        0.78703147, 0.2180997, 0.05346186, 0.22249084, 1.5057273, 2.941625, 3.2097592, 3.0240194,
        2.8973426, 2.8879, 3.1026985, 3.2982826, 3.312434, 3.417082, 3.6456969, 3.9137668,
        3.969905, 3.6996037, 3.1360074, 2.2031599, 1.1113305, 0.2423618, 0.050378973, 0.21059562,
        0.99874037, 1.8294646, 2.6645321, 3.472448, 4.225519, 4.9362625, 5.6587403, 6.3903953,
        7.1134967 },
};
static const double REFERENCE_NORM[4][101] = {
    {
        5.7107647, 5.6967923, 5.6983166, 5.6949772, 5.6842326, 5.6640628, 5.638207, 5.6064482,
        5.5676681, 5.5197563, 5.4667818, 5.4048452, 5.3258372, 5.2407909, 5.1414345, 5.0239149,
        4.890185, 4.738474, 4.5760053, 4.4001616, 4.2153303, 4.0223546, 3.8240811, 3.6243855,
        3.4285402, 3.2290937, 3.0396542, 2.8764559, 2.7178581, 2.5582485, 2.3826574, 2.2084897,
        2.0322918, 1.8216988, 1.599093, 1.4024028, 1.2415446, 1.0926442, 0.95127522, 0.81721086,
        0.68216826, 0.54706066, 0.40249896, 0.27169393, 0.16370109, 0.085577118, 0.039988628,
        0.020884329, 0.01629132, 0.015077227, 0.014604898, 0.014627163, 0.015743062, 0.024643588,
        0.082968627, 0.23357267, 0.48079325, 0.80921048, 1.1863398, 1.6051537, 2.0562757,
        2.5339991, 3.0023098, 3.4758686, 3.9584781, 4.4411124, 4.9156673, 5.3880023, 5.8858952,
        6.4218635, 7.0051936, 7.6230526, 8.2114297, 8.8241312, 9.4336016, 10.046447, 10.674671,
        11.313911, 11.931006, 12.538573, 13.151639, 13.769042, 14.366374, 14.936351, 15.477452,
        16.001516, 16.484224, 16.937652, 17.388259, 17.856209, 18.331307, 18.79891, 19.261967,
        19.732785, 20.217477, 20.705849, 21.196509, 21.710217, 22.24337, 22.79493, 23.369369 },
    {
        16.549239, 16.253229, 15.960276, 15.67319, 15.386172, 15.093981, 14.795368, 14.493692,
        14.194153, 13.902638, 13.621376, 13.363129, 13.117735, 12.877881, 12.635224, 12.387633,
        12.140919, 11.890609, 11.642076, 11.397858, 11.176689, 10.966866, 10.758047, 10.541418,
        10.30851, 10.051439, 9.7956271, 9.5597042, 9.3270653, 9.0784346, 8.8051056, 8.524589,
        8.2454285, 7.9563305, 7.6342995, 7.2799444, 6.8985225, 6.4840711, 6.0707223, 5.5874692,
        5.0678209, 4.4801796, 3.8357122, 3.1638757, 2.5190412, 1.8931271, 1.2931586, 0.74656482,
        0.25001335, 0.024688085, 0.014604898, 0.039524036, 0.78186399, 2.1229273, 3.410747,
        4.8605312, 6.4020997, 8.01648, 9.7375636, 11.641175, 13.64072, 15.673227, 17.65933,
        19.582537, 21.355794, 22.979352, 24.500527, 25.978218, 27.43337, 28.870931, 30.278823,
        31.622901, 32.901732, 34.11457, 35.240493, 36.277825, 37.236853, 38.107329, 38.898141,
        39.60634, 40.233026, 40.822264, 41.36088, 41.81357, 42.181218, 42.550984, 42.871228,
        43.118056, 43.04709, 42.898099, 42.671147, 42.417374, 42.277137, 42.241822, 42.368325,
        42.598976, 42.912678, 43.276629, 43.659496, 44.067565, 44.516998 },
    {
        6.3575336, 6.2357909, 6.1144676, 5.9847233, 5.8395295, 5.6730399, 5.506892, 5.3387003,
        5.1653303, 4.9826399, 4.7795841, 4.5862881, 4.3920776, 4.1738819, 3.9397357, 3.7006887,
        3.4672038, 3.237369, 3.010072, 2.7917975, 2.5834423, 2.375126, 2.1760739, 1.9838131,
        1.7964852, 1.6228376, 1.4729906, 1.3376032, 1.2292853, 1.1388464, 1.048155, 0.95932292,
        0.87590795, 0.80467805, 0.73420355, 0.67473981, 0.63225875, 0.61038703, 0.59057685,
        0.57450784, 0.5386304, 0.49258999, 0.44260982, 0.38074935, 0.27358908, 0.15105365,
        0.066492303, 0.0299273, 0.01807988, 0.015144364, 0.014604898, 0.014538274, 0.014977664,
        0.016532566, 0.022797104, 0.044018661, 0.09785393, 0.20332908, 0.35818605, 0.54608372,
        0.75854794, 0.98802625, 1.2280542, 1.4601556, 1.6852792, 1.9161103, 2.1587593, 2.3993999,
        2.6240337, 2.8311086, 3.0301912, 3.2274112, 3.4123496, 3.5862501, 3.7624735, 3.9550019,
        4.1600384, 4.3789034, 4.6167017, 4.8653774, 5.1369081, 5.4087421, 5.682771, 5.968876,
        6.255817, 6.5352652, 6.818944, 7.113155, 7.4228571, 7.7362267, 8.0515648, 8.3629401,
        8.6758916, 8.988488, 9.306014, 9.6209597, 9.9414173, 10.264224, 10.581094, 10.893139,
        11.20514 },
    {
        6.3575336, 6.2357909, 6.1144676, 5.9847233, 5.8395295, 5.6730399, 5.506892, 5.3387003,
        5.1653303, 4.9826399, 4.7795841, 4.5862881, 4.3920776, 4.1738819, 3.9397357, 3.7006887,
        3.4672038, 3.237369, 3.010072, 2.7917975, 2.5834423, 2.375126, 2.1760739, 1.9838131,
        1.7964852, 1.6228376, 1.4729906, 1.3376032, 1.2292853, 1.1388464, 1.048155, 0.95932292,
        0.87590795, 0.80467805, 0.73420355, 0.67473981, 0.63225875, 0.61038703, 0.59057685,
        0.57450784, 0.5386304, 0.49258999, 0.44260982, 0.38074935, 0.27358908, 0.15105365,
        0.066492303, 0.0299273, 0.01807988, 0.015144364, 0.014604898, 0.014538274, 0.014977664,
        0.016532566, 0.022797104, 0.044018661, 0.09785393, 0.20332908, 0.35818605, 0.54608372,
        0.75854794, 0.98802625, 1.2280542, 1.4601556, 1.6852792, 1.9161103, 2.1587593, 2.3993999,
        2.6240337, 2.8311086, 3.0301912, 3.2274112, 3.4123496, 3.5862501, 3.7624735, 3.9550019,
        4.1600384, 4.3789034, 4.6167017, 4.8653774, 5.1369081, 5.4087421, 5.682771, 5.968876,
        6.255817, 6.5352652, 6.818944, 7.113155, 7.4228571, 7.7362267, 8.0515648, 8.3629401,
        8.6758916, 8.988488, 9.306014, 9.6209597, 9.9414173, 10.264224, 10.581094, 10.893139,
        11.20514 },
};

// The reference's numbers for stats.gp (loss at theta, curvature, sharpness), for the note below.
static const double REFERENCE_STATS[5][3] = {   // loss at theta, curvature, sharpness
    { 0.3980939041, 69.63327826, 2.135371193 },   // shallow_tanh
    { 0.01972026157, 60.78349671, 4.816824376 },   // deep_tanh
    { 0.01460489831, 1.928738554, 4.479854607 },   // deep_relu
    { 0.03947627261, 15.57440799, 4.189536743 },   // small_batch
    { 0.0399777682, 32.76453205, 3.985272335 },   // large_batch
};

static const char *source, *chapter5, *chapter6;

// ---------------------------------------------------------------- is the code ready?

// The path of the chapter file `name` beside SOURCE (05_mlp.c, 06_backprop.c), for messages.
static const char *beside(const char *name)
{
    static char path[2][1024];
    static int slot = 0;
    slot = 1 - slot;
    const char *slash = strrchr(source, '/');
    snprintf(path[slot], sizeof path[slot], "%.*s%s", slash ? (int)(slash - source + 1) : 0,
             source, name);
    return path[slot];
}

// A network of these sizes from mlp_init (its allocation; the parameters are set by the caller).
static void network(Mlp *m, const int *sizes, int L, Activation f, const double *params)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, NPTS, &rng) != 0) {
        fprintf(stderr, "plot: mlp_init failed (its allocation is given code)\n");
        exit(2);
    }
    if (params)
        memcpy(m->params, params, sizeof(double) * (size_t)m->num_params);
}

static int any_nan(const double *x, int n)
{
    for (int k = 0; k < n; k++)
        if (isnan(x[k]))
            return 1;
    return 0;
}

// Each function the figures need, on a tiny input: the first that is not implemented stops the
// driver with its name.
static void check_ready(void)
{
    const int sizes[3] = { 2, 2, 1 };
    const double params[9] = { 0.5, -1.0, 1.5, 0.25, 0.1, -0.2, 1.0, -2.0, 0.3 };
    const double X[4] = { 0.5, -1.0, 1.0, 0.25 };
    const int y[2] = { 1, 0 };
    Mlp m;
    network(&m, sizes, 2, ACT_TANH, params);
    const double *logits = mlp_forward(&m, X, 2);
    if (!logits || isnan(logits[0]))
        plot_needs("mlp_forward", chapter5);
    if (isnan(bce_loss(logits, y, 2)))
        plot_needs("bce_loss", chapter6);
    if (isnan(landscape_loss(&m, X, y, 2)))
        plot_needs("landscape_loss", source);
    double out[9], d[9], d2[9], losses[9];
    interpolate_params(out, params, params, 0.5, 9);
    if (any_nan(out, 9))
        plot_needs("interpolate_params", source);
    if (loss_interpolation(losses, &m, params, params, 0.0, 1.0, 3, X, y, 2) != 0 ||
        any_nan(losses, 3))
        plot_needs("loss_interpolation", source);
    Rng rng;
    rng_seed(&rng, 1, 1);
    random_direction(d, 9, &rng);
    if (any_nan(d, 9))
        plot_needs("random_direction", source);
    filter_normalize(d, &m);
    if (any_nan(d, 9))
        plot_needs("filter_normalize", source);
    memcpy(d2, d, sizeof d);
    if (loss_slice_1d(losses, &m, d, -1.0, 1.0, 3, X, y, 2) != 0 || any_nan(losses, 3))
        plot_needs("loss_slice_1d", source);
    if (loss_slice_2d(losses, &m, d, d2, -1.0, 1.0, 3, X, y, 2) != 0 || any_nan(losses, 9))
        plot_needs("loss_slice_2d", source);
    int row, col;
    if (isnan(slice_minimum(&row, &col, losses, 3, 3)))
        plot_needs("slice_minimum", source);
    if (isnan(slice_curvature(losses, -1.0, 1.0, 3, 1)))
        plot_needs("slice_curvature", source);
    if (isnan(slice_sharpness(losses, -1.0, 1.0, 3, 1.0, losses[4])))
        plot_needs("slice_sharpness", source);
}

// ---------------------------------------------------------------- the networks

typedef struct {
    const char *name;         // the files grid_NAME.dat and the variables NAME_... of stats.gp
    Mlp m;                    // at the trained parameters of LANDSCAPE_NETS
    double *d1, *d2;          // two filter-normalised directions (P each)
} Net;

static double *directions(Mlp *m, Rng *rng)
{
    double *d = malloc(sizeof(double) * (size_t)m->num_params);
    if (!d) {
        fprintf(stderr, "plot: out of memory\n");
        exit(2);
    }
    random_direction(d, m->num_params, rng);
    filter_normalize(d, m);
    return d;
}

// Writes `alpha beta loss` for a 2-D slice (G, G) over [LO, HI]^2, alpha (along d1) fastest.
static void write_grid(const char *dir, const char *name, const double *grid)
{
    char file[64];
    snprintf(file, sizeof file, "grid_%s.dat", name);
    FILE *f = plot_open(dir, file);
    fprintf(f, "# alpha (along d1) beta (along d2) loss; alpha fastest, a blank line after each"
               " row\n");
    for (int i = 0; i < G; i++) {
        for (int j = 0; j < G; j++)
            fprintf(f, "%.4f %.4f %.8g\n", LO + (HI - LO) * j / (G - 1),
                    LO + (HI - LO) * i / (G - 1), grid[i * G + j]);
        fputc('\n', f);
    }
    fclose(f);
}

static void check(int rc, const char *fn)
{
    if (rc != 0) {
        fprintf(stderr, "plot: %s returned %d for valid arguments\n", fn, rc);
        exit(2);
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
    chapter5 = beside("05_mlp.c");
    chapter6 = beside("06_backprop.c");
    check_ready();

    // ---- the data
    Rng rng;
    rng_seed(&rng, DATA_SEED, 8);
    Dataset train = { 0 }, test = { 0 };
    if (data_spiral(&train, NPTS, NOISE, &rng) != 0 || data_spiral(&test, NPTS, NOISE, &rng) != 0) {
        fprintf(stderr, "plot: cannot make the data set\n");
        return 2;
    }
    plot_points(dir, "spiral.dat", &train);

    // ---- the five networks of the 2-D figures, two directions each, their slices and numbers
    Net nets[5];
    Rng dirs;
    rng_seed(&dirs, DIRS_SEED, 8);
    double *grid = malloc(sizeof(double) * G * G), line[N1], seconds = 0.0;
    FILE *fs = plot_open(dir, "stats.gp");
    fprintf(fs, "# for each network: the loss at theta, the 2-D slice's minimum and its place"
            "\n# (alpha, beta), the curvature at theta along d1, the largest rise within %g\n", RADIUS);
    fprintf(fs, "radius = %g\n", RADIUS);
    double worst = 0.0;   // the largest relative difference from the reference's numbers
    for (int k = 0; k < 5; k++) {
        Net *net = &nets[k];
        const LandscapeNet *spec = &LANDSCAPE_NETS[k];
        net->name = spec->name;
        network(&net->m, spec->sizes, spec->L, spec->act, spec->params);
        net->d1 = directions(&net->m, &dirs);
        net->d2 = directions(&net->m, &dirs);
        double loss0 = landscape_loss(&net->m, train.x, train.y, NPTS);
        clock_t start = clock();
        check(loss_slice_2d(grid, &net->m, net->d1, net->d2, LO, HI, G, train.x, train.y, NPTS),
              "loss_slice_2d");
        if (k == 1)
            seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
        write_grid(dir, net->name, grid);
        int row, col;
        double lowest = slice_minimum(&row, &col, grid, G, G);
        check(loss_slice_1d(line, &net->m, net->d1, LO, HI, N1, train.x, train.y, NPTS),
              "loss_slice_1d");
        double curv = slice_curvature(line, LO, HI, N1, N1 / 2);
        double sharp = slice_sharpness(grid, LO, HI, G, RADIUS, loss0);
        fprintf(fs, "%s_loss = %.10g; %s_min = %.10g; %s_min_alpha = %.4f; %s_min_beta = %.4f\n",
                net->name, loss0, net->name, lowest, net->name, LO + (HI - LO) * col / (G - 1), net->name,
                LO + (HI - LO) * row / (G - 1));
        fprintf(fs, "%s_curv = %.10g; %s_sharp = %.10g\n", net->name, curv, net->name, sharp);
        const double mine[3] = { loss0, curv, sharp };
        for (int s = 0; s < 3; s++)
            worst = fmax(worst, fabs(mine[s] - REFERENCE_STATS[k][s]) /
                                    fmax(1e-12, fabs(REFERENCE_STATS[k][s])));
    }
    fclose(fs);

    // ---- interpolation: from the initial to the trained parameters, and between two minima
    Net *small = &nets[3];
    int P = small->m.num_params;
    double *init = malloc(sizeof(double) * (size_t)P), curves[4][NI];
    initial_params(init, &small->m, INIT_SEED + 1);
    check(loss_interpolation(curves[0], &small->m, init, SMALL_BATCH, INTERP_LO, INTERP_HI, NI, train.x,
                             train.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[1], &small->m, init, SMALL_BATCH, INTERP_LO, INTERP_HI, NI, test.x,
                             test.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[2], &small->m, SMALL_BATCH, SECOND_MINIMUM, INTERP_LO, INTERP_HI, NI,
                             train.x, train.y, NPTS), "loss_interpolation");
    check(loss_interpolation(curves[3], &small->m, SMALL_BATCH, SECOND_MINIMUM, INTERP_LO, INTERP_HI, NI,
                             test.x, test.y, NPTS), "loss_interpolation");
    FILE *fi = plot_open(dir, "interp.dat");
    fprintf(fi, "# alpha; init->trained train, test; minimum 1->minimum 2 train, test; the reference's"
            " four\n");
    for (int i = 0; i < NI; i++) {
        fprintf(fi, "%.4f", INTERP_LO + (INTERP_HI - INTERP_LO) * i / (NI - 1));
        for (int c = 0; c < 4; c++)
            fprintf(fi, " %.8g", curves[c][i]);
        for (int c = 0; c < 4; c++)
            fprintf(fi, " %.8g", REFERENCE_INTERP[c][i]);
        fputc('\n', fi);
    }
    fclose(fi);

    // ---- filter normalisation: the deep relu network and its rescaled twin, which computes the
    //      same function: layer 0 (weights and biases) times TWIN, layer 1's weights divided by it
    Net *relu = &nets[2];
    Mlp twin;
    network(&twin, DEEP, 5, ACT_RELU, DEEP_RELU);
    for (int k = 0; k < 8 * 2 + 8; k++)
        twin.weight[0][k] *= TWIN;   // weight[0] (8, 2) and bias[0] (8) are contiguous
    for (int k = 0; k < 8 * 8; k++)
        twin.weight[1][k] /= TWIN;
    int Q = relu->m.num_params;
    double *raw = malloc(sizeof(double) * (size_t)Q), *dn = malloc(sizeof(double) * (size_t)Q);
    double *dt = malloc(sizeof(double) * (size_t)Q), pair[4][N1];
    random_direction(raw, Q, &dirs);
    memcpy(dn, raw, sizeof(double) * (size_t)Q);
    filter_normalize(dn, &relu->m);
    memcpy(dt, raw, sizeof(double) * (size_t)Q);
    filter_normalize(dt, &twin);
    check(loss_slice_1d(pair[0], &relu->m, raw, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[1], &twin, raw, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[2], &relu->m, dn, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    check(loss_slice_1d(pair[3], &twin, dt, LO, HI, N1, train.x, train.y, NPTS), "loss_slice_1d");
    FILE *fn = plot_open(dir, "norm.dat");
    fprintf(fn, "# alpha; raw direction: network, twin; filter-normalised: network, twin; the"
            " reference's four\n");
    for (int i = 0; i < N1; i++) {
        fprintf(fn, "%.4f", LO + (HI - LO) * i / (N1 - 1));
        for (int c = 0; c < 4; c++)
            fprintf(fn, " %.8g", pair[c][i]);
        for (int c = 0; c < 4; c++)
            fprintf(fn, " %.8g", REFERENCE_NORM[c][i]);
        fputc('\n', fn);
    }
    fclose(fn);

    // ---- small and large batch along d1 of each: train and test loss
    double batch[4][N1];
    for (int k = 0; k < 2; k++) {
        Net *net = &nets[3 + k];
        check(loss_slice_1d(batch[2 * k], &net->m, net->d1, LO, HI, N1, train.x, train.y, NPTS),
              "loss_slice_1d");
        check(loss_slice_1d(batch[2 * k + 1], &net->m, net->d1, LO, HI, N1, test.x, test.y,
                            NPTS), "loss_slice_1d");
    }
    FILE *fb = plot_open(dir, "batch1d.dat");
    fprintf(fb, "# alpha; small batch train, test; large batch train, test\n");
    for (int i = 0; i < N1; i++)
        fprintf(fb, "%.4f %.8g %.8g %.8g %.8g\n", LO + (HI - LO) * i / (N1 - 1), batch[0][i],
                batch[1][i], batch[2][i], batch[3][i]);
    fclose(fb);

    for (int c = 0; c < 4; c++)
        for (int i = 0; i < NI; i++)
            worst = fmax(worst, fabs(curves[c][i] - REFERENCE_INTERP[c][i]) /
                                    fmax(1e-12, fabs(REFERENCE_INTERP[c][i])));
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < N1; i++)
            worst = fmax(worst, fabs(pair[c][i] - REFERENCE_NORM[c][i]) /
                                    fmax(1e-12, fabs(REFERENCE_NORM[c][i])));
    printf("note: a 51 x 51 slice of the 2-8-8-8-8-1 tanh network on the %d training points took"
           " %.2f s of CPU time\n", NPTS, seconds);
    if (!(worst < 1e-6))
        printf("note: your numbers differ from the reference's by up to %.3g (relative): make grade"
               " CH=08 says where\n", worst);
    free(grid), free(init), free(raw), free(dn), free(dt);
    dataset_free(&train), dataset_free(&test);
    return 0;
}
