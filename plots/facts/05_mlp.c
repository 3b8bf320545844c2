/* 05_mlp.c -- the numbers of chapters/05-mlp/notes.md, recomputed from the reference forward
 * pass (see facts.h), with the grader's hand-worked layer and 2-3-1 network, and networks
 * trained by chapter 6's reference as the figures' networks were (train.h); two Playground demos
 * for their predict-then-check prompts.
 * Not here on purpose: anything the notes do not state.
 */
// @needs 06_backprop.c
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../experiments/05_polygons.h"
#include "facts.h"
#include "mlp.h"
#include "pgsim.h"
#include "train.h"

// A rows x cols matrix (row-major) in TeX: \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}
static const char *pmatrix(char *buf, size_t cap, const double *a, int rows, int cols)
{
    size_t n = (size_t)snprintf(buf, cap, "\\begin{pmatrix} ");
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            n += (size_t)snprintf(buf + n, cap - n, "%g%s", a[r * cols + c],
                                  c < cols - 1 ? " & " : r < rows - 1 ? " \\\\ " : " \\end{pmatrix}");
    return buf;
}

static void one_layer(void)
{
    const double X[6] = { 1, 2, 3, -1, 0, 1 }, W[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 }, b[2] = { 0.25, 1 };
    double Z[4];
    linear_forward(Z, X, W, b, 2, 3, 2);
    char bx[256], bw[256], bb[128], bz[256];
    fact("layer_x", "$$X = %s,\\quad", pmatrix(bx, sizeof bx, X, 2, 3));
    fact("layer_w", "W = %s,\\quad", pmatrix(bw, sizeof bw, W, 2, 3));
    fact("layer_b", "\\mathbf{b} = %s \\quad\\Longrightarrow\\quad", pmatrix(bb, sizeof bb, b, 2, 1));
    fact("layer_z", "Z = %s.$$", pmatrix(bz, sizeof bz, Z, 2, 2));
    fact("layer_check", "$%g + %g \\cdot %g + %g \\cdot %g + %g \\cdot %g = %g$", b[0], W[0], X[0], W[1], X[1],
         W[2], X[2], Z[0]);
}

// The grader's 2-3-1 relu network, worked by hand.
static void by_hand(void)
{
    const int sizes[3] = { 2, 3, 1 };
    const double w0[6] = { 1, -1, 0.5, 0.5, -1, 0 }, b0[3] = { 0.5, 0, 1 };
    const double w1[3] = { 2, -1, 0.5 }, b1[1] = { -0.25 };
    Rng rng;
    rng_seed(&rng, 1, 1);
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_RELU, 2, &rng) != 0)
        facts_die("mlp_init failed");
    memcpy(m.weight[0], w0, sizeof w0), memcpy(m.bias[0], b0, sizeof b0);
    memcpy(m.weight[1], w1, sizeof w1), memcpy(m.bias[1], b1, sizeof b1);
    char a[256], b[128], c[128];
    fact("hand_w0", "$$W^{(0)} = %s, \\quad", pmatrix(a, sizeof a, w0, 3, 2));
    fact("hand_b0", "\\mathbf{b}^{(0)} = %s, \\quad", pmatrix(b, sizeof b, b0, 3, 1));
    fact("hand_w1", "W^{(1)} = %s, \\quad b^{(1)} = %g.$$", pmatrix(c, sizeof c, w1, 1, 3), b1[0]);
    const double X[4] = { 1, 2, -1, 0.5 };
    for (int n = 0; n < 2; n++) {
        const double *x = X + 2 * n;
        double z[3], h[3];
        for (int k = 0; k < 3; k++) {
            z[k] = b0[k] + w0[2 * k] * x[0] + w0[2 * k + 1] * x[1];
            h[k] = z[k] > 0 ? z[k] : 0;
        }
        double logit = mlp_forward(&m, x, 1)[0];
        if (n == 0) {
            if (z[2] != 0.0)
                facts_die("unit 3 is not on the kink");
            fact("hand_first", "For $\\mathbf{x} = (%g, %g)$ the hidden sums are $\\mathbf{z}^{(0)} = (%g, %g, %g)$, "
                 "the relu keeps $\\mathbf{h} = (%g, %g, %g)$, and the logit is $%g \\cdot %g - %g \\cdot %g + %g "
                 "\\cdot %g - %g = %g$", x[0], x[1], z[0], z[1], z[2], h[0], h[1], h[2], w1[0], h[0], -w1[1],
                 h[1], w1[2], h[2], -b1[0], logit);
            fact("mistake_output", "a relu there turns the hand-worked $%g$ into 0", logit);
            fact("check_logits", "(logits $%g$ and $%g$)", logit, mlp_forward(&m, X + 2, 1)[0]);
        } else {
            fact("hand_second", "For $\\mathbf{x} = (%g, %g)$ the sums are $(%g, %g, %g)$, $\\mathbf{h} = (%g, %g, %g)$ "
                 "and the logit is %g", x[0], x[1], z[0], z[1], z[2], h[0], h[1], h[2], logit);
        }
    }
    mlp_free(&m);
}

static void step_units(void)
{
    const double or_b = -0.5, and_b = -1.5, out_b = -0.5;
    fact("xor_units", "$h_1 = \\mathrm{step}(x_1 + x_2 - %g)$, which is OR, and $h_2 = \\mathrm{step}(x_1 + x_2 - %g)$, "
         "which is AND, and let the output be $\\mathrm{step}(h_1 - h_2 - %g)$", -or_b, -and_b, -out_b);
    fact("xor_head", "| $h_1 - h_2 - %g$ | XOR |", -out_b);
    for (int n = 0; n < 4; n++) {
        int x1 = n / 2, x2 = n % 2, h1 = x1 + x2 + or_b >= 0, h2 = x1 + x2 + and_b >= 0;
        double z = h1 - h2 + out_b;
        char key[16];
        snprintf(key, sizeof key, "xor_row_%d", n);
        fact(key, "| %d | %d | %d | %d | $%g$ | %d |", x1, x2, h1, h2, z, z >= 0);
    }
}

static void activations(void)
{
    double s2;
    activation_forward(&s2, (const double[]){ 2.0 }, 1, ACT_SIGMOID);
    double d2 = activation_deriv(ACT_SIGMOID, 2.0);
    fact("sigmoid_2", "$\\sigma(2) = %s$ and $\\sigma'(2) = %s \\cdot %s = %s$", fix(s2, 6), fix(s2, 6),
         fix(1 - s2, 6), fix(d2, 6));
    const double big[4] = { -1000, 1000, -1000, 1000 };
    for (int f = 0; f < 3; f++) {
        double out[4];
        activation_forward(out, big, 4, (Activation)f);
        for (int k = 0; k < 4; k++)
            if (!isfinite(out[k]) || !isfinite(activation_deriv((Activation)f, big[k])))
                facts_die("%s is not finite at %g", activation_name((Activation)f), big[k]);
    }
    if (!isinf(exp(1000.0)))
        facts_die("exp(1000) is finite");
    fact("big_z", "$\\sigma(-%g) = 1/(1 + \\infty) = 0$ is fine", 1000.0);
    fact("big_slope", "for the sigmoid's slope at $z = -%g$", 1000.0);
    fact("big_grader", "The grader tries $|z| = %g$", 1000.0);
    fact("big_mistake", "NaN for $|z| = %g$", 1000.0);
    fact("kink_gap", "at least $%s$ away from it", sci(1e-3, 1));   // grader/06_backprop.c's relu fixtures
}

static int params_of(const int *sizes, int M)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    Mlp m;
    if (mlp_init(&m, sizes, M, ACT_TANH, 1, &rng) != 0)
        facts_die("mlp_init failed");
    int P = m.num_params;
    mlp_free(&m);
    return P;
}

static void network(void)
{
    const int a[3] = { 2, 3, 1 }, b[4] = { 2, 16, 16, 1 }, c[3] = { 64, 32, 10 };
    fact("param_counts", "parameters: %d for 2-3-1, %d for 2-16-16-1, and %d for the capstone's 64-32-10",
         params_of(a, 2), params_of(b, 3), params_of(c, 2));
    fact("glorot_342", "For 3-4-2, $r = \\sqrt{6/7} \\approx %s$ in layer 0 and $\\sqrt{6/6} = %g$ in layer 1",
         fix(sqrt(6.0 / 7), 3), sqrt(6.0 / 6));
    fact("glorot_capstone", "for the capstone's first layer, $r = \\sqrt{6/96} = %g$. (The TensorFlow Playground "
         "uses $U(-%g, %g)$ and biases of %g whatever the layer: for the capstone's %d inputs, twice Glorot's range",
         sqrt(6.0 / 96), 0.5, 0.5, 0.1, 64);
    if (fabs(0.5 / sqrt(6.0 / 96) - 2.0) > 1e-12)
        facts_die("the Playground's range is not twice Glorot's");
    fact("mistake_init", "Write `6.0`. Also caught: drawing column by column, the Playground's $U(-%g, %g)$, "
         "$r$ from the fan-in alone, biases of %g", 0.5, 0.5, 0.1);
}

static void figures(void)
{
    const int circle[3] = { 2, 3, 1 };
    Trained t = train_recipe(data_circle, circle, 2, ACT_TANH, 0.1, 10, 100, 1001, NULL);
    fact("circle_caption", "Black: the network's boundary, $p = %g$", 0.5);
    fact("circle", "it reaches %s on its training points and %s on the held-out half", fix(t.train_acc, 3),
         fix(t.test_acc, 3));
    // One hidden layer of 8 against three, 2000 epochs at lr 0.1, seeds 1 to 10.
    const int one[3] = { 2, 8, 1 }, three[5] = { 2, 8, 8, 8, 1 };
    double tr1 = 0, te1 = 0, tr3 = 0, te3 = 0, worst3 = 1;
    for (int seed = 1; seed <= 10; seed++) {
        Trained a = train_recipe(data_spiral, one, 2, ACT_TANH, 0.1, 10, 2000, (uint64_t)seed, NULL);
        Trained b = train_recipe(data_spiral, three, 4, ACT_TANH, 0.1, 10, 2000, (uint64_t)seed, NULL);
        tr1 += a.train_acc / 10, te1 += a.test_acc / 10, tr3 += b.train_acc / 10, te3 += b.test_acc / 10;
        worst3 = fmin(worst3, b.train_acc);
    }
    fact("spiral_caption", "trained the same way for %d epochs", 2000);
    fact("spiral_mean", "Over 10 training seeds the mean training accuracy is %s with one hidden layer and %s "
         "with three (test accuracy %s and %s)", fix(tr1, 2), fix(tr3, 2), fix(te1, 2), fix(te3, 2));
    fact("spiral_params", "(%d against %d), and it does not always win: one seed of the ten stalled at %s",
         params_of(three, 4), params_of(one, 2), fix(worst3, 2));
}

static void playground(void)
{
    enum { SEEDS = 20 };
    char h[4];
    double acc[5] = { 0 };
    int good[5] = { 0 };
    for (int units = 1; units <= 4; units++) {
        snprintf(h, sizeof h, "%d", units);
        Playground c = { "circle", 0, 50, "x1,x2", h, "tanh", 0.03, 10, "0.50501" };
        for (int s = 1; s <= SEEDS; s++) {
            PgResult r = pg_run(&c, (uint64_t)s, 500);
            acc[units] += r.test_acc / SEEDS;
            good[units] += r.test_acc >= 0.95;
        }
    }
    const Playground c3 = { "circle", 0, 50, "x1,x2", "3", "tanh", 0.03, 10, "0.50501" };
    fact("pg_circle", "[Open it in TensorFlow Playground](%s) with these settings: %s", playground_url(&c3),
         playground_words(&c3));
    fact("pg_circle_check", "*Check:* over %d replays of the Playground's training (`plots/facts/pgsim.c`, 500 "
         "epochs each) the mean test accuracy is %s with 1 unit, %s with 2, %s with 3 and %s with 4; at least "
         "95%% of the test points are right in %d, %d, %d and %d of the %d runs", SEEDS, pct(acc[1], 0),
         pct(acc[2], 0), pct(acc[3], 0), pct(acc[4], 0), good[1], good[2], good[3], good[4], SEEDS);

    const Playground s3 = { "spiral", 0, 50, "x1,x2", "8,8,8", "tanh", 0.03, 10, "0.50502" };
    const Playground s1 = { "spiral", 0, 50, "x1,x2", "8", "tanh", 0.03, 10, "0.50502" };
    double m3 = 0, m1 = 0, lo3 = 1, hi3 = 0, lo1 = 1, hi1 = 0;
    for (int s = 1; s <= SEEDS; s++) {
        PgResult a = pg_run(&s3, (uint64_t)s, 1000), b = pg_run(&s1, (uint64_t)s, 1000);
        m3 += a.test_acc / SEEDS, m1 += b.test_acc / SEEDS;
        lo3 = fmin(lo3, a.test_acc), hi3 = fmax(hi3, a.test_acc);
        lo1 = fmin(lo1, b.test_acc), hi1 = fmax(hi1, b.test_acc);
    }
    if (m3 <= m1 + 0.05)
        facts_die("three hidden layers do not beat one on the spiral (%g against %g)", m3, m1);
    fact("pg_spiral", "[Open it in TensorFlow Playground](%s) with these settings: %s. Then the same with "
         "[one hidden layer of 8 units](%s)", playground_url(&s3), playground_words(&s3), playground_url(&s1));
    fact("pg_spiral_predict", "after %d epochs, which gets more", 1000);
    fact("pg_spiral_check", "*Check:* three, by a wide margin. Over %d replays (`plots/facts/pgsim.c`) the "
         "three hidden layers reach a mean test accuracy of %s after 1000 epochs (%s to %s), one hidden "
         "layer %s (%s to %s)", SEEDS, pct(m3, 0), pct(lo3, 0), pct(hi3, 0), pct(m1, 0), pct(lo1, 0), pct(hi1, 0));
}

// The playground section's settings and its figure's epochs (playground.mk's PG_FIGURE_05):
// settings, copied here as the grader's thresholds are.
static void live_playground(void)
{
    const double lr = 0.03;
    const int figure_epochs = 300;
    fact("pg_lr", "one hidden layer of 3 tanh units, learning rate %g.", lr);
    fact("pg_settings", "{.live-playground settings=\"dataset=circle&networkShape=3&activation=tanh&learningRate=%g\"}", lr);
    fact("pg_figure", "The playground after %d epochs of the reference on the circle", figure_epochs);
}

// The experiment of weights set by hand (make experiment CH=05 E=polygons), as its figure ran.
static void polygons_claim(int holds, const char *what)
{
    if (!holds)
        facts_die("the polygons experiment: %s: does not hold", what);
}

static void polygons(void)
{
    static PolyResult r;
    const PolyConfig *cfg = &POLY_FULL;
    if (poly_run(&r, cfg) != 0)
        facts_die("the polygons experiment did not run");
    poly_claims(&r, polygons_claim);
    int i3 = -1, i8 = -1, i32 = -1, last = r.ns - 1;
    for (int i = 0; i < r.ns; i++) {
        i3 = r.n_lines[i] == 3 ? i : i3;
        i8 = r.n_lines[i] == 8 ? i : i8;
        i32 = r.n_lines[i] == 32 ? i : i32;
    }
    if (i3 < 0 || i8 < 0 || i32 < 0)
        facts_die("the polygons experiment has no 3, 8 or 32 lines");
    fact("poly_k", "every unit with $k = %g$", cfg->k);
    fact("poly_judged", "of the %d and %d grid points farther than %g from an edge", r.judged[0],
         r.judged[1], POLY_MARGIN);
    fact("poly_gon", "%s with 3 lines, %s with 8 and %s with 32", pct(r.gon_excess[i3], 1),
         pct(r.gon_excess[i8], 2), pct(r.gon_excess[i32], 3));
    fact("poly_steep", "With $k = %g$ the regions' areas are the n-gons' to within %s of the disc's",
         cfg->k_steep, pct(0.0005, 2));
    fact("poly_slope", "from 8 to %d lines the gap falls like $n^{%.1f}$", r.n_lines[last], r.slope);
    if (r.excess[0][i32] >= 0 || r.excess[0][last] >= 0)
        facts_die("with k = %g, 32 and %d lines do not fall below the disc", r.k[0], r.n_lines[last]);
    fact("poly_soft", "%s smaller than the disc with 32 lines and %s with %d", pct(-r.excess[0][i32], 2),
         pct(-r.excess[0][last], 2), r.n_lines[last]);
}

int main(void)
{
    one_layer();
    by_hand();
    step_units();
    activations();
    network();
    figures();
    playground();
    live_playground();
    polygons();
    return 0;
}
