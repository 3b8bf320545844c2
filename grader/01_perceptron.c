/* 01_perceptron.c -- the visible tests of chapter 1: perceptron_predict, perceptron_update,
 * perceptron_train.
 *
 * Every expected value here is a constant worked out when the test was written (by hand for
 * the single steps; the training histories were traced by hand for their first epoch and
 * recorded from the reference), so the tests need no reference code at run time. Points,
 * visibility and hints are in grader/points.txt. The fixtures use halves and quarters, which are
 * exact in binary, so the expected weights are exact and the tolerances only guard rounding.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "grade.h"
#include "perceptron.h"

GRADED_SUITE(ch01);

// ---------------------------------------------------------------- shared checks

// perceptron_predict's answer, after checking it is a class at all.
static int predict(const double *w, double b, const double *x, int D)
{
    int p = perceptron_predict(w, b, x, D);
    grade_expect_implemented(p != -1, "perceptron_predict");
    if (p != 0 && p != 1)
        grade_fail("perceptron_predict returned %d: it must return 0 or 1", p);
    return p;
}

// Whether perceptron_predict gets the hand-worked points right, the boundary (z = 0 is class 1)
// and five features included; perceptron_update asks it for every class it compares, so an
// update or training test that fails checks it and says "fix perceptron_predict first" rather
// than blame code that only passes its answers on. (Also used by grader/hidden/01_perceptron.c.)
int g1_predict_works(void);
int g1_predict_works(void)
{
    const double w[2] = { 0.5, 0.25 }, x[2] = { 1.0, 2.0 }, far[2] = { -4.0, 1.0 };
    const double w5[5] = { 0, 0, 0, 0, 1 }, x5[5] = { 9, 9, 9, 9, 1 };
    return perceptron_predict(w, -1.0, x, 2) == 1          // z = 0: on the boundary, class 1
           && perceptron_predict(w, -1.0, far, 2) == 0     // z = -2.75
           && perceptron_predict(w, -0.5, x, 2) == 1       // z = 0.5
           && perceptron_predict(w5, -0.5, x5, 5) == 1     // z = 0.5, from the fifth feature
           && perceptron_predict(w5, -1.5, x5, 5) == 0;    // z = -0.5
}

// The probe, for grade_on_failure_expect: a test that fails while perceptron_predict is broken
// says "fix perceptron_predict first"; one that passes anyway keeps its points.
static int predict_probe(void *why_text, char *why, size_t cap)
{
    if (g1_predict_works())
        return 1;
    snprintf(why, cap, "%s", (const char *)why_text);
    return 0;
}

static void expect_predict(const char *who)
{
    grade_on_failure_expect("perceptron_predict", predict_probe, (void *)who);
}

// Whether perceptron_update gets a missed positive, a missed negative and a correct example
// right; the training tests call it first, so that a broken update is blamed on
// perceptron_update, not on perceptron_train.
int g1_update_works(void);
int g1_update_works(void)
{
    double w[2] = { 0.5, -1.0 }, b = -0.25, x[2] = { 1.0, 2.0 };
    int missed_one = perceptron_update(w, &b, x, 1, 0.5, 2);     // z = -1.75: a missed 1
    int moved = w[0] == 1.0 && w[1] == 0.0 && b == 0.25;
    int correct = perceptron_update(w, &b, x, 1, 0.5, 2);        // now z = 1.25: right
    int missed_zero = perceptron_update(w, &b, x, 0, 0.5, 2);    // a missed 0: back again
    return missed_one == 1 && moved && correct == 0 && missed_zero == 1 && w[0] == 0.5
           && w[1] == -1.0 && b == -0.25;
}

static void expect_update(const char *what, int r, int r_want, const double *w, const double *w_want,
                          double b, double b_want, int D)
{
    grade_expect_implemented(r != -1 && !isnan(w[0]), "perceptron_update");
    if (r != r_want)
        grade_fail("perceptron_update returned %d %s, expected %d (1 = updated, 0 = left alone)",
                   r, what, r_want);
    for (int i = 0; i < D; i++) {
        char name[64];
        snprintf(name, sizeof name, "w[%d] %s", i, what);
        grade_expect_close(w[i], w_want[i], 1e-12, "perceptron_update", name);
    }
    // The weights are right: only the bias can be off, and that has a reason of its own.
    if (!(fabs(b - b_want) <= 1e-12))
        grade_fail("perceptron_update: b %s is %.10g, expected %.10g (the weights are right)\n"
                   "hint: only the bias is off: it takes the same step as each weight, with x[i]"
                   " replaced by 1", what, b, b_want);
}

// What the update and training tests build on, checked first.
#define NEEDS_PREDICT "perceptron_update asks it for the class of every example, and this test" \
                      " failed (see its tests)"
#define NEEDS_UPDATE "perceptron_train calls it for every example (see its tests)"

// ---------------------------------------------------------------- perceptron_predict

GRADED_TEST(ch01, predict_gives_the_side_of_the_line_for_hand_worked_points)
{
    const double w[2] = { 1.0, 2.0 }, b = 1.0;   // the line x1 + 2 x2 + 1 = 0
    const struct { double x[2]; int want; } cases[] = {
        { { 2.0, 1.0 }, 1 },     // z = 5
        { { -3.0, -1.0 }, 0 },   // z = -4
        { { -4.0, 1.0 }, 0 },    // z = -1
        { { 0.0, -0.25 }, 1 },   // z = 0.5
        { { 0.0, 0.0 }, 1 },     // z = b = 1: the bias alone decides
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int got = predict(w, b, cases[k].x, 2);
        if (got != cases[k].want)
            grade_fail("perceptron_predict(w = (1, 2), b = 1, x = (%g, %g)) returned %d, expected %d"
                       " (z = b + w . x = %g)", cases[k].x[0], cases[k].x[1], got, cases[k].want,
                       b + w[0] * cases[k].x[0] + w[1] * cases[k].x[1]);
    }
}

GRADED_TEST(ch01, predict_returns_one_exactly_on_the_boundary)
{
    const double w[2] = { 0.5, 0.25 }, b = -1.0, x[2] = { 1.0, 2.0 };   // z = 0.5 + 0.5 - 1 = 0
    int got = predict(w, b, x, 2);
    if (got != 1)
        grade_fail("perceptron_predict(w = (0.5, 0.25), b = -1, x = (1, 2)) returned %d, expected 1:"
                   " z = 0 exactly, and a point on the boundary is class 1 (z >= 0, not z > 0)", got);
    const double w0[3] = { 0.0, 0.0, 0.0 }, x0[3] = { 3.0, -1.0, 2.0 };
    got = predict(w0, 0.0, x0, 3);
    if (got != 1)
        grade_fail("perceptron_predict with all-zero weights and bias returned %d, expected 1"
                   " (z = 0 is class 1)", got);
}

GRADED_TEST(ch01, predict_uses_every_feature)
{
    // Only the last of five features is weighted: code that stops early sees z = b < 0.
    const double w[5] = { 0.0, 0.0, 0.0, 0.0, 1.0 }, b = -0.5;
    const double x[5] = { 9.0, 9.0, 9.0, 9.0, 1.0 };
    int got = predict(w, b, x, 5);
    if (got != 1)
        grade_fail("perceptron_predict with D = 5, w = (0, 0, 0, 0, 1), b = -0.5, x[4] = 1 returned %d,"
                   " expected 1 (z = 0.5): sum over all D features, not a fixed 2", got);
    const double w2[5] = { 0.0, 0.0, 0.0, 0.0, -1.0 }, b2 = 0.5;
    got = predict(w2, b2, x, 5);
    if (got != 0)
        grade_fail("perceptron_predict with D = 5, w = (0, 0, 0, 0, -1), b = 0.5, x[4] = 1 returned %d,"
                   " expected 0 (z = -0.5)", got);
}

// ---------------------------------------------------------------- perceptron_update

GRADED_TEST(ch01, update_leaves_a_correctly_classified_example_alone)
{
    expect_predict(NEEDS_PREDICT);
    double w[2] = { 1.0, 2.0 }, b = 1.0;
    const double x[2] = { 2.0, 1.0 }, same[2] = { 1.0, 2.0 };   // z = 5: class 1, and y = 1
    int r = perceptron_update(w, &b, x, 1, 0.5, 2);
    expect_update("for a correctly classified example", r, 0, w, same, b, 1.0, 2);
    const double x0[2] = { -3.0, -1.0 };                        // z = -4: class 0, and y = 0
    r = perceptron_update(w, &b, x0, 0, 0.5, 2);
    expect_update("for a correctly classified example", r, 0, w, same, b, 1.0, 2);
}

GRADED_TEST(ch01, update_moves_the_line_towards_a_missed_positive)
{
    expect_predict(NEEDS_PREDICT);
    // z = 0.5 - 2 - 0.25 = -1.75: predicted 0, label 1. y - p = +1, so w += lr x, b += lr.
    double w[2] = { 0.5, -1.0 }, b = -0.25;
    const double x[2] = { 1.0, 2.0 }, want[2] = { 1.0, 0.0 };
    int r = perceptron_update(w, &b, x, 1, 0.5, 2);
    expect_update("after a missed positive (lr 0.5)", r, 1, w, want, b, 0.25, 2);
}

GRADED_TEST(ch01, update_moves_the_line_away_from_a_missed_negative)
{
    expect_predict(NEEDS_PREDICT);
    // z = 1 + 0.5 + 0.5 = 2: predicted 1, label 0. y - p = -1, so w -= lr x, b -= lr.
    double w[2] = { 0.5, 0.25 }, b = 0.5;
    const double x[2] = { 2.0, 2.0 }, want[2] = { -0.5, -0.75 };
    int r = perceptron_update(w, &b, x, 0, 0.5, 2);
    expect_update("after a missed negative (lr 0.5)", r, 1, w, want, b, 0.0, 2);
}

GRADED_TEST(ch01, update_scales_its_step_by_the_learning_rate)
{
    expect_predict(NEEDS_PREDICT);
    // The same missed positive with lr 0.25 and with lr 2: the step is lr times (y - p) x.
    double w[3] = { 0.5, -1.0, 0.0 }, b = -0.25;
    const double x[3] = { 1.0, 2.0, -4.0 }, want[3] = { 0.75, -0.5, -1.0 };
    int r = perceptron_update(w, &b, x, 1, 0.25, 3);
    expect_update("after a missed positive (lr 0.25)", r, 1, w, want, b, 0.0, 3);
    double v[3] = { 0.5, -1.0, 0.0 }, c = -0.25;
    const double want2[3] = { 2.5, 3.0, -8.0 };
    r = perceptron_update(v, &c, x, 1, 2.0, 3);
    expect_update("after a missed positive (lr 2)", r, 1, v, want2, c, 1.75, 3);
}

GRADED_TEST(ch01, update_counts_a_point_on_the_boundary_as_class_one)
{
    expect_predict(NEEDS_PREDICT);
    // z = 0 exactly: the perceptron says 1. With label 0 that is a mistake; with label 1 it is not.
    double w[2] = { 0.5, 0.25 }, b = -1.0;
    const double x[2] = { 1.0, 2.0 };
    const double moved[2] = { 0.0, -0.75 }, kept[2] = { 0.5, 0.25 };
    int r = perceptron_update(w, &b, x, 1, 0.5, 2);
    expect_update("for label 1 on the boundary", r, 0, w, kept, b, -1.0, 2);
    r = perceptron_update(w, &b, x, 0, 0.5, 2);
    expect_update("for label 0 on the boundary", r, 1, w, moved, b, -1.5, 2);
}

// ---------------------------------------------------------------- perceptron_train

// Six points that the line x1 + 2 x2 + 1 = 0 separates; from w = 0, b = 0 with lr 1 the
// perceptron needs six epochs, and its mistakes go 2 1 1 2 1 0 (not monotone).
static const double SIX_X[12] = { 0, -0.5, -1.5, 1, -1.5, -1, 2, -2, 2, 2, -2, -1 };
static const int SIX_Y[6] = { 1, 1, 0, 0, 1, 0 };

static void expect_history(const char *setup, int epochs, const int *mistakes, int want_epochs,
                           const int *want, int max_epochs)
{
    char got_s[256] = "", want_s[256] = "";
    int shown = epochs < 0 ? 0 : epochs > max_epochs ? max_epochs : epochs;
    for (int e = 0; e < shown; e++)
        snprintf(got_s + strlen(got_s), sizeof got_s - strlen(got_s), " %d", mistakes[e]);
    for (int e = 0; e < want_epochs; e++)
        snprintf(want_s + strlen(want_s), sizeof want_s - strlen(want_s), " %d", want[e]);
    int same = epochs == want_epochs;
    for (int e = 0; same && e < want_epochs; e++)
        same = mistakes[e] == want[e];
    if (!same)
        grade_fail("perceptron_train %s returned %d epochs with mistakes per epoch [%s ],"
                   " expected %d epochs: [%s ] (visit n = 0 .. N-1 in order, count the updates of each"
                   " epoch, stop after the first epoch with 0)", setup, epochs, got_s, want_epochs,
                   want_s);
}

GRADED_TEST(ch01, train_records_mistakes_per_epoch_and_stops_after_a_clean_one)
{
    expect_predict(NEEDS_PREDICT);
    grade_expect_dependency(g1_update_works(), "perceptron_update", NEEDS_UPDATE);
    double w[2] = { 0.0, 0.0 }, b = 0.0;
    int mistakes[50];
    for (int e = 0; e < 50; e++)
        mistakes[e] = -7;   // so that an entry never written shows
    int epochs = perceptron_train(w, &b, mistakes, SIX_X, SIX_Y, 6, 2, 1.0, 50);
    grade_expect_implemented(epochs != -1 && !isnan(w[0]), "perceptron_train");
    const int want[6] = { 2, 1, 1, 2, 1, 0 };
    expect_history("on six points from w = 0, b = 0, lr 1", epochs, mistakes, 6, want, 50);
    const double w_want[2] = { 1.0, 2.0 };
    for (int i = 0; i < 2; i++)
        grade_expect_close(w[i], w_want[i], 1e-12, "perceptron_train", i ? "w[1] at the end" : "w[0] at the end");
    grade_expect_close(b, 1.0, 1e-12, "perceptron_train", "b at the end");
}

GRADED_TEST(ch01, train_starts_from_the_weights_it_is_given_and_uses_the_learning_rate)
{
    expect_predict(NEEDS_PREDICT);
    grade_expect_dependency(g1_update_works(), "perceptron_update", NEEDS_UPDATE);
    double w[2] = { 0.5, -0.25 }, b = 0.25;
    int mistakes[50];
    int epochs = perceptron_train(w, &b, mistakes, SIX_X, SIX_Y, 6, 2, 0.5, 50);
    grade_expect_implemented(epochs != -1 && !isnan(w[0]), "perceptron_train");
    const int want[5] = { 2, 2, 2, 1, 0 };
    expect_history("on six points from w = (0.5, -0.25), b = 0.25, lr 0.5", epochs, mistakes, 5,
                   want, 50);
    grade_expect_close(w[0], 0.25, 1e-12, "perceptron_train", "w[0] at the end");
    grade_expect_close(w[1], 1.5, 1e-12, "perceptron_train", "w[1] at the end");
    grade_expect_close(b, 0.75, 1e-12, "perceptron_train", "b at the end");
}

GRADED_TEST(ch01, train_stops_after_max_epochs_when_no_epoch_is_clean)
{
    expect_predict(NEEDS_PREDICT);
    grade_expect_dependency(g1_update_works(), "perceptron_update", NEEDS_UPDATE);
    // The same run as above cut at three epochs: all three have mistakes.
    double w[2] = { 0.5, -0.25 }, b = 0.25;
    int mistakes[4] = { -7, -7, -7, -7 };
    int epochs = perceptron_train(w, &b, mistakes, SIX_X, SIX_Y, 6, 2, 0.5, 3);
    grade_expect_implemented(epochs != -1 && !isnan(w[0]), "perceptron_train");
    const int want[3] = { 2, 2, 2 };
    expect_history("on six points with max_epochs = 3", epochs, mistakes, 3, want, 4);
    if (mistakes[3] != -7)
        grade_fail("perceptron_train with max_epochs = 3 wrote mistakes[3]: it may write only"
                   " mistakes[0 .. max_epochs-1]");
    grade_expect_close(w[1], 1.75, 1e-12, "perceptron_train", "w[1] after 3 epochs");
    // XOR: no line separates it, so the perceptron cycles until the limit.
    const double X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    const int y[4] = { 0, 1, 1, 0 };
    double v[2] = { 0.0, 0.0 }, c = 0.0;
    int m[20];
    epochs = perceptron_train(v, &c, m, X, y, 4, 2, 1.0, 20);
    if (epochs != 20)
        grade_fail("perceptron_train on XOR with max_epochs = 20 returned %d: XOR is not linearly"
                   " separable, so no epoch is clean and it must run all 20", epochs);
    for (int e = 0; e < 20; e++)
        if (m[e] < 1 || m[e] > 4)
            grade_fail("perceptron_train on XOR recorded %d mistakes in epoch %d: expected 1 to 4"
                       " (there are 4 examples, and XOR cannot be learned)", m[e], e);
}

GRADED_TEST(ch01, train_separates_the_will_i_pass_data)
{
    expect_predict(NEEDS_PREDICT);
    grade_expect_dependency(g1_update_works(), "perceptron_update", NEEDS_UPDATE);
    // 200 students, separable with margin 0.3 by a line that misses the origin: the bias must
    // learn too. The perceptron convergence theorem bounds the mistakes; 1000 epochs is ample.
    Rng rng;
    rng_seed(&rng, 2024, 1);
    Dataset ds = { 0 };
    if (data_pass(&ds, 200, 0.3, &rng) != 0)
        grade_fail("internal: data_pass failed");
    double w[2] = { 0.0, 0.0 }, b = 0.0;
    int *mistakes = malloc(1000 * sizeof *mistakes);
    int epochs = perceptron_train(w, &b, mistakes, ds.x, ds.y, ds.n, 2, 1.0, 1000);
    grade_expect_implemented(epochs != -1 && !isnan(w[0]), "perceptron_train");
    if (epochs < 1 || epochs >= 1000 || mistakes[epochs - 1] != 0)
        grade_fail("perceptron_train on 200 separable points did not reach a clean epoch in 1000"
                   " (returned %d): the data are separable, so it must converge", epochs);
    int wrong = 0;
    for (int n = 0; n < ds.n; n++) {
        double z = b + w[0] * ds.x[2 * n] + w[1] * ds.x[2 * n + 1];
        wrong += (z >= 0.0) != (ds.y[n] == 1);
    }
    if (wrong)
        grade_fail("after perceptron_train reported a clean epoch, %d of 200 points are on the wrong"
                   " side of w = (%g, %g), b = %g", wrong, w[0], w[1], b);
    free(mistakes);
    dataset_free(&ds);
}
