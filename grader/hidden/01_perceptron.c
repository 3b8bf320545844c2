/* hidden/01_perceptron.c -- chapter 1's tests that run only at submission.
 *
 * Randomised versions of the visible tests: many draws, other dimensions, other learning
 * rates, so that code tuned to the visible fixtures does not pass. The expected values are
 * computed here from the definitions (a dot product, one step of the rule), never from the
 * reference solution. Never shipped to students.
 */
#include <math.h>
#include <stdlib.h>

#include "data.h"
#include "grade.h"
#include "perceptron.h"

// The probes of grader/01_perceptron.c: a test that builds on an exercise checks it first.
int g1_predict_works(void);
int g1_update_works(void);

static int predict_probe(void *ctx, char *why, size_t cap)
{
    (void)ctx;
    if (g1_predict_works())
        return 1;
    snprintf(why, cap, "perceptron_update asks it for the class of every example, and this test"
             " failed (see its tests)");
    return 0;
}

GRADED_TEST(ch01, predict_agrees_with_the_activation_on_random_points)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 11);
    double w[8], x[8];
    for (int trial = 0; trial < 2000; trial++) {
        int D = 1 + (int)rng_below(&rng, 8);
        double b = rng_range(&rng, -2, 2), z = b;
        for (int i = 0; i < D; i++) {
            w[i] = rng_range(&rng, -2, 2);
            x[i] = rng_range(&rng, -3, 3);
            z += w[i] * x[i];
        }
        if (fabs(z) < 1e-9)
            continue;   // too close to call in another summation order
        int got = perceptron_predict(w, b, x, D);
        grade_expect_implemented(got != -1, "perceptron_predict");
        if (got != (z >= 0))
            grade_fail("perceptron_predict returned %d for a random point with D = %d where"
                       " z = %.6g (expected %d)", got, D, z, z >= 0);
    }
}

GRADED_TEST(ch01, update_follows_the_rule_on_random_examples)
{
    grade_on_failure_expect("perceptron_predict", predict_probe, NULL);
    Rng rng;
    rng_seed(&rng, 0x5eed, 12);
    double w[6], want[6], x[6];
    for (int trial = 0; trial < 500; trial++) {
        int D = 1 + (int)rng_below(&rng, 6), y = (int)rng_below(&rng, 2);
        double b = rng_range(&rng, -1, 1), lr = rng_range(&rng, 0.01, 3), z = b;
        for (int i = 0; i < D; i++) {
            w[i] = want[i] = rng_range(&rng, -2, 2);
            x[i] = rng_range(&rng, -3, 3);
            z += w[i] * x[i];
        }
        if (fabs(z) < 1e-9)
            continue;
        int p = z >= 0, updated = p != y;
        double b_want = b + (updated ? lr * (y - p) : 0.0);
        for (int i = 0; i < D; i++)
            want[i] += updated ? lr * (y - p) * x[i] : 0.0;
        int r = perceptron_update(w, &b, x, y, lr, D);
        grade_expect_implemented(r != -1, "perceptron_update");
        if (r != updated)
            grade_fail("perceptron_update returned %d for a random example (D = %d, y = %d, z = %.6g),"
                       " expected %d", r, D, y, z, updated);
        for (int i = 0; i < D; i++)
            grade_expect_close(w[i], want[i], 1e-12, "perceptron_update", "a weight on a random example");
        grade_expect_close(b, b_want, 1e-12, "perceptron_update", "the bias on a random example");
    }
}

GRADED_TEST(ch01, train_separates_random_separable_data_in_higher_dimensions)
{
    grade_on_failure_expect("perceptron_predict", predict_probe, NULL);
    grade_expect_dependency(g1_update_works(), "perceptron_update", "perceptron_train calls it for"
                            " every example (see its tests)");
    Rng rng;
    rng_seed(&rng, 0x5eed, 13);
    enum { N = 120, DMAX = 6, EPOCHS = 5000 };
    double X[N * DMAX], truth[DMAX], w[DMAX];
    int y[N], *mistakes = malloc(EPOCHS * sizeof *mistakes);
    for (int D = 3; D <= DMAX; D++) {
        // A random hyperplane with a bias; points closer than 0.2 to it are redrawn.
        double norm = 0.0, b_true = rng_range(&rng, -1, 1);
        for (int i = 0; i < D; i++) {
            truth[i] = rng_range(&rng, -1, 1);
            norm += truth[i] * truth[i];
        }
        norm = sqrt(norm);
        for (int n = 0; n < N; n++) {
            double z;
            do {
                z = b_true;
                for (int i = 0; i < D; i++) {
                    X[n * D + i] = rng_range(&rng, -4, 4);
                    z += truth[i] * X[n * D + i];
                }
            } while (fabs(z) / norm < 0.2);
            y[n] = z > 0;
        }
        for (int i = 0; i < D; i++)
            w[i] = 0.0;
        double b = 0.0;
        int epochs = perceptron_train(w, &b, mistakes, X, y, N, D, 0.1, EPOCHS);
        grade_expect_implemented(epochs != -1, "perceptron_train");
        if (epochs < 1 || epochs > EPOCHS || mistakes[epochs - 1] != 0)
            grade_fail("perceptron_train on separable data with D = %d returned %d epochs without"
                       " a clean last epoch", D, epochs);
        for (int n = 0; n < N; n++) {
            double z = b;
            for (int i = 0; i < D; i++)
                z += w[i] * X[n * D + i];
            if ((z >= 0) != y[n])
                grade_fail("after perceptron_train (D = %d) example %d is still misclassified", D, n);
        }
    }
    free(mistakes);
}
