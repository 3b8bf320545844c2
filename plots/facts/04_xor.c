/* 04_xor.c -- the numbers of chapters/04-xor/notes.md, recomputed from the reference
 * feature_map and k-NN (see facts.h), with logistic regression trained as the grader trains it
 * (lib/numgrad.h: 200 points, step 0.03, 1000 epochs of batch descent, 200 held-out points;
 * the data of seed s come from stream 4). Three planted bugs are replayed for the numbers the
 * notes quote for them, and two Playground demos for their predict-then-check prompts.
 * Not here on purpose: anything the notes do not state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "facts.h"
#include "numgrad.h"
#include "pgsim.h"
#include "xor.h"

static const double LR = 0.03;
enum { EPOCHS = 1000, SAMPLES = 20, XOR_SAMPLES = 200 };
static const double GRADER_MIN = 0.95, GRADER_KNN_MIN = 0.90;   // what grader/04_xor.c asks for

typedef int (*Generator)(Dataset *, int, double, Rng *);
typedef enum { AS_IS, X1X1_FOR_X1X2, TWICE_FOR_SQUARE } Bug;

// The features of the mask, with one of the planted bugs applied to the columns it affects.
static double *features(const Dataset *ds, unsigned mask, Bug bug)
{
    int F = feature_count(mask);
    double *Phi = malloc(sizeof(double) * (size_t)ds->n * (size_t)F);
    if (!Phi || feature_map(Phi, ds->x, ds->n, mask) != F)
        facts_die("feature_map failed");
    for (int n = 0; n < ds->n; n++) {
        double x1 = ds->x[2 * n], x2 = ds->x[2 * n + 1];
        int j = 0;
        for (int bit = 0; bit < FEAT_KINDS; bit++) {
            if (!(mask & (1u << bit)))
                continue;
            if (bug == X1X1_FOR_X1X2 && (1u << bit) == FEAT_X1X2)
                Phi[n * F + j] = x1 * x1;
            if (bug == TWICE_FOR_SQUARE && (1u << bit) == FEAT_X2SQ)
                Phi[n * F + j] = x2 * 2;
            j++;
        }
    }
    return Phi;
}

// The held-out accuracy of the grader's logistic regression on the mask's features.
static double heldout(Generator gen, unsigned mask, uint64_t seed, Bug bug)
{
    Rng rng;
    rng_seed(&rng, seed, 4);
    Dataset train = { 0 }, test = { 0 };
    if (gen(&train, 200, 0.0, &rng) != 0 || gen(&test, 200, 0.0, &rng) != 0)
        facts_die("a data generator failed");
    int F = feature_count(mask);
    double *Phi = features(&train, mask, bug), *Psi = features(&test, mask, bug);
    double p[FEAT_KINDS + 1];
    logistic_fit(p, Phi, train.y, train.n, F, LR, EPOCHS);
    int right = 0;
    for (int n = 0; n < test.n; n++) {
        double z = p[F];
        for (int j = 0; j < F; j++)
            z += p[j] * Psi[n * F + j];
        right += (z >= 0.0) == (test.y[n] == 1);
    }
    double accuracy = (double)right / test.n;
    free(Phi), free(Psi);
    dataset_free(&train), dataset_free(&test);
    return accuracy;
}

// The best any line does on the 200 training points of a seed: lines through two points, each
// way round, with the points on the line counted as right (at most a point or two too kind).
static double best_line(uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 4);
    Dataset ds = { 0 };
    if (data_xor(&ds, 200, 0.0, &rng) != 0)
        facts_die("data_xor failed");
    int best = 0;
    for (int i = 0; i < ds.n; i++)
        for (int j = i + 1; j < ds.n; j++) {
            double a = ds.x[2 * j + 1] - ds.x[2 * i + 1], b = ds.x[2 * i] - ds.x[2 * j];
            double c = -(a * ds.x[2 * i] + b * ds.x[2 * i + 1]);
            int up = 0, down = 0;
            for (int n = 0; n < ds.n; n++) {
                double z = a * ds.x[2 * n] + b * ds.x[2 * n + 1] + c;
                up += z == 0 || (z > 0) == (ds.y[n] == 1);
                down += z == 0 || (z < 0) == (ds.y[n] == 1);
            }
            best = up > best ? up : best;
            best = down > best ? down : best;
        }
    dataset_free(&ds);
    return (double)best / 200;
}

static void the_data(void)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    Dataset ds = { 0 };
    double closest = INFINITY, inner = 0, outer = INFINITY;
    if (data_xor(&ds, 10000, 0.0, &rng) != 0)
        facts_die("data_xor failed");
    for (int k = 0; k < 2 * ds.n; k++)
        closest = fmin(closest, fabs(ds.x[k]));
    dataset_free(&ds);
    if (data_circle(&ds, 10000, 0.0, &rng) != 0)
        facts_die("data_circle failed");
    for (int n = 0; n < ds.n; n++) {
        double r = hypot(ds.x[2 * n], ds.x[2 * n + 1]);
        if (ds.y[n])
            inner = fmax(inner, r);
        else
            outer = fmin(outer, r);
    }
    dataset_free(&ds);
    fact("xor_gap", "pushes each %.1f away from its axis", floor(closest * 10) / 10);
    fact("circle_radii", "put class 1 inside radius %.1f and class 0 in the ring from %.1f to 5",
         ceil(inner * 10) / 10, floor(outer * 10) / 10);
    fact("circle_split", "every radius up to %.1f is class 1, every radius from %.1f is class 0",
         ceil(inner * 10) / 10, floor(outer * 10) / 10);
}

static void linear_fails(void)
{
    fact("coin", "a coin flip, with loss $\\log 2 \\approx %s$", fix(log(2.0), 3));
    double lo = 1, hi = 0, sum = 0, best_lo = 1, best_hi = 0;
    for (int seed = 1; seed <= XOR_SAMPLES; seed++) {
        double a = heldout(data_xor, FEAT_X1 | FEAT_X2, (uint64_t)seed, AS_IS);
        lo = fmin(lo, a), hi = fmax(hi, a), sum += a;
    }
    for (int seed = 1; seed <= SAMPLES; seed++) {
        double b = best_line((uint64_t)seed);
        best_lo = fmin(best_lo, b), best_hi = fmax(best_hi, b);
    }
    fact("linear_spread", "(200 points, step %g, %d epochs of batch descent) and measured on 200 more, over "
         "the seeds 1 to %d of the data, the held-out accuracy of logistic regression on $(x_1, x_2)$ "
         "ranged from %s to %s, %s on average", LR, EPOCHS, XOR_SAMPLES, pct(lo, 1), pct(hi, 0),
         pct(sum / XOR_SAMPLES, 1));
    fact("linear_best", "Even the best line for a sample of 200, the line that gets the most of them right, "
         "gets only %s to %s (over the seeds 1 to %d)", pct(best_lo, 1), pct(best_hi, 0), SAMPLES);
    fact("xor_caption", "Logistic regression on the raw features $(x_1, x_2)$ of %d xor points: the heat map "
         "is its probability of class 1 (orange 0, grey %g, blue 1, as in TensorFlow Playground), the black "
         "line its boundary $p = %g$. The map is nearly grey", 200, 0.5, 0.5);
}

static void with_features(void)
{
    double xor_lo = 1, circle_lo = 1, knn_lo = 1, knn_hi = 0;
    for (int seed = 1; seed <= SAMPLES; seed++) {
        xor_lo = fmin(xor_lo, heldout(data_xor, FEAT_X1 | FEAT_X2 | FEAT_X1X2, (uint64_t)seed, AS_IS));
        circle_lo = fmin(circle_lo, heldout(data_circle, FEAT_X1SQ | FEAT_X2SQ, (uint64_t)seed, AS_IS));
        Rng rng;
        rng_seed(&rng, (uint64_t)seed, 4);
        Dataset train = { 0 }, test = { 0 };
        if (data_xor(&train, 200, 0.0, &rng) != 0 || data_xor(&test, 200, 0.0, &rng) != 0)
            facts_die("data_xor failed");
        int right = 0, idx[5];
        for (int n = 0; n < test.n; n++)
            right += knn_predict(idx, train.x, train.y, train.n, 2, test.x + 2 * n, 5) == test.y[n];
        knn_lo = fmin(knn_lo, right / 200.0), knn_hi = fmax(knn_hi, right / 200.0);
        dataset_free(&train), dataset_free(&test);
    }
    if (xor_lo < 1.0 || circle_lo < 1.0)
        facts_die("the features do not give 100%% on every sample (%g, %g)", xor_lo, circle_lo);
    fact("product_caption", "the boundary is a hyperbola, and the held-out accuracy %s", pct(xor_lo, 0));
    fact("grader_lr", "step %g, %d epochs) and measures it on %d held-out points", LR, EPOCHS, 200);
    fact("grader_features", "classify at least %s right. The reference gets %s on each of %d samples "
         "(the seeds 1 to %d) for both", pct(GRADER_MIN, 0), pct(xor_lo, 0), SAMPLES, SAMPLES);
    fact("grader_knn", "at least %s right on held-out xor data with $k = 5$ (the reference: %s to %s on "
         "the samples of the seeds 1 to %d)", pct(GRADER_KNN_MIN, 0), pct(knn_lo, 1), pct(knn_hi, 0), SAMPLES);

    // Planted bugs: x1 * x1 for x1 * x2 on xor, x2 * 2 for x2 squared on circle data.
    fact("bug_product", "the product bug also leaves logistic regression at about %.0f%% on xor",
         100 * round(10 * heldout(data_xor, FEAT_X1 | FEAT_X2 | FEAT_X1X2, 4001, X1X1_FOR_X1X2)) / 10);
    fact("bug_square", "the doubled square at about %.0f%% on circle data",
         100 * round(10 * heldout(data_circle, FEAT_X1SQ | FEAT_X2SQ, 4002, TWICE_FOR_SQUARE)) / 10);
}

static void masks(void)
{
    fact("feat_all", "`FEAT_ALL` ($%d$) selects all seven", FEAT_ALL);
    fact("hidden_masks", "try every mask from 0 to %d", FEAT_ALL);
    // Monomials of degree at most d in D inputs, the constant left out: C(D + d, d) - 1.
    int D = 28 * 28;
    double count = (double)(D + 2) * (D + 1) / 2 - 1;
    fact("monomials", "for a $28 \\times 28$ image, $D = %d$ and $d = 2$, it is $\\binom{%d}{2} - 1 = %.0f\\,%03.0f$",
         D, D + 2, floor(count / 1000), fmod(count, 1000));
}

// The grader's six points and the k-NN worked example.
static void worked_knn(void)
{
    const double X[12] = { 3, 0, 2, 2, -1, 0.5, 0, -4, -2.5, -1, 1, -1.5 };
    const int y[6] = { 0, 0, 1, 0, 1, 0 };
    const double origin[2] = { 0, 0 };
    for (int n = 0; n < 6; n++) {
        char key[16];
        snprintf(key, sizeof key, "six_row_%d", n);
        double d = X[2 * n] * X[2 * n] + X[2 * n + 1] * X[2 * n + 1];
        fact(key, "| %d | $(%g, %g)$ | %d | %g |", n, X[2 * n], X[2 * n + 1], y[n], d);
    }
    int idx[6];
    knn_neighbours(idx, X, 6, 2, origin, 6);
    char order[64] = "", labels[64] = "";
    for (int j = 0; j < 6; j++) {
        snprintf(order + strlen(order), sizeof order - strlen(order), "%s%d", j ? ", " : "", idx[j]);
        snprintf(labels + strlen(labels), sizeof labels - strlen(labels), "%s%d", j ? ", " : "", y[idx[j]]);
    }
    int k1 = knn_predict(idx, X, y, 6, 2, origin, 1), k3 = knn_predict(idx, X, y, 6, 2, origin, 3);
    int k5 = knn_predict(idx, X, y, 6, 2, origin, 5), k2 = knn_predict(idx, X, y, 6, 2, origin, 2);
    fact("six_order", "the neighbours are $%s$, with labels $%s$. So 1-NN says %d; 3-NN sees two 1s in three "
         "and says %d; 5-NN sees two 1s in five and says %d; 2-NN sees a tie, 1 against 1, and the nearest "
         "neighbour, point %d, decides: %d", order, labels, k1, k3, k5, idx[0], k2);
    // By city-block distance.
    int cb[6];
    double dist[6];
    for (int n = 0; n < 6; n++)
        cb[n] = n, dist[n] = fabs(X[2 * n]) + fabs(X[2 * n + 1]);
    for (int i = 1; i < 6; i++)
        for (int j = i; j > 0 && dist[cb[j]] < dist[cb[j - 1]]; j--) {
            int t = cb[j];
            cb[j] = cb[j - 1], cb[j - 1] = t;
        }
    fact("city_block", "the order would be $%d, %d, %d, %d, \\dots$", cb[0], cb[1], cb[2], cb[3]);
    fact("knn_noise", "k-NN on 200 noisy xor points (noise %g; the grader's fixed set)", 0.25);
    Rng nr;
    rng_seed(&nr, 404, 1);
    Dataset noisy = { 0 };
    if (data_xor(&noisy, 200, 0.25, &nr) != 0)
        facts_die("data_xor failed");
    int own = 0, nb[1];
    for (int n = 0; n < noisy.n; n++)
        own += knn_predict(nb, noisy.x, noisy.y, noisy.n, 2, noisy.x + 2 * n, 1) == noisy.y[n];
    fact("knn_own", "so the training accuracy is %s, noise included", pct((double)own / noisy.n, 1));
    dataset_free(&noisy);

    // The planted vote bug: the labels of the first k training points, not of the neighbours.
    Rng rng;
    rng_seed(&rng, 4005, 4);
    Dataset train = { 0 }, test = { 0 };
    if (data_xor(&train, 200, 0.0, &rng) != 0 || data_xor(&test, 200, 0.0, &rng) != 0)
        facts_die("data_xor failed");
    int right = 0;
    for (int n = 0; n < test.n; n++) {
        int ones = 0;
        for (int j = 0; j < 5; j++)
            ones += train.y[j];
        right += (ones > 5 - ones) == (test.y[n] == 1);
    }
    fact("bug_vote", "(about %.0f%% on held-out xor data)", 100 * round(10 * right / 200.0) / 10);
    dataset_free(&train), dataset_free(&test);
}

// Two step units make XOR: OR, AND, and "OR but not AND".
static void two_units(void)
{
    const double X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    const double or_b = -0.5, and_b = -1.5, out_b = -0.5;
    fact("units", "$h_1 = \\mathrm{step}(x_1 + x_2 - %g)$ (that is OR) and $h_2 = \\mathrm{step}(x_1 + x_2 - %g)$ "
         "(AND), and let the output be $\\mathrm{step}(h_1 - h_2 - %g)$", -or_b, -and_b, -out_b);
    fact("units_head", "| $h_1 - h_2 - %g$ | output |", -out_b);
    for (int n = 0; n < 4; n++) {
        double s = X[2 * n] + X[2 * n + 1];
        int h1 = s + or_b >= 0, h2 = s + and_b >= 0;
        double z = h1 - h2 + out_b;
        char key[16];
        snprintf(key, sizeof key, "units_row_%d", n);
        fact(key, "| $(%g, %g)$ | %d | %d | $%g$ | %d |", X[2 * n], X[2 * n + 1], h1, h2, z, z >= 0);
    }
}

static void playground(void)
{
    enum { SEEDS = 20 };
    const Playground xor_demo = { "xor", 0, 50, "x1,x2", "", "tanh", 0.03, 10, "0.40401" };
    double lo = 1, hi = 0, alo = 1, ahi = 0;
    for (int s = 1; s <= SEEDS; s++) {
        PgResult r = pg_run(&xor_demo, (uint64_t)s, 200);
        lo = fmin(lo, r.test_loss), hi = fmax(hi, r.test_loss);
        alo = fmin(alo, r.test_acc), ahi = fmax(ahi, r.test_acc);
    }
    if (lo < 0.45)
        facts_die("the Playground replay of xor without hidden units learns (loss %g)", lo);
    fact("pg_xor", "[Open it in TensorFlow Playground](%s) with these settings: %s", playground_url(&xor_demo),
         playground_words(&xor_demo));
    fact("pg_xor_loss", "exactly %g. Will the test loss fall below %g", 0.5, 0.5);
    fact("pg_xor_check", "*Check:* it does not. After 200 epochs the test loss is between %s and %s, and the test "
         "accuracy between %s and %s, in %d replays of the Playground's training "
         "(`plots/facts/pgsim.c`)", fix(lo, 2), fix(hi, 2), pct(alo, 0), pct(ahi, 0), SEEDS);

    const Playground fe = { "xor", 0, 50, "x1x2", "", "tanh", 0.03, 10, "0.40401" };
    const Playground fe2 = { "circle", 0, 50, "x1sq,x2sq", "", "tanh", 0.03, 10, "0.40402" };
    double worst = 0, worst_acc = 1;
    int good = 0, stuck = 0;
    for (int s = 1; s <= SEEDS; s++) {
        PgResult r = pg_run(&fe, (uint64_t)s, 10), c = pg_run(&fe2, (uint64_t)s, 300);
        worst = fmax(worst, r.test_loss), worst_acc = fmin(worst_acc, r.test_acc);
        good += c.test_acc >= 0.95;
        stuck += c.test_acc < 0.6;
    }
    if (worst >= 0.03 || worst_acc < 1.0 || good + stuck != SEEDS || stuck == 0)
        facts_die("the feature engineering replays changed: %g, %g, %d good, %d stuck", worst, worst_acc,
                  good, stuck);
    fact("pg_fe", "[Open it in TensorFlow Playground](%s) with these settings: %s. Then [the circle](%s) with "
         "the squares: %s", playground_url(&fe), playground_words(&fe), playground_url(&fe2),
         playground_words(&fe2));
    fact("pg_fe_check", "*Check:* the xor test loss is below %g after 10 epochs, with every test point right, and "
         "the boundary is the two axes, where $x_1 x_2 = 0$. The circle with the squares gets at least %s "
         "of the test points in %d of %d replays; in the other %d it stays at about half", 0.03,
         pct(GRADER_MIN, 0), good, SEEDS, stuck);
}

int main(void)
{
    the_data();
    linear_fails();
    with_features();
    masks();
    worked_knn();
    two_units();
    playground();
    return 0;
}
