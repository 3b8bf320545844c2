/* 01_perceptron.c -- the numbers of chapters/01-perceptron/notes.md, recomputed from the
 * reference perceptron (see facts.h). The data are the grader's: 200 students of data_pass
 * (seed 2024, stream 1, margin 0.3), the six points of its training tests, the worked update
 * of its test update_moves_the_line_towards_a_missed_positive, and XOR.
 * Not here on purpose: anything the notes do not state.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "facts.h"
#include "perceptron.h"

enum { MAX_EPOCHS = 1000 };
static const double PI = 3.14159265358979323846;

// The grader's six points and their labels (grader/01_perceptron.c).
static const double SIX_X[12] = { 0, -0.5, -1.5, 1, -1.5, -1, 2, -2, 2, 2, -2, -1 };
static const int SIX_Y[6] = { 1, 1, 0, 0, 1, 0 };

// The pass rule x1 + 2 x2 + 1 > 0, as a perceptron: w = (1, 2), b = 1.
static const double RULE_W[2] = { 1.0, 2.0 }, RULE_B = 1.0;

// "a, b, c" of the first n entries of h, into buf.
static const char *list(char *buf, size_t cap, const int *h, int n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%d", i ? ", " : "", h[i]);
    return buf;
}

// Trains from (w, b) with rate lr; the mistakes per epoch into h; returns the epochs run.
static int train(double w[2], double *b, int *h, const double *X, const int *y, int N, double lr,
                 int max_epochs)
{
    int epochs = perceptron_train(w, b, h, X, y, N, 2, lr, max_epochs);
    if (epochs < 1)
        facts_die("perceptron_train failed (lr %g)", lr);
    return epochs;
}

// The fewest points a line through the origin gets wrong. The count changes only where the
// line turns past a point, so the angles just before, at and just after each such turn cover
// every case.
static int best_through_origin(const Dataset *ds)
{
    int best = ds->n;
    for (int k = 0; k < ds->n; k++)
        for (int side = -1; side <= 1; side += 2)
            for (int nudge = -1; nudge <= 1; nudge++) {
                double a = atan2(ds->x[2 * k + 1], ds->x[2 * k]) + side * PI / 2 + nudge * 1e-9;
                double w[2] = { cos(a), sin(a) };
                int wrong = 0;
                for (int n = 0; n < ds->n; n++)
                    wrong += perceptron_predict(w, 0.0, ds->x + 2 * n, 2) != ds->y[n];
                best = wrong < best ? wrong : best;
            }
    return best;
}

// z of the pass rule at x, as the notes add it up: "x1-term + x2-term + 1".
static void pass_example(const char *name, const double x[2], const char *verdict)
{
    double t1 = RULE_W[0] * x[0], t2 = RULE_W[1] * x[1], z = t1 + t2 + RULE_B;
    fact(name, "$\\mathbf{x} = (%g, %g)$ and $%g %s %g + %g = %g%s", x[0], x[1], t1,
         t2 < 0 ? "-" : "+", fabs(t2), RULE_B, z, verdict);
}

static void the_rule(void)
{
    const double ana[2] = { 2, 1 }, ben[2] = { -3, -1 };
    pass_example("ana", ana, " > 0$, a pass");
    pass_example("ben", ben, "$, a fail");
    double s = -RULE_B / sqrt(RULE_W[0] * RULE_W[0] + RULE_W[1] * RULE_W[1]);
    fact("rule_s", "$s = -1/\\sqrt{5} \\approx %s$", num(s, 2));
    fact("rule_miss", "the true one misses it by %s", num(-s, 2));
}

// The test's worked update, and what two planted bugs make of it.
static void one_update(void)
{
    double w[2] = { 0.5, -1.0 }, b = -0.25, lr = 0.5;
    const double x[2] = { 1.0, 2.0 };
    const int y = 1;
    double z = b + w[0] * x[0] + w[1] * x[1];
    fact("update_given", "Take $\\mathbf{w} = (%g, %g)$, $b = %g$, $\\alpha = %g$, and the example "
         "$\\mathbf{x} = (%g, %g)$ with $y = %d$", w[0], w[1], b, lr, x[0], x[1], y);
    fact("update_z", "z &= %g \\cdot %g + (%g) \\cdot %g - %g = %g < 0", w[0], x[0], w[1], x[1], -b, z);
    double w0[2] = { w[0], w[1] }, b0 = b;
    if (perceptron_update(w, &b, x, y, lr, 2) != 1)
        facts_die("the worked update did not update");
    fact("update_w", "\\mathbf{w} &\\leftarrow (%g, %g) + %g\\,(%g, %g) = (%g, %g);", w0[0], w0[1], lr,
         x[0], x[1], w[0], w[1]);
    fact("update_b", "b &\\leftarrow %g + %g = %g.", b0, lr, b);
    double znew = b + w[0] * x[0] + w[1] * x[1];
    fact("update_check", "$%g \\cdot %g + %g \\cdot %g + %g = %g = %g + %g\\,(%g + 1)$", w[0], x[0],
         w[1], x[1], b, znew, z, lr, x[0] * x[0] + x[1] * x[1]);
    fact("update_flipped", "`w[0]` is %g instead of %g", w0[0] - lr * x[0], w[0]);
    fact("update_nobias", "%g is the bias the test started from", b0);
}

static void six_points(void)
{
    char buf[256], pts[256] = "";
    for (int n = 0; n < 6; n++)
        snprintf(pts + strlen(pts), sizeof pts - strlen(pts), "%s$(%g, %g)$", n ? ", " : "",
                 SIX_X[2 * n], SIX_X[2 * n + 1]);
    int h[MAX_EPOCHS];
    double w[2] = { 0, 0 }, b = 0;
    int epochs = train(w, &b, h, SIX_X, SIX_Y, 6, 1.0, MAX_EPOCHS);
    int labels[6];
    memcpy(labels, SIX_Y, sizeof labels);
    char lab[64];
    fact("six", "points %s, labelled %s, from zero weights with $\\alpha = 1$, the mistakes per "
         "epoch are %s", pts, list(lab, sizeof lab, labels, 6), list(buf, sizeof buf, h, epochs));
    fact("six_reset", "%s instead of", buf);
    // A counter never reset: the running totals.
    int run[MAX_EPOCHS], total = 0;
    for (int e = 0; e < epochs; e++)
        run[e] = total += h[e];
    fact("six_counter", "One counter for the whole run gives %s, ...", list(buf, sizeof buf, run, epochs));
    fact("six_early", "reports %d epochs where there were %d", epochs - 1, epochs);

    // The first epoch by hand: where the mistakes are, and where it ends.
    double v[2] = { 0, 0 }, c = 0;
    int where[6], k = 0, on_line = -1;
    for (int n = 0; n < 6; n++) {
        double z = c + v[0] * SIX_X[2 * n] + v[1] * SIX_X[2 * n + 1];
        if (perceptron_update(v, &c, SIX_X + 2 * n, SIX_Y[n], 1.0, 2)) {
            if (z == 0.0 && k > 0)
                on_line = k;
            where[k++] = n;
        }
    }
    if (k != 2 || on_line != 1)
        facts_die("the first epoch on the six points is not as the notes tell it");
    fact("six_first", "mistakes at $n = %d$ and $n = %d$ (the second with $z = 0$ exactly) and end "
         "with $\\mathbf{w} = (%g, %g)$, $b = %g$", where[0], where[1], v[0], v[1], c);

    // In double, 0.1 breaks a tie the other way.
    double u[2] = { 0, 0 }, d = 0;
    int e01 = train(u, &d, h, SIX_X, SIX_Y, 6, 0.1, MAX_EPOCHS);
    fact("six_tenth", "$\\alpha = 0.1$ takes %d epochs instead of %d", e01, epochs);

    // From non-zero weights the rate matters.
    const double lrs[2] = { 0.5, 1.0 };
    char hist[2][128];
    for (int i = 0; i < 2; i++) {
        double s[2] = { 0.5, -0.25 }, bs = 0.25;
        int es = train(s, &bs, h, SIX_X, SIX_Y, 6, lrs[i], MAX_EPOCHS);
        list(hist[i], sizeof hist[i], h, es);
    }
    fact("six_from_w", "$\\mathbf{w} = (0.5, -0.25)$, $b = 0.25$, rate %g gives %s and rate %g gives %s",
         lrs[0], hist[0], lrs[1], hist[1]);
    fact("six_expects", "expects %s, not %s", hist[0], hist[1]);
    fact("six_reset_want", "instead of %s", hist[0]);
}

static void pass_data(void)
{
    Rng rng;
    rng_seed(&rng, 2024, 1);
    Dataset ds = { 0 };
    const double margin = 0.3;
    if (data_pass(&ds, 200, margin, &rng) != 0)
        facts_die("data_pass failed");
    fact("pass_margin", "at least %g (in the grader's data) from the true line", margin);
    fact("origin_best", "On the grader's %d students the best line through the origin still "
         "misclassifies %d", ds.n, best_through_origin(&ds));

    // The convergence theorem's numbers: R^2 = max |x~|^2, and the true line's margin.
    double R2 = 0.0, gamma = INFINITY, norm_u = sqrt(1.0 + 4.0 + 1.0);
    for (int n = 0; n < ds.n; n++) {
        double x1 = ds.x[2 * n], x2 = ds.x[2 * n + 1];
        double r2 = x1 * x1 + x2 * x2 + 1.0, t = 2 * ds.y[n] - 1;
        double m = t * (x1 + 2 * x2 + 1) / norm_u;
        R2 = r2 > R2 ? r2 : R2;
        gamma = m < gamma ? m : gamma;
    }
    int h[MAX_EPOCHS], total = 0;
    char buf[256];
    double w[2] = { 0, 0 }, b = 0;
    int epochs = train(w, &b, h, ds.x, ds.y, ds.n, 1.0, MAX_EPOCHS);
    for (int e = 0; e < epochs; e++)
        total += h[e];
    fact("theorem_r2", "For the grader's %d students, the largest "
         "$\\lVert\\tilde{\\mathbf{x}}_n\\rVert^2$ is about %s", ds.n, num(R2, 3));
    fact("theorem_gamma", "has margin about %s (a little under %g", num(gamma, 3), margin);
    fact("theorem_bound", "The bound allows about %.0f mistakes", R2 / (gamma * gamma));
    fact("theorem_run", "the run from zero makes %d, in %d epochs (%s)", total, epochs,
         list(buf, sizeof buf, h, epochs));

    // From zero, the rate changes nothing.
    const double rates[3] = { 0.01, 1.0, 10.0 };
    char first[256] = "";
    for (int k = 0; k < 3; k++) {
        double v[2] = { 0, 0 }, c = 0;
        int ek = train(v, &c, h, ds.x, ds.y, ds.n, rates[k], MAX_EPOCHS);
        list(buf, sizeof buf, h, ek);
        if (k == 0)
            snprintf(first, sizeof first, "%s", buf);
        else if (strcmp(first, buf) != 0)
            facts_die("rate %g gives %s, rate %g gives %s", rates[0], first, rates[k], buf);
    }
    fact("rates_same", "rates %g, %g and %g all give %s", rates[0], rates[1], rates[2], first);
    fact("rates_tenth", "a rate like %g rounds", 0.1);
    dataset_free(&ds);
}

static void xor_cycle(void)
{
    const double X[8] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    const int y[4] = { 0, 1, 1, 0 };
    double w[2] = { 0, 0 }, b = 0;
    int h[5];
    double end[5][3];
    for (int e = 0; e < 5; e++) {
        train(w, &b, h + e, X, y, 4, 1.0, 1);
        end[e][0] = w[0], end[e][1] = w[1], end[e][2] = b;
    }
    for (int e = 2; e < 5; e++)
        if (memcmp(end[e], end[1], sizeof end[1]) != 0)
            facts_die("XOR does not cycle from the third epoch");
    char buf[64];
    fact("xor_cycle", "From zero weights with $\\alpha = 1$ the mistakes per epoch are %s, ...; from "
         "the third epoch on, each epoch ends where it began, at $\\mathbf{w} = (%g, %g)$, $b = %g$",
         list(buf, sizeof buf, h, 5), end[1][0], end[1][1], end[1][2]);
    // With x1 x2 as a third input, these weights get all four right.
    const double v[3] = { 1, 1, -2 }, c = -0.5;
    for (int n = 0; n < 4; n++) {
        double x3[3] = { X[2 * n], X[2 * n + 1], X[2 * n] * X[2 * n + 1] };
        if (perceptron_predict(v, c, x3, 3) != y[n])
            facts_die("the hand-made feature gets XOR point %d wrong", n);
    }
    fact("xor_feature", "weights $(%g, %g, %g)$ and $b = %g$ get all four points right", v[0], v[1], v[2], c);
}

int main(void)
{
    the_rule();
    one_update();
    six_points();
    pass_data();
    xor_cycle();
    return 0;
}
