#define _POSIX_C_SOURCE 200809L   // mkstemp and fdopen, for a malformed file to read
/* 07_digits.c -- the numbers of chapters/07-digits/notes.md, recomputed from the reference
 * softmax, training and evaluation with chapters 5 and 6's network (see facts.h). The runs are
 * the training test's and the figures' (plots/07_digits.c): split, pixels / 16, 64-32-10 tanh
 * from mlp_init, lr 0.2, batches of 10, everything from rng_seed(seed, 7) in that order.
 * The heaviest driver: about 150 training runs of 30 epochs, a minute on one core.
 * Not here on purpose: anything the notes do not state.
 */
// @needs 05_mlp.c
// @needs 06_backprop.c
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "digits.h"
#include "facts.h"
#include "mlp.h"
#include "softmax.h"

enum { K = DIGITS_CLASSES, D = DIGITS_PIXELS, BUDGET = 30 };
static const double LR = 0.2, GRADER_MIN = 0.95;
static Digits all;

static const char *vec3(char *buf, size_t cap, const double *v, int digits)
{
    snprintf(buf, cap, "(%s, %s, %s)", fix(v[0], digits), fix(v[1], digits), fix(v[2], digits));
    return buf;
}

// A run of the recipe: split from (seed, 7), pixels / 16 unless raw, the sizes' network from
// mlp_init, `epochs` epochs; the test accuracy, and the network when keep is not NULL.
typedef struct {
    Digits train, test;
    Mlp m;
    Rng rng;
} Run;

static void run_start(Run *r, uint64_t seed, int raw, const int *sizes, int M, double perturb)
{
    rng_seed(&r->rng, seed, 7);
    if (digits_split(&r->train, &r->test, &all, 0.25, &r->rng) != 0)
        facts_die("digits_split failed");
    if (!raw) {
        digits_scale(&r->train, 1.0 / DIGITS_MAX_COUNT);
        digits_scale(&r->test, 1.0 / DIGITS_MAX_COUNT);
    }
    if (mlp_init(&r->m, sizes, M, ACT_TANH, r->train.n, &r->rng) != 0)
        facts_die("mlp_init failed");
    if (perturb > 0) {   // every weight times 1 + U(-perturb, perturb), from a generator of its own
        Rng noise;
        rng_seed(&noise, seed, 77);
        for (int k = 0; k < r->m.num_params; k++)
            r->m.params[k] *= 1 + rng_range(&noise, -perturb, perturb);
    }
}

static double accuracy(Mlp *m, const Digits *set)
{
    int *pred = malloc(sizeof(int) * (size_t)set->n), counts[K * K];
    softmax_predict(pred, m, set->x, set->n);
    double a = confusion_matrix(counts, pred, set->y, set->n, K);
    free(pred);
    return a;
}

static void run_end(Run *r)
{
    mlp_free(&r->m);
    digits_free(&r->train), digits_free(&r->test);
}

static double run(uint64_t seed, int raw, const int *sizes, int M, int epochs, double perturb)
{
    Run r;
    run_start(&r, seed, raw, sizes, M, perturb);
    for (int e = 0; e < epochs; e++)
        softmax_train_epoch(&r.m, r.train.x, r.train.y, r.train.n, 10, LR, &r.rng);
    double a = accuracy(&r.m, &r.test);
    run_end(&r);
    return a;
}

static const int NET[3] = { 64, 32, 10 }, LINEAR[2] = { 64, 10 };

static void the_data(void)
{
    int per[K] = { 0 };
    for (int n = 0; n < all.n; n++)
        per[all.y[n]]++;
    int lo = all.n, hi = 0;
    for (int c = 0; c < K; c++)
        lo = per[c] < lo ? per[c] : lo, hi = per[c] > hi ? per[c] : hi;
    if (lo < 170 || hi > 190)
        facts_die("the digits are not about 180 of each");
    fact("count", "the workbook ships its test part, %d images, as `data/digits.csv`", all.n);
    fact("per_digit", "There are $K = %d$ classes, about 180 images of each", K);
    fact("intro_count", "real data: %d small images of handwritten digits", all.n);
    // the licence, as data/README.md states it
    FILE *f = fopen("data/README.md", "r");
    char line[512];
    int licence = 0;
    while (f && fgets(line, sizeof line, f))
        licence |= strstr(line, "(CC BY 4.0)") != NULL;
    if (f)
        fclose(f);
    if (!licence)
        facts_die("data/README.md does not state the licence CC BY 4.0");
    fact("licence", "its licence, CC BY %s", "4.0");

    // The loader's message for a pixel that is not a whole number.
    char path[] = "/tmp/facts_digits_XXXXXX";
    int fd = mkstemp(path);
    FILE *bad = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!bad)
        facts_die("cannot write a temporary file");
    for (int l = 0; l < 3; l++)
        for (int i = 0; i <= D; i++)
            fprintf(bad, "%s%s", l == 2 && i == 16 ? "17.5" : i == D ? "3" : "0", i == D ? "\n" : ",");
    fclose(bad);
    Digits d;
    char err[256];
    if (digits_load(&d, path, err, sizeof err) == 0)
        facts_die("digits_load accepted a pixel of 17.5");
    remove(path);
    const char *msg = strchr(err, ':');
    fact("load_error", "``data/digits.csv%.*s ..", (int)(strstr(msg, " ..") - msg), msg);
    fact("load_error_end", "16, found `17.5` ``");

    Digits train, test;
    Rng rng;
    rng_seed(&rng, 7001, 7);
    digits_split(&train, &test, &all, 0.25, &rng);
    int t_lo = test.n, t_hi = 0, tc[K] = { 0 };
    for (int n = 0; n < test.n; n++)
        tc[test.y[n]]++;
    for (int c = 0; c < K; c++)
        t_lo = tc[c] < t_lo ? tc[c] : t_lo, t_hi = tc[c] > t_hi ? tc[c] : t_hi;
    fact("split", "that is %d images to train on and %d to test on, %d to %d of each digit", train.n, test.n,
         t_lo, t_hi);
    fact("budget_split", "a quarter of each digit held out (%d to train on, %d to test on)", train.n, test.n);
    fact("budget_seed", "seed %d, stream %d, for the split, the weights and every epoch's order", 7001, 7);
    fact("mistake_int", "an accuracy divided in integers (0 below 100%%)");
    fact("budget_steps", "learning rate %g, batches of 10, %d epochs (about %d steps)", LR, BUDGET,
         (int)(round(BUDGET * ceil(train.n / 10.0) / 1000) * 1000));
    fact("curves_gap", "what the network knows about its %d training images", train.n);
    digits_free(&train), digits_free(&test);
}

static void scaling(void)
{
    // The test's run, scaled and raw, epoch by epoch.
    double first = 0, at_budget[2] = { 0, 0 };
    for (int raw = 0; raw < 2; raw++) {
        Run r;
        run_start(&r, 7001, raw, NET, 2, 0);
        for (int e = 1; e <= BUDGET; e++) {
            softmax_train_epoch(&r.m, r.train.x, r.train.y, r.train.n, 10, LR, &r.rng);
            if (e == 1 && !raw)
                first = accuracy(&r.m, &r.test);
        }
        at_budget[raw] = accuracy(&r.m, &r.test);
        run_end(&r);
    }
    double raw_mean = 0, scaled_mean = 0, linear_mean = 0;
    for (uint64_t seed = 7001; seed <= 7010; seed++) {
        raw_mean += run(seed, 1, NET, 2, BUDGET, 0) / 10;
        scaled_mean += run(seed, 0, NET, 2, BUDGET, 0) / 10;
        linear_mean += run(seed, 0, LINEAR, 1, BUDGET, 0) / 10;
    }
    fact("scaling", "With the raw counts the same run jumps about and reaches %s after %d epochs; scaled, it "
         "is at %s after one epoch and %s after %d. Over ten seeds (7001 to 7010, each with its own split and "
         "weights) the raw counts average %s and the scaled pixels %s", pct(at_budget[1], 0), BUDGET,
         pct(first, 0), pct(at_budget[0], 0), BUDGET, pct(raw_mean, 0), pct(scaled_mean, 1));
    fact("scaling_caption", "(same seed, same initial weights, lr %g)", LR);
    fact("intro_98", "After %d epochs, a few tenths of a second, the network reads %s of digits", BUDGET,
         pct(at_budget[0], 0));
    fact("linear", "reaches %s on average with the same budget, against %s with the hidden layer",
         pct(linear_mean, 1), pct(scaled_mean, 1));

    // The grader's threshold: 100 seeds, and 30 runs with perturbed initial weights.
    double worst = 1, p_lo = 1, p_hi = 0;
    for (uint64_t seed = 7001; seed <= 7100; seed++)
        worst = fmin(worst, run(seed, 0, NET, 2, BUDGET, 0));
    for (uint64_t k = 1; k <= 30; k++) {
        Run r;
        run_start(&r, 7001, 0, NET, 2, 0);
        Rng noise;
        rng_seed(&noise, k, 77);
        for (int i = 0; i < r.m.num_params; i++)
            r.m.params[i] *= 1 + rng_range(&noise, -0.01, 0.01);
        for (int e = 0; e < BUDGET; e++)
            softmax_train_epoch(&r.m, r.train.x, r.train.y, r.train.n, 10, LR, &r.rng);
        double a = accuracy(&r.m, &r.test);
        p_lo = fmin(p_lo, a), p_hi = fmax(p_hi, a);
        run_end(&r);
    }
    if (p_lo != p_hi)
        facts_die("perturbed initial weights give %g to %g", p_lo, p_hi);
    int right = (int)round(at_budget[0] * 451);
    fact("reference", "The reference reads %s of the test digits (%d of 451) after those %d epochs", pct(at_budget[0], 0),
         right, BUDGET);
    fact("threshold", "The test asks for %s: over 100 seeds (7001 to 7100, each its own split) the reference never "
         "read fewer than %s, and perturbing its initial weights by up to 1%% left the result at %s",
         pct(GRADER_MIN, 0), pct(floor(worst * 1000) / 1000, 1), pct(p_lo, 0));
}

static void softmax_examples(void)
{
    char a[64], b[96];
    double z1[3] = { 1, 2, 3 }, z2[3] = { 10, 20, 30 }, p1[3], p2[3];
    softmax_forward(p1, z1, 1, 3);
    softmax_forward(p2, z2, 1, 3);
    fact("scaled_up", "$(1, 2, 3)$ gives $%s$, and $(10, 20, 30)$ gives $(%s, %s, %s)$", vec3(a, sizeof a, p1, 2),
         sci(p2[0], 1), sci(p2[1], 1), num(p2[2], 5));
    if (!isinf(exp(710.0)) || exp(-746.0) != 0.0 || isinf(exp(709.0)))
        facts_die("exp overflows or underflows elsewhere");
    fact("exp_limits", "`exp(%d)` is already infinite in `double`, and `exp(-%d)` is 0", 710, 746);
    double big[3] = { 1000, 999, 998 }, small[3] = { 2, 1, 0 }, pb[3], ps[3];
    softmax_forward(pb, big, 1, 3);
    softmax_forward(ps, small, 1, 3);
    if (memcmp(pb, ps, sizeof pb) != 0)
        facts_die("the shifted softmax differs");
    fact("shifted", "For the logits $(%g, %g, %g)$ the shifted logits are $(0, -1, -2)$ and the probabilities "
         "$%s$, exactly as for $(2, 1, 0)$", big[0], big[1], big[2], vec3(b, sizeof b, pb, 3));
    double neg[3] = { -1000, -1001, -1002 }, pn[3];
    softmax_forward(pn, neg, 1, 3);
    if (!(fabs(pn[0] - ps[0]) < 1e-15))
        facts_die("the softmax of negative logits is not the same");
    fact("negative", "for $(%g, %g, %g)$ a maximum that starts at 0 stays 0", neg[0], neg[1], neg[2]);
    double wrong[3] = { 1000, 0, -1000 }, pw[3];
    const int two = 2;
    softmax_forward(pw, wrong, 1, 3);
    double loss = softmax_ce_loss(wrong, &two, 1, 3);
    if (loss != 2000 || pw[2] != 0.0)
        facts_die("the confident mistake costs %g", loss);
    fact("confident", "with logits $(%g, %g, %g)$ and label 2, $p_2 = e^{-%g}$ rounds to 0 and $-\\log 0 = \\infty$, "
         "while the true loss is a perfectly finite %g", wrong[0], wrong[1], wrong[2], loss, loss);
    fact("lse", "which gives $%g + \\log(1 + e^{-%g} + e^{-%g}) = %g$, and a loss of $%g - (%g) = %g$", wrong[0],
         wrong[0], loss, wrong[0], wrong[0], wrong[2], loss);
    double wz[3] = { 0, log(2.0), log(3.0) }, pz[3], d[3] = { 0, 0, 0 };
    const int zero = 0;
    softmax_forward(pz, wz, 1, 3);
    fact("worked", "With label 2 the loss is $-\\log(1/2) = \\log 2 = %s$; with label 0 it is $\\log 6 = %s$",
         fix(softmax_ce_loss(wz, &two, 1, 3), 3), fix(softmax_ce_loss(wz, &zero, 1, 3), 3));
    softmax_ce_backward(d, wz, &two, 1, 3);
    fact("worked_grad", "(1/6, 1/3, 1/2 - 1) = (%s, %s, %s)$", fix(d[0], 3), fix(d[1], 3), num(d[2], 3));
    const double eps = 1e-5;
    double up[3] = { wz[0], wz[1], wz[2] + eps };
    double drop = softmax_ce_loss(wz, &two, 1, 3) - softmax_ce_loss(up, &two, 1, 3);
    if (fabs(drop / eps - 0.5) > 1e-5)
        facts_die("raising z_2 lowers the loss by %g", drop);
    fact("worked_check", "raising $z_2$ by $%s$ lowers the loss by $%g \\cdot %s$", sci(eps, 1), -d[2], sci(eps, 1));
    fact("worked_stable", "for $(%g, %g, %g)$, $\\mathbf{p} = (%g, %g, %g)$", wrong[0], wrong[1], wrong[2], pw[0],
         pw[1], pw[2]);
    fact("mistake_shift", "right for small logits, NaN at %g", 1000.0);
    fact("mistake_min", "which overflows on a row as wide as $(%g, %g, -%g)$", 800.0, 0.0, 800.0);
    fact("grader_rows", "and logits of $\\pm %g$", 1000.0);
}

// The figures' runs: the test's run continued to 100 epochs; the same on 134 digits for 300.
static void curves(void)
{
    enum { EPOCHS = 100 };
    Run r;
    run_start(&r, 7001, 0, NET, 2, 0);
    double tr_loss[EPOCHS + 1], te_loss[EPOCHS + 1], tr_acc[EPOCHS + 1], te_acc[EPOCHS + 1];
    double *snapshot = malloc(sizeof(double) * (size_t)r.m.num_params);
    for (int e = 0; e <= EPOCHS; e++) {
        if (e > 0)
            softmax_train_epoch(&r.m, r.train.x, r.train.y, r.train.n, 10, LR, &r.rng);
        tr_loss[e] = softmax_ce_loss(mlp_forward(&r.m, r.train.x, r.train.n), r.train.y, r.train.n, K);
        te_loss[e] = softmax_ce_loss(mlp_forward(&r.m, r.test.x, r.test.n), r.test.y, r.test.n, K);
        tr_acc[e] = accuracy(&r.m, &r.train), te_acc[e] = accuracy(&r.m, &r.test);
        if (e == BUDGET)
            memcpy(snapshot, r.m.params, sizeof(double) * (size_t)r.m.num_params);
    }
    int all_right = 0, best = 0;
    while (tr_acc[all_right] < 1.0)
        all_right++;
    for (int e = 0; e <= EPOCHS; e++)
        best = te_loss[e] < te_loss[best] ? e : best;
    fact("curves", "The training loss falls steadily, to %s at epoch %d and %s at epoch %d, and the training "
         "accuracy reaches 100%% at epoch %d", num(tr_loss[BUDGET], 1), BUDGET, num(tr_loss[EPOCHS], 1), EPOCHS,
         all_right);
    fact("curves_test", "stops, near %s (its lowest is %s, at epoch %d), and the test accuracy settles at %s",
         num(te_loss[EPOCHS], 1), num(te_loss[best], 2), best, pct(te_acc[EPOCHS], 0));
    fact("curves_caption", "The test's run, continued to %d epochs", EPOCHS);

    // The network after the budget: its mistakes, its confidence, its hidden units.
    memcpy(r.m.params, snapshot, sizeof(double) * (size_t)r.m.num_params);
    int *pred = malloc(sizeof(int) * (size_t)r.test.n), counts[K * K];
    softmax_predict(pred, &r.m, r.test.x, r.test.n);
    confusion_matrix(counts, pred, r.test.y, r.test.n, K);
    int mistakes = r.test.n;
    for (int c = 0; c < K; c++)
        mistakes -= counts[c * K + c];
    // "a 4 read as 9; 5s read as 1 and 6; ..." from the matrix, true digit by true digit
    static const char *words[] = { "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" };
    char list[512] = "";
    for (int t = 0; t < K; t++) {
        int n = 0, kinds = 0;
        for (int p = 0; p < K; p++)
            if (p != t && counts[t * K + p])
                n += counts[t * K + p], kinds++;
        if (!n)
            continue;
        size_t used = strlen(list);
        if (kinds == 1) {
            int p = 0;
            while (p == t || !counts[t * K + p])
                p++;
            snprintf(list + used, sizeof list - used, "%s%s %d%s read as %d", used ? "; " : "",
                     n == 1 ? "a" : words[n], t, n == 1 ? "" : "s", p);
        } else {
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%ss read as ", used ? "; " : "", (char[]){ (char)('0' + t), 0 });
            int k = 0;
            for (int p = 0; p < K; p++)
                if (p != t && counts[t * K + p])
                    used += (size_t)snprintf(list + used, sizeof list - used, "%s%d", k++ == 0 ? "" : k == kinds ? " and " : ", ", p);
        }
    }
    char Mistakes[16];
    snprintf(Mistakes, sizeof Mistakes, "%s", words[mistakes > 9 ? 0 : mistakes]);
    Mistakes[0] = (char)(Mistakes[0] - 'a' + 'A');
    if (mistakes > 9)
        facts_die("more than nine mistakes");
    fact("confusion", "%s mistakes out of %d: %s", Mistakes, r.test.n, list);
    // the most confident mistake
    double *probs = malloc(sizeof(double) * (size_t)r.test.n * K), worst = 0;
    softmax_forward(probs, mlp_forward(&r.m, r.test.x, r.test.n), r.test.n, K);
    for (int n = 0; n < r.test.n; n++)
        if (pred[n] != r.test.y[n])
            worst = fmax(worst, probs[n * K + pred[n]]);
    fact("confident_wrong", "the worst was given probability %s", fix(worst, 2));
    fact("hidden_count", "Each of the %d hidden units' weights as an 8x8 image", r.m.sizes[1]);
    fact("hidden_all", "the output layer reads the digit from the pattern of all %d answers", r.m.sizes[1]);
    free(probs), free(pred), free(snapshot);
    run_end(&r);

    // Overfitting: the first tenth of the training digits, 300 epochs, seed 7002.
    enum { LONG = 300 };
    Run s;
    run_start(&s, 7001, 0, NET, 2, 0);
    mlp_free(&s.m);
    rng_seed(&s.rng, 7002, 7);
    if (mlp_init(&s.m, NET, 2, ACT_TANH, s.train.n, &s.rng) != 0)
        facts_die("mlp_init failed");
    Digits small = s.train;
    small.n = s.train.n / 10;
    double sl[LONG + 1], tl[LONG + 1], sa[LONG + 1], ta[LONG + 1];
    for (int e = 0; e <= LONG; e++) {
        if (e > 0)
            softmax_train_epoch(&s.m, small.x, small.y, small.n, 10, LR, &s.rng);
        sl[e] = softmax_ce_loss(mlp_forward(&s.m, small.x, small.n), small.y, small.n, K);
        tl[e] = softmax_ce_loss(mlp_forward(&s.m, s.test.x, s.test.n), s.test.y, s.test.n, K);
        sa[e] = accuracy(&s.m, &small), ta[e] = accuracy(&s.m, &s.test);
    }
    int fit = 0, low = 0;
    while (sa[fit] < 1.0)
        fit++;
    for (int e = 0; e <= LONG; e++)
        low = tl[e] < tl[low] ? e : low;
    fact("small_n", "trained on only the first %d training images (a tenth) and tested on the same %d", small.n,
         s.test.n);
    fact("small_caption", "The same network trained on %d digits", small.n);
    fact("overfit", "After %d epochs it gets all %d right; the test accuracy stops at %s. The training loss keeps "
         "falling, from %s at epoch 50 to %s at epoch %d, while the test loss reaches its lowest, %s, at epoch %d "
         "and then *rises*, to %s", fit, small.n, pct(ta[LONG], 0), num(sl[50], 2), num(sl[LONG], 2), LONG,
         num(tl[low], 2), low, num(tl[LONG], 2));
    fact("overfit_params", "a model with %d parameters and %d examples", s.m.num_params, small.n);
    run_end(&s);
}

// Pixels that are never, or hardly ever, inked.
static void blank_pixels(void)
{
    int zero = 0, rare = 0;
    char where[128] = "";
    for (int i = 0; i < D; i++) {
        int inked = 0;
        for (int n = 0; n < all.n; n++)
            inked += all.x[n * D + i] != 0;
        if (inked == 0) {
            zero++;
            snprintf(where + strlen(where), sizeof where - strlen(where), "%s(%d, %d)", zero > 1 ? " " : "",
                     i / 8, i % 8);
        } else if (inked < 0.02 * all.n) {
            rare++;
        }
    }
    // the notes name them: row 0 column 0, and both ends of row 4
    if (strcmp(where, "(0, 0) (4, 0) (4, 7)") != 0)
        facts_die("the pixels never inked are %s", where);
    fact("blank", "Three pixels (row 0 column 0, and both ends of row 4) are 0 in every image, and %s more, at the "
         "left and right edges, are non-zero in fewer than 2%% of them", rare == 9 ? "nine" : "some");
    if (rare != 9 || zero != 3)
        facts_die("%d pixels never inked and %d rarely", zero, rare);
}

// The planted bug that shuffles the rows but not the labels: each epoch pairs row order[k] with
// label y[k]; the batches are taken as softmax_train_epoch takes them.
static void labels_bug(void)
{
    Run r;
    run_start(&r, 7001, 0, NET, 2, 0);
    int *order = malloc(sizeof(int) * (size_t)r.train.n), *ybug = malloc(sizeof(int) * (size_t)r.train.n);
    for (int e = 0; e < BUDGET; e++) {
        rng_permutation(&r.rng, order, r.train.n);
        for (int start = 0; start < r.train.n; start += 10) {
            int B = r.train.n - start < 10 ? r.train.n - start : 10;
            double xb[10 * D];
            for (int j = 0; j < B; j++) {
                memcpy(xb + j * D, r.train.x + order[start + j] * D, sizeof(double) * D);
                ybug[j] = r.train.y[start + j];
            }
            softmax_train_step(&r.m, xb, ybug, B, LR);
        }
    }
    fact("labels_bug", "and reads about %.0f%% of the test digits", 10 * round(10 * accuracy(&r.m, &r.test)));
    free(order), free(ybug);
    run_end(&r);
}

int main(void)
{
    char path[1024], err[1024];
    if (digits_find(path, sizeof path, err, sizeof err) != 0 || digits_load(&all, path, err, sizeof err) != 0)
        facts_die("%s", err);
    the_data();
    softmax_examples();
    scaling();
    curves();
    blank_pixels();
    labels_bug();
    digits_free(&all);
    return 0;
}
