/* glue.h -- the playground's C side: what the page (through WebAssembly) and the native check
 * (playground/native.c) call. It trains the network of chapters 5 and 6 -- the student's own
 * 05_mlp.c and 06_backprop.c, or the reference -- on lib/'s data sets, and hands the page what
 * it draws: the points, the weights, the output over the plane, every unit's output.
 *
 * One playground at a time (the state is static). The order of calls:
 *     pg_data(PG_SPIRAL, 0.0, 50, 1);                 // 500 points, shuffled, 50 % to train
 *     pg_network(PG_FEAT_X1 | PG_FEAT_X2, ACT_TANH, 2, (int[]){ 8, 8 }, 1);
 *     if (pg_status() != PG_OK) puts(pg_message());  // e.g. "mlp_forward is not implemented yet -- ..."
 *     pg_train(10, 10, 0.03);                         // 10 epochs, batches of 10, learning rate 0.03
 *     pg_evaluate();                                  // pg_stat(PG_TRAIN_LOSS), ...
 * Shapes: N points of 2 coordinates (x1, x2); F selected features; the network F-h1-...-1.
 * Seeds: the data come from rng_seed(seed, 1) (generate, shuffle, split), the network from
 * rng_seed(seed, 2) (mlp_init, then one rng_permutation of the training points per epoch), so a
 * seed and the settings pin every number.
 * Left out on purpose: regression data sets, regularisation, the Playground's linear activation
 * (chapter 5 has sigmoid, tanh and relu), anything that would need another chapter's exercises.
 */
#ifndef PLAYGROUND_GLUE_H
#define PLAYGROUND_GLUE_H

// The data sets, in the Playground's order.
enum { PG_CIRCLE = 0, PG_XOR = 1, PG_GAUSS = 2, PG_SPIRAL = 3, PG_DATASETS = 4 };

// The input features (chapter 4's, in the Playground's order): bit k selects feature k.
enum {
    PG_FEAT_X1 = 1 << 0, PG_FEAT_X2 = 1 << 1, PG_FEAT_X1SQ = 1 << 2, PG_FEAT_X2SQ = 1 << 3,
    PG_FEAT_X1X2 = 1 << 4, PG_FEAT_SIN1 = 1 << 5, PG_FEAT_SIN2 = 1 << 6, PG_FEAT_ALL = 0x7f
};

// Limits of the settings (the Playground's).
#define PG_POINTS 500           // points per data set
#define PG_MAX_HIDDEN 6         // hidden layers, 0 .. 6
#define PG_MAX_UNITS 8          // units per hidden layer, 1 .. 8
#define PG_MAX_BATCH 64         // batch size, 1 .. 64 (the page offers 1 .. 30)
#define PG_MAX_MAP 200          // the side of a map of the plane, in cells

// What pg_status says about the last call.
enum {
    PG_OK = 0,
    PG_NOT_IMPLEMENTED = 1,     // an exercise still gives NaN (its stub): pg_culprit() names it
    PG_NOT_FINITE = 2,          // an exercise gave NaN or inf from finite inputs while training
    PG_DIVERGED = 3,            // the numbers grew past 1e100: a learning rate too large
    PG_BAD_SETTINGS = 4,        // an argument out of range (the message says which)
    PG_NO_MEMORY = 5,
    PG_NO_NETWORK = 6           // pg_train, pg_evaluate or pg_maps before a working network
};

// What pg_stat returns.
enum {
    PG_EPOCH = 0,               // epochs trained since pg_network
    PG_TRAIN_LOSS = 1,          // mean cross-entropy over the training points (pg_evaluate)
    PG_TEST_LOSS = 2,           // the same over the test points
    PG_TRAIN_ACC = 3,           // fraction of training points on the right side of p = 1/2
    PG_TEST_ACC = 4,
    PG_EPOCH_LOSS = 5,          // what mlp_train_epoch returned for the last epoch
    PG_NUM_PARAMS = 6
};

// Makes the data: PG_POINTS points of data set `dataset` with noise 0 .. 0.5, shuffled, the
// first floor(PG_POINTS * train_percent / 100) to train (train_percent 10 .. 90). Drops the
// network. Returns pg_status().
int pg_data(int dataset, double noise, int train_percent, int seed);

// Builds the network features -> units[0] -> ... -> units[hidden-1] -> 1 with the student's
// mlp_init (activation ACT_SIGMOID, ACT_TANH or ACT_RELU), after checking that every exercise
// training needs is implemented (each on a small case, in the chapters' order; the first that
// gives NaN is named). Returns pg_status().
int pg_network(unsigned features, int activation, int hidden, const int *units, int seed);

// Room for PG_MAX_HIDDEN unit counts, for a caller that cannot pass an array of its own (the
// page writes the units here and passes this pointer to pg_network).
int *pg_shape(void);

// Trains up to `epochs` epochs with mlp_train_epoch, checking after each that the loss and every
// parameter are finite. On NaN or inf it finds the exercise that made it (replaying the epoch
// step by step from a copy of the parameters) and stops. Returns the epochs done.
int pg_train(int epochs, int batch, double learning_rate);

// The losses and accuracies of pg_stat, with the student's mlp_forward and bce_loss.
int pg_evaluate(void);

double pg_stat(int which);

// Maps of the plane [-6, 6]^2, row 0 at the top (x2 = 6), column 0 at the left (x1 = -6), cell
// centres: pg_map() gets res x res values of p(y = 1 | x); pg_unit_maps() gets, for every hidden
// unit (layer by layer, unit by unit), unit_res x unit_res values of its output. res and
// unit_res in 2 .. PG_MAX_MAP.
int pg_maps(int res, int unit_res);
const double *pg_map(void);
const double *pg_unit_maps(void);

// The points: which = 0 the training points, 1 the test points; (n, 2) and (n) labels 0 or 1.
int pg_count(int which);
const double *pg_points(int which);
const int *pg_labels(int which);

// The network: L layers with weights; pg_size(l) = sizes[l]; weight (sizes[l+1], sizes[l]) and
// bias (sizes[l+1]) of layer l.
int pg_layers(void);
int pg_size(int l);
const double *pg_weight(int l);
const double *pg_bias(int l);

// The chapter files this build was made from, e.g. "skeletons/05_mlp.c skeletons/06_backprop.c".
const char *pg_sources(void);

// What went wrong, if anything: the status, a message for the student, the exercise it names
// ("" for none), and a note that does not stop training ("" for none).
int pg_status(void);
const char *pg_message(void);
const char *pg_culprit(void);
const char *pg_note(void);

#endif
