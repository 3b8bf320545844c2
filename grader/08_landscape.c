/* 08_landscape.c -- the visible tests of chapter 8: landscape_loss, interpolate_params,
 * loss_interpolation, random_direction, filter_normalize, loss_slice_1d, loss_slice_2d,
 * slice_minimum, slice_curvature, slice_sharpness.
 *
 * The fixture is a 2-3-1 tanh network with parameters of the test's and 5 examples. Losses along
 * lines and planes are checked three ways: exactly (bit for bit) where the contract makes them
 * exact -- the centre of a slice is theta itself, the ends of an interpolation are its two
 * vectors --, against your own landscape_loss at parameters the test sets itself (so that a grid
 * written in the wrong order shows), and against values recorded from the reference. After every
 * slice the parameters must be back bit for bit. Filter normalisation is checked row by row
 * (norm, direction, zero rows, biases) on a 2-4-3-1 network whose layers are not square, and
 * by its purpose: a relu network rescaled layer by layer has the same normalised slices. The
 * curvature is checked on a quadratic and a cubic, where the second difference is exact, and on
 * a logistic regression (a network without a hidden layer), whose Hessian is known in closed
 * form: H = (1/N) sum_n p_n (1 - p_n) x_n x_n^T with x_n = (x_n1, x_n2, 1). Points, visibility
 * and hints are in grader/points.txt.
 *
 * Chapter 8 builds on chapters 5 and 6: the lines below make grader/grade.sh compile the
 * 05_mlp.c and 06_backprop.c of the same folder into this chapter's binary. Every loss here
 * comes from your mlp_forward and bce_loss; they are checked first on the fixture, and a test
 * that needs them says "fix chapter 5's mlp_forward first" rather than blame this chapter.
 */
// @needs 05_mlp.c
// @needs 06_backprop.c
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "08_landscape.h"
#include "data.h"
#include "grade.h"
#include "landscape.h"

GRADED_SUITE(ch08);

// (the helpers both test files use, gnet_*, are in grader/nets.h)

// ---------------------------------------------------------------- the fixture
//
// From rng_seed(818, 8), in this order: the 13 parameters U(-1.5, 1.5) in the order of the
// params block, the 10 inputs U(-2, 2) (5 examples), then THETA1's 13 entries U(-1.5, 1.5), then
// D1's and D2's 13 entries each U(-0.5, 0.5). The labels are fixed.

static double THETA1[G8_P], D1[G8_P], D2[G8_P];

void g8_fixture(Mlp *m, double *X, int *y, int max_batch, const char *fn)
{
    const int sizes[3] = { 2, 3, 1 };
    gnet_new(m, sizes, 2, ACT_TANH, max_batch, fn);
    Rng rng;
    rng_seed(&rng, 818, 8);
    for (int k = 0; k < G8_P; k++)
        m->params[k] = rng_range(&rng, -1.5, 1.5);
    for (int k = 0; k < 2 * G8_N; k++)
        X[k] = rng_range(&rng, -2.0, 2.0);
    for (int k = 0; k < G8_P; k++)
        THETA1[k] = rng_range(&rng, -1.5, 1.5);
    for (int k = 0; k < G8_P; k++)
        D1[k] = rng_range(&rng, -0.5, 0.5);
    for (int k = 0; k < G8_P; k++)
        D2[k] = rng_range(&rng, -0.5, 0.5);
    const int labels[G8_N] = { 1, 0, 0, 1, 1 };
    memcpy(y, labels, sizeof labels);
}

// Recorded from the reference on the fixture: its logits, its mean loss; the loss along the
// line from theta to THETA1 at alpha = -0.5, -0.25, ..., 1.5 (9 points); along D1 at alpha = -1,
// -0.5, 0, 0.5, 1; and the plane along D1 (columns) and D2 (rows) at -0.6, -0.1, 0.4, 0.9 (4 x 4).
static const double FIXTURE_LOGITS[G8_N] = {
    0.0046423468924822187, 0.12101455672493489, 0.37890463711830435, 0.28448466109568615,
    -1.0638388566662877 };
static const double FIXTURE_LOSS = 0.85361350498233934;
static const double FIXTURE_INTERP[9] = {
    1.0407139351378802, 0.89448669065931197, 0.85361350498233934, 0.89432023605548938,
    1.027026335787333, 1.1118614919371945, 0.99070512471088179, 0.90211105305544481,
    0.8799925278379348 };
static const double FIXTURE_SLICE1[5] = {
    0.81315767065720534, 0.83282080372982037, 0.85361350498233934, 0.87656767988428663,
    0.90137695073184543 };
static const double FIXTURE_SLICE2[16] = {
    0.82312203284515972, 0.84620405475829907, 0.87043632858800846, 0.8954014014812397,
    0.82767926486556753, 0.84872419446628089, 0.87176129087834087, 0.896327061804714,
    0.837232876592644, 0.85502347997614037, 0.87359616391729555, 0.89585505501244467,
    0.86475462971155737, 0.88057556792453351, 0.89046129785287886, 0.90151305953472249 };

// The loss the fixture network has at parameters p (G8_P), from your landscape_loss.
static double loss_at(Mlp *m, const double *p, const double *X, const int *y)
{
    double saved[G8_P];
    memcpy(saved, m->params, sizeof saved);
    memcpy(m->params, p, sizeof saved);
    double loss = landscape_loss(m, X, y, G8_N);
    memcpy(m->params, saved, sizeof saved);
    return loss;
}

// ---------------------------------------------------------------- probes of chapters 5 and 6

void g8_expect_chapters_5_and_6(const char *fn)
{
    Mlp m;
    double X[2 * G8_N];
    int y[G8_N];
    char why[512];
    g8_fixture(&m, X, y, G8_N, fn);
    const double *logits = mlp_forward(&m, X, G8_N);
    int bad = -1;
    for (int k = 0; k < G8_N && bad < 0; k++)
        if (logits == NULL || !(fabs(logits[k] - FIXTURE_LOGITS[k]) <= 1e-12))
            bad = k;
    if (bad >= 0) {
        if (logits == NULL)
            snprintf(why, sizeof why, "%s calls it, and on this test's 2-3-1 tanh network it"
                     " returned NULL for a batch of %d (%s)", fn, G8_N, gnet_file("05_mlp.c"));
        else
            snprintf(why, sizeof why, "%s calls it, and on this test's 2-3-1 tanh network its"
                     " logit %d is %.10g, expected %.10g (%s; make grade CH=05 says more)", fn, bad,
                     logits[bad], FIXTURE_LOGITS[bad], gnet_file("05_mlp.c"));
        gnet_drop(&m);
        grade_expect_dependency(0, "chapter 5's mlp_forward", why);
    }
    double loss = bce_loss(FIXTURE_LOGITS, y, G8_N);
    gnet_drop(&m);
    if (!(fabs(loss - FIXTURE_LOSS) <= 1e-12)) {
        snprintf(why, sizeof why, "%s calls it, and for this test's 5 logits it returned %.10g,"
                 " expected %.10g (%s; make grade CH=06 says more)", fn, loss, FIXTURE_LOSS,
                 gnet_file("06_backprop.c"));
        grade_expect_dependency(0, "chapter 6's bce_loss", why);
    }
}

// landscape_loss on the fixture in chunks of 2 (2, 2 and 1 rows).
static int landscape_loss_works(void)
{
    Mlp m;
    double X[2 * G8_N];
    int y[G8_N];
    g8_fixture(&m, X, y, 2, "landscape_loss");
    double loss = landscape_loss(&m, X, y, G8_N);
    gnet_drop(&m);
    return fabs(loss - FIXTURE_LOSS) <= 1e-12;
}

void g8_expect_landscape_loss(const char *fn)
{
    g8_expect_chapters_5_and_6(fn);
    char why[160];
    snprintf(why, sizeof why, "%s computes every loss with it (see its tests)", fn);
    grade_expect_dependency(landscape_loss_works(), "landscape_loss", why);
}

void g8_expect_loss_slice_1d(const char *fn)
{
    g8_expect_landscape_loss("loss_slice_1d");
    Mlp m;
    double X[2 * G8_N], losses[5];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, fn);
    int rc = loss_slice_1d(losses, &m, D1, -1.0, 1.0, 5, X, y, G8_N);
    gnet_drop(&m);
    int ok = rc == 0;
    for (int i = 0; ok && i < 5; i++)
        ok = fabs(losses[i] - FIXTURE_SLICE1[i]) <= 1e-10;
    char why[160];
    snprintf(why, sizeof why, "the test of %s draws its slices with it (see its tests)", fn);
    grade_expect_dependency(ok, "loss_slice_1d", why);
}

void g8_expect_restored(const char *fn, const Mlp *m, const double *saved, const double *last)
{
    int P = m->num_params, k = 0;
    while (k < P && memcmp(&m->params[k], &saved[k], sizeof(double)) == 0)
        k++;
    if (k == P)
        return;
    int at_last = last != NULL;
    for (int j = 0; at_last && j < P; j++)
        at_last = fabs(m->params[j] - last[j]) <= 1e-12 * (1.0 + fabs(last[j]));
    grade_fail("%s did not put the parameters back: afterwards params[%d] is %.17g, before the"
               " call it was %.17g%s", fn, k, m->params[k], saved[k],
               at_last ? " -- the network was left at the last point of the grid: copy theta"
               " back into m->params after the loop" : " (restore them from the copy of theta,"
               " with memcpy: subtracting the step again does not give the same bits)");
}

// ---------------------------------------------------------------- landscape_loss

GRADED_TEST(ch08, landscape_loss_is_the_mean_cross_entropy_of_the_data)
{
    g8_expect_chapters_5_and_6("landscape_loss");
    Mlp m;
    double X[2 * G8_N];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "landscape_loss");
    double loss = landscape_loss(&m, X, y, G8_N);
    gnet_drop(&m);
    grade_expect_implemented(!isnan(loss), "landscape_loss");
    if (fabs(loss - G8_N * FIXTURE_LOSS) <= 1e-9)
        grade_fail("landscape_loss returned %.10g for the 5 examples of the 2-3-1 fixture, 5 times"
                   " the mean %.10g: divide the sum by N", loss, FIXTURE_LOSS);
    grade_expect_close(loss, FIXTURE_LOSS, 1e-12, "landscape_loss",
                       "the mean loss of the 2-3-1 fixture on its 5 examples (max_batch 5)");
}

GRADED_TEST(ch08, landscape_loss_takes_chunks_of_max_batch_and_weighs_each_by_its_size)
{
    g8_expect_chapters_5_and_6("landscape_loss");
    Mlp m;
    double X[2 * G8_N];
    int y[G8_N];
    g8_fixture(&m, X, y, 2, "landscape_loss");
    double loss = landscape_loss(&m, X, y, G8_N);
    grade_expect_implemented(!isnan(loss), "landscape_loss");
    // The mean of the three chunks' means, unweighted: what forgetting B gives.
    const double *z;
    double means[3];
    for (int c = 0; c < 3; c++) {
        int B = c < 2 ? 2 : 1;
        z = mlp_forward(&m, X + 4 * c, B);
        means[c] = z ? bce_loss(z, y + 2 * c, B) : NAN;
    }
    gnet_drop(&m);
    if (fabs(loss - (means[0] + means[1] + means[2]) / 3.0) <= 1e-12)
        grade_fail("landscape_loss returned %.10g for 5 examples in chunks of 2, 2 and 1: the plain"
                   " mean of the three chunks' losses; each chunk's loss is a mean over its own B"
                   " rows, so weigh each chunk by its size (expected %.10g)", loss, FIXTURE_LOSS);
    if (fabs(loss - (2 * means[0] + 2 * means[1]) / 4.0) <= 1e-12 ||
        fabs(loss - (2 * means[0] + 2 * means[1]) / 5.0) <= 1e-12)
        grade_fail("landscape_loss returned %.10g for 5 examples in chunks of 2, 2 and 1: the last,"
                   " smaller chunk is missing (expected %.10g)", loss, FIXTURE_LOSS);
    grade_expect_close(loss, FIXTURE_LOSS, 1e-12, "landscape_loss",
                       "the mean loss of the 5 examples with max_batch 2 (chunks of 2, 2 and 1),"
                       " which must equal the loss in one chunk");
}

// ---------------------------------------------------------------- interpolate_params

static void expect_vector(const char *fn, const char *what, const double *got, const double *want,
                          int P)
{
    for (int k = 0; k < P; k++)
        if (memcmp(&got[k], &want[k], sizeof(double)) != 0)
            grade_fail("%s: %s: out[%d] is %.17g, expected %.17g exactly (the point alpha of the"
                       " way from theta0 to theta1)", fn, what, k, got[k], want[k]);
}

GRADED_TEST(ch08, interpolate_params_follows_the_line_on_hand_worked_vectors)
{
    const double t0[4] = { 1, -2, 0.5, 4 }, t1[4] = { 3, 2, 0.5, -4 };
    const double alpha[3] = { 0.25, -0.5, 1.5 };
    const double want[3][4] = { { 1.5, -1, 0.5, 2 }, { 0, -4, 0.5, 8 }, { 4, 4, 0.5, -8 } };
    for (int s = 0; s < 3; s++) {
        double out[4];
        interpolate_params(out, t0, t1, alpha[s], 4);
        grade_expect_implemented(!gnet_any_nan(out, 4), "interpolate_params");
        char what[128];
        snprintf(what, sizeof what, "theta0 = (1, -2, 0.5, 4), theta1 = (3, 2, 0.5, -4), alpha ="
                 " %g", alpha[s]);
        expect_vector("interpolate_params", what, out, want[s], 4);
    }
}

GRADED_TEST(ch08, interpolate_params_gives_both_endpoints_bit_for_bit)
{
    // With these entries theta0 + (theta1 - theta0) rounds away from theta1.
    const double t0[4] = { 0.7, -0.35, 1.1, 0.2 }, t1[4] = { 0.1, 0.7, -1.3, -0.35 };
    double out[4];
    interpolate_params(out, t0, t1, 0.0, 4);
    grade_expect_implemented(!gnet_any_nan(out, 4), "interpolate_params");
    expect_vector("interpolate_params", "alpha = 0 must give theta0", out, t0, 4);
    interpolate_params(out, t0, t1, 1.0, 4);
    for (int k = 0; k < 4; k++)
        if (memcmp(&out[k], &t1[k], sizeof(double)) != 0)
            grade_fail("interpolate_params: alpha = 1 must give theta1 bit for bit: out[%d] is"
                       " %.17g, theta1[%d] is %.17g. theta0 + alpha * (theta1 - theta0) is the same"
                       " line on paper but rounds; write the point as a weighted sum of theta0 and"
                       " theta1, whose weights are exactly 0 and 1 at alpha = 1", k,
                       out[k], k, t1[k]);
}

// ---------------------------------------------------------------- loss_interpolation

static void expect_interpolation_works(const char *fn)
{
    g8_expect_landscape_loss(fn);
    const double t0[2] = { 1, -2 }, t1[2] = { 3, 2 };
    double out[2];
    interpolate_params(out, t0, t1, 0.25, 2);
    grade_expect_dependency(out[0] == 1.5 && out[1] == -1.0, "interpolate_params",
                            "loss_interpolation moves the parameters with it (see its tests)");
}

GRADED_TEST(ch08, loss_interpolation_ends_at_the_losses_of_its_two_endpoints)
{
    expect_interpolation_works("loss_interpolation");
    Mlp m;
    double X[2 * G8_N], losses[9];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_interpolation");
    double theta0[G8_P];
    memcpy(theta0, m.params, sizeof theta0);
    double l0 = loss_at(&m, theta0, X, y), l1 = loss_at(&m, THETA1, X, y);
    for (int pass = 0; pass < 2; pass++) {
        double lo = pass ? -0.5 : 0.0, hi = pass ? 1.5 : 1.0;
        int n = pass ? 9 : 5, i0 = pass ? 2 : 0, i1 = pass ? 6 : 4;
        for (int i = 0; i < 9; i++)
            losses[i] = -7.0;
        int rc = loss_interpolation(losses, &m, theta0, THETA1, lo, hi, n, X, y, G8_N);
        if (gnet_any_nan(losses, n))
            gnet_drop(&m);
        grade_expect_implemented(!gnet_any_nan(losses, n), "loss_interpolation");
        if (rc != 0)
            grade_fail("loss_interpolation returned %d for valid arguments (n = %d), expected 0",
                       rc, n);
        if (memcmp(&losses[i0], &l0, sizeof l0) != 0 || memcmp(&losses[i1], &l1, sizeof l1) != 0)
            grade_fail("loss_interpolation on [%g, %g] with %d points: losses[%d] (alpha = 0) is"
                       " %.17g and losses[%d] (alpha = 1) is %.17g; they must be exactly"
                       " landscape_loss at theta0, %.17g, and at theta1, %.17g. Point i is at"
                       " alpha = lo + (hi - lo) * i / (n - 1), and interpolate_params must give the"
                       " ends bit for bit", lo, hi, n, i0, losses[i0], i1, losses[i1], l0, l1);
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, loss_interpolation_matches_the_loss_at_each_point_of_the_line)
{
    expect_interpolation_works("loss_interpolation");
    Mlp m;
    double X[2 * G8_N], losses[9];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_interpolation");
    double theta0[G8_P];
    memcpy(theta0, m.params, sizeof theta0);
    int rc = loss_interpolation(losses, &m, theta0, THETA1, -0.5, 1.5, 9, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 9), "loss_interpolation");
    if (rc != 0)
        grade_fail("loss_interpolation returned %d for valid arguments, expected 0", rc);
    for (int i = 0; i < 9; i++) {
        double alpha = -0.5 + 2.0 * i / 8, p[G8_P];
        for (int k = 0; k < G8_P; k++)
            p[k] = (1.0 - alpha) * theta0[k] + alpha * THETA1[k];
        double want = loss_at(&m, p, X, y);
        if (!(fabs(losses[i] - want) <= 1e-12 * (1.0 + want)) ||
            !(fabs(losses[i] - FIXTURE_INTERP[i]) <= 1e-10)) {
            gnet_drop(&m);
            grade_fail("loss_interpolation on [-0.5, 1.5] with 9 points: losses[%d] (alpha = %g)"
                       " is %.10g, expected %.10g, the loss at (1 - alpha) theta0 + alpha theta1",
                       i, alpha, losses[i], want);
        }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, loss_interpolation_restores_the_parameters_bit_for_bit)
{
    expect_interpolation_works("loss_interpolation");
    Mlp m;
    double X[2 * G8_N], losses[5];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_interpolation");
    double theta0[G8_P], saved[G8_P];
    for (int k = 0; k < G8_P; k++)
        theta0[k] = m.params[k] + 0.1;    // the line does not pass through the network
    memcpy(saved, m.params, sizeof saved);
    size_t heap = grade_student_heap();
    loss_interpolation(losses, &m, theta0, THETA1, 0.0, 1.0, 5, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 5), "loss_interpolation");
    g8_expect_restored("loss_interpolation", &m, saved, THETA1);
    size_t after = grade_student_heap();
    gnet_drop(&m);
    if (after > heap)
        grade_fail("loss_interpolation kept %zu bytes from malloc after it returned: free the copy"
                   " of theta", after - heap);
}

// ---------------------------------------------------------------- random_direction

GRADED_TEST(ch08, random_direction_draws_one_standard_normal_per_parameter_in_order)
{
    Rng rng, copy;
    rng_seed(&rng, 838, 8);
    copy = rng;
    double d[G8_P];
    random_direction(d, G8_P, &rng);
    grade_expect_implemented(!gnet_any_nan(d, G8_P), "random_direction");
    for (int k = 0; k < G8_P; k++) {
        double want = rng_normal(&copy, 0.0, 1.0);
        if (memcmp(&d[k], &want, sizeof want) != 0)
            grade_fail("random_direction: d[%d] is %.17g, expected %.17g, the %s rng_normal(rng,"
                       " 0.0, 1.0) from rng_seed(838, 8): one standard normal per entry, in order",
                       k, d[k], want, k == 0 ? "first" : "next");
    }
    if (rng_u32(&rng) != rng_u32(&copy))
        grade_fail("random_direction took other draws from rng than %d calls of rng_normal: draw"
                   " exactly one per entry and nothing else", G8_P);
}

// ---------------------------------------------------------------- filter_normalize

// The 2-4-3-1 relu network of the filter tests (31 parameters) and a direction for it, both
// from rng_seed(848, 8): theta U(-1, 1), d standard normals. Row 1 of layer 1's weight is 0 in
// theta (its bias is not), and row 2 of layer 0's weight is 0 in d.
static void filter_fixture(Mlp *m, double *d, double *raw, const char *fn)
{
    const int sizes[4] = { 2, 4, 3, 1 };
    gnet_new(m, sizes, 3, ACT_RELU, 4, fn);
    Rng rng;
    rng_seed(&rng, 848, 8);
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = rng_range(&rng, -1.0, 1.0);
    for (int k = 0; k < m->num_params; k++)
        raw[k] = rng_normal(&rng, 0.0, 1.0);
    for (int i = 0; i < 4; i++)
        m->weight[1][1 * 4 + i] = 0.0;
    for (int i = 0; i < 2; i++)
        raw[(m->weight[0] - m->params) + 2 * 2 + i] = 0.0;
    memcpy(d, raw, sizeof(double) * (size_t)m->num_params);
    filter_normalize(d, m);
}

// The skeleton fills d with NaN; an implementation may make NaN of the zero row only (its own
// test says so), so the first row, which is not zero, tells.
static void expect_filter_implemented(Mlp *m, const double *d)
{
    if (isnan(d[0]) && isnan(d[1])) {
        gnet_drop(m);
        grade_expect_implemented(0, "filter_normalize");
    }
}

static double norm(const double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return sqrt(s);
}

GRADED_TEST(ch08, filter_normalize_gives_each_row_the_norm_of_the_same_row_of_theta)
{
    Mlp m;
    double d[31], raw[31];
    filter_fixture(&m, d, raw, "filter_normalize");
    expect_filter_implemented(&m, d);
    for (int l = 0; l < m.L; l++) {
        int D = m.sizes[l], H = m.sizes[l + 1];
        long off = m.weight[l] - m.params;
        for (int h = 0; h < H; h++) {
            double dn = norm(d + off + h * D, D), tn = norm(m.weight[l] + h * D, D);
            double rn = norm(raw + off + h * D, D);
            if (rn == 0.0 || tn == 0.0)
                continue;   // the zero rows have a test of their own
            if (!(fabs(dn - tn) <= 1e-12 * tn)) {
                gnet_drop(&m);
                grade_fail("filter_normalize on a 2-4-3-1 network: row %d of layer %d's weight"
                           " (%d entries, the weights into unit %d) has norm %.15g, expected %.15g,"
                           " the norm of the same row of theta (it was %.15g before)", h, l, D, h,
                           dn, tn, rn);
            }
        }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, filter_normalize_keeps_the_direction_of_each_row)
{
    Mlp m;
    double d[31], raw[31];
    filter_fixture(&m, d, raw, "filter_normalize");
    expect_filter_implemented(&m, d);
    for (int l = 0; l < m.L; l++) {
        int D = m.sizes[l], H = m.sizes[l + 1];
        long off = m.weight[l] - m.params;
        for (int h = 0; h < H; h++) {
            const double *a = d + off + h * D, *b = raw + off + h * D;
            double na = norm(a, D), nb = norm(b, D), dot = 0.0;
            if (na == 0.0 || nb == 0.0)
                continue;
            for (int i = 0; i < D; i++)
                dot += a[i] * b[i];
            if (!(dot / (na * nb) >= 1.0 - 1e-12)) {
                gnet_drop(&m);
                grade_fail("filter_normalize on a 2-4-3-1 network: row %d of layer %d's weight no"
                           " longer points the way it did: the cosine between it and the row as"
                           " drawn is %.15g, expected 1. Multiply the whole row by one positive"
                           " number, tn / dn", h, l, dot / (na * nb));
            }
        }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, filter_normalize_sets_every_bias_direction_to_zero)
{
    Mlp m;
    double d[31], raw[31];
    filter_fixture(&m, d, raw, "filter_normalize");
    expect_filter_implemented(&m, d);
    for (int l = 0; l < m.L; l++) {
        long off = m.bias[l] - m.params;
        for (int h = 0; h < m.sizes[l + 1]; h++)
            if (d[off + h] != 0.0) {
                gnet_drop(&m);
                grade_fail("filter_normalize on a 2-4-3-1 network: the direction's bias[%d][%d]"
                           " (d[%ld]) is %.10g, expected 0: the biases are left out of the"
                           " direction, as the paper does", l, h, off + h, d[off + h]);
            }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, filter_normalize_gives_zero_rows_for_zero_rows_of_theta_or_of_d)
{
    Mlp m;
    double d[31], raw[31];
    filter_fixture(&m, d, raw, "filter_normalize");
    expect_filter_implemented(&m, d);
    const struct { int l, h; const char *why; } rows[2] = {
        { 1, 1, "theta's row is all zeros (norm 0), so the direction's row becomes 0" },
        { 0, 2, "the direction's row was all zeros: there is no direction to keep, and 0 / 0 is"
                " NaN: leave a zero row alone" } };
    for (int r = 0; r < 2; r++) {
        int l = rows[r].l, h = rows[r].h, D = m.sizes[l];
        const double *row = d + (m.weight[l] - m.params) + h * D;
        for (int i = 0; i < D; i++)
            if (row[i] != 0.0) {
                gnet_drop(&m);
                grade_fail("filter_normalize on a 2-4-3-1 network: row %d of layer %d's weight,"
                           " entry %d, is %.10g, expected 0: %s", h, l, i, row[i], rows[r].why);
            }
    }
    gnet_drop(&m);
}

// ---------------------------------------------------------------- loss_slice_1d

GRADED_TEST(ch08, loss_slice_1d_is_the_loss_of_theta_exactly_at_alpha_equal_to_zero)
{
    g8_expect_landscape_loss("loss_slice_1d");
    Mlp m;
    double X[2 * G8_N], losses[5];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_1d");
    double l0 = landscape_loss(&m, X, y, G8_N);
    int rc = loss_slice_1d(losses, &m, D1, -1.0, 1.0, 5, X, y, G8_N);
    gnet_drop(&m);
    grade_expect_implemented(!gnet_any_nan(losses, 5), "loss_slice_1d");
    if (rc != 0)
        grade_fail("loss_slice_1d returned %d for valid arguments, expected 0", rc);
    if (memcmp(&losses[2], &l0, sizeof l0) != 0)
        grade_fail("loss_slice_1d on [-1, 1] with 5 points: losses[2] (alpha = 0) is %.17g; it"
                   " must be exactly landscape_loss at theta, %.17g (point i is at alpha = lo +"
                   " (hi - lo) * i / (n - 1), and theta + 0 * d is theta)", losses[2], l0);
}

GRADED_TEST(ch08, loss_slice_1d_matches_the_loss_at_each_point_of_the_line)
{
    g8_expect_landscape_loss("loss_slice_1d");
    Mlp m;
    double X[2 * G8_N], losses[5];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_1d");
    loss_slice_1d(losses, &m, D1, -1.0, 1.0, 5, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 5), "loss_slice_1d");
    double theta[G8_P], p[G8_P];
    memcpy(theta, m.params, sizeof theta);
    for (int i = 0; i < 5; i++) {
        double alpha = -1.0 + 2.0 * i / 4;
        for (int k = 0; k < G8_P; k++)
            p[k] = theta[k] + alpha * D1[k];
        double want = loss_at(&m, p, X, y);
        if (!(fabs(losses[i] - want) <= 1e-12 * (1.0 + want)) ||
            !(fabs(losses[i] - FIXTURE_SLICE1[i]) <= 1e-10)) {
            gnet_drop(&m);
            grade_fail("loss_slice_1d on [-1, 1] with 5 points: losses[%d] (alpha = %g) is"
                       " %.10g, expected %.10g, the loss at theta + alpha d (always from theta,"
                       " not from where the previous point left the parameters)", i, alpha,
                       losses[i], want);
        }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, loss_slice_1d_restores_the_parameters_bit_for_bit)
{
    g8_expect_landscape_loss("loss_slice_1d");
    Mlp m;
    double X[2 * G8_N], losses[7];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_1d");
    double saved[G8_P], last[G8_P];
    memcpy(saved, m.params, sizeof saved);
    for (int k = 0; k < G8_P; k++)
        last[k] = saved[k] + 0.9 * D1[k];
    size_t heap = grade_student_heap();
    loss_slice_1d(losses, &m, D1, -0.3, 0.9, 7, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 7), "loss_slice_1d");
    g8_expect_restored("loss_slice_1d", &m, saved, last);
    size_t after = grade_student_heap();
    gnet_drop(&m);
    if (after > heap)
        grade_fail("loss_slice_1d kept %zu bytes from malloc after it returned: free the copy of"
                   " theta", after - heap);
}

// ---------------------------------------------------------------- loss_slice_2d

GRADED_TEST(ch08, loss_slice_2d_is_the_loss_of_theta_exactly_at_the_centre)
{
    g8_expect_landscape_loss("loss_slice_2d");
    Mlp m;
    double X[2 * G8_N];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_2d");
    double l0 = landscape_loss(&m, X, y, G8_N);
    static double losses[51 * 51];
    const int sizes[2] = { 5, 51 };
    for (int s = 0; s < 2; s++) {
        int n = sizes[s], c = n / 2;
        int rc = loss_slice_2d(losses, &m, D1, D2, -1.0, 1.0, n, X, y, G8_N);
        if (gnet_any_nan(losses, n * n))
            gnet_drop(&m);
        grade_expect_implemented(!gnet_any_nan(losses, n * n), "loss_slice_2d");
        if (rc != 0)
            grade_fail("loss_slice_2d returned %d for valid arguments, expected 0", rc);
        if (memcmp(&losses[c * n + c], &l0, sizeof l0) != 0) {
            gnet_drop(&m);
            grade_fail("loss_slice_2d on [-1, 1]^2 with %d x %d points: losses[%d * %d + %d]"
                       " (alpha = beta = 0) is %.17g; it must be exactly landscape_loss at theta,"
                       " %.17g (point i is at lo + (hi - lo) * i / (n - 1), which is 0 for i = %d)",
                       n, n, c, n, c, losses[c * n + c], l0, c);
        }
    }
    gnet_drop(&m);
}

GRADED_TEST(ch08, loss_slice_2d_puts_beta_along_d2_in_rows_and_alpha_along_d1_in_columns)
{
    g8_expect_landscape_loss("loss_slice_2d");
    Mlp m;
    double X[2 * G8_N], losses[16];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_2d");
    loss_slice_2d(losses, &m, D1, D2, -0.6, 0.9, 4, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 16), "loss_slice_2d");
    double theta[G8_P], p[G8_P], want[16];
    memcpy(theta, m.params, sizeof theta);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double alpha = -0.6 + 1.5 * j / 3, beta = -0.6 + 1.5 * i / 3;
            for (int k = 0; k < G8_P; k++)
                p[k] = theta[k] + alpha * D1[k] + beta * D2[k];
            want[i * 4 + j] = loss_at(&m, p, X, y);
        }
    gnet_drop(&m);
    for (int e = 0; e < 16; e++) {
        int i = e / 4, j = e % 4;
        if (fabs(losses[e] - want[e]) <= 1e-12 * (1.0 + want[e]) &&
            fabs(losses[e] - FIXTURE_SLICE2[e]) <= 1e-10)
            continue;
        int transposed = 1;
        for (int f = 0; f < 16 && transposed; f++)
            transposed = fabs(losses[f] - want[(f % 4) * 4 + f / 4]) <= 1e-12 * (1.0 + want[f]);
        grade_fail("loss_slice_2d on [-0.6, 0.9]^2 with 4 x 4 points: losses[%d * 4 + %d] is %.10g,"
                   " expected %.10g, the loss at theta + alpha d1 + beta d2 with alpha = %g"
                   " (column %d) and beta = %g (row %d)%s", i, j, losses[e], want[e],
                   -0.6 + 1.5 * j / 3, j, -0.6 + 1.5 * i / 3, i, transposed ? " -- your grid is"
                   " the transpose: row i must hold beta = alpha_i (along d2), column j alpha ="
                   " alpha_j (along d1)" : "");
    }
}

GRADED_TEST(ch08, loss_slice_2d_restores_the_parameters_bit_for_bit)
{
    g8_expect_landscape_loss("loss_slice_2d");
    Mlp m;
    double X[2 * G8_N], losses[16];
    int y[G8_N];
    g8_fixture(&m, X, y, G8_N, "loss_slice_2d");
    double saved[G8_P], last[G8_P];
    memcpy(saved, m.params, sizeof saved);
    for (int k = 0; k < G8_P; k++)
        last[k] = saved[k] + 0.9 * D1[k] + 0.9 * D2[k];
    size_t heap = grade_student_heap();
    loss_slice_2d(losses, &m, D1, D2, -0.6, 0.9, 4, X, y, G8_N);
    grade_expect_implemented(!gnet_any_nan(losses, 16), "loss_slice_2d");
    g8_expect_restored("loss_slice_2d", &m, saved, last);
    size_t after = grade_student_heap();
    gnet_drop(&m);
    if (after > heap)
        grade_fail("loss_slice_2d kept %zu bytes from malloc after it returned: free the copy of"
                   " theta", after - heap);
}

// The budget of the notes: a 51 x 51 slice of a 2-8-8-8-8-1 tanh network (249 parameters) on
// the chapter's 500-point spiral, data_spiral(500, 0.2) from rng_seed(8001, 8). The parameters
// U(-1, 1) and both directions U(-0.1, 0.1), from rng_seed(858, 8) in that order. The reference
// takes about 0.7 s; the boundary stops any test after 5 s. Recorded: the four corners and two
// points on the axes.
static const int SPIRAL_AT[6] = { 0, 50, 2550, 2600, 25 * 51 + 10, 10 * 51 + 25 };
static const double SPIRAL_WANT[6] = {
    1.0830671789041082, 0.93542077942829893, 1.1524912060767953, 1.0006303237672793,
    1.0848434640890103, 0.99745034937659593 };

GRADED_TEST(ch08, loss_slice_2d_of_the_500_point_spiral_in_51_by_51_points_fits_the_time_limit)
{
    g8_expect_landscape_loss("loss_slice_2d");
    Rng rng;
    rng_seed(&rng, 8001, 8);
    Dataset spiral;
    if (data_spiral(&spiral, 500, 0.2, &rng) != 0)
        grade_fail("internal: cannot make the spiral (a bug in the test)");
    const int sizes[6] = { 2, 8, 8, 8, 8, 1 };
    Mlp m;
    gnet_new(&m, sizes, 5, ACT_TANH, 500, "loss_slice_2d");
    int P = m.num_params;
    double *d1 = malloc(sizeof(double) * (size_t)P), *d2 = malloc(sizeof(double) * (size_t)P);
    double *losses = malloc(sizeof(double) * 51 * 51);
    if (!d1 || !d2 || !losses)
        grade_fail("internal: out of memory (a bug in the test)");
    rng_seed(&rng, 858, 8);
    for (int k = 0; k < P; k++)
        m.params[k] = rng_range(&rng, -1.0, 1.0);
    for (int k = 0; k < P; k++)
        d1[k] = rng_range(&rng, -0.1, 0.1);
    for (int k = 0; k < P; k++)
        d2[k] = rng_range(&rng, -0.1, 0.1);
    double l0 = landscape_loss(&m, spiral.x, spiral.y, 500);
    loss_slice_2d(losses, &m, d1, d2, -1.0, 1.0, 51, spiral.x, spiral.y, 500);
    gnet_drop(&m);
    dataset_free(&spiral);
    grade_expect_implemented(!gnet_any_nan(losses, 51 * 51), "loss_slice_2d");
    if (memcmp(&losses[25 * 51 + 25], &l0, sizeof l0) != 0)
        grade_fail("loss_slice_2d: the centre of the 51 x 51 slice of the spiral is %.17g, the"
                   " loss at theta is %.17g: they must be equal bit for bit", losses[25 * 51 + 25],
                   l0);
    for (int s = 0; s < 6; s++) {
        int e = SPIRAL_AT[s];
        if (!(fabs(losses[e] - SPIRAL_WANT[s]) <= 1e-9 * SPIRAL_WANT[s]))
            grade_fail("loss_slice_2d: the 51 x 51 slice of the spiral over [-1, 1]^2 has"
                       " losses[%d * 51 + %d] = %.10g, the reference's is %.10g", e / 51, e % 51,
                       losses[e], SPIRAL_WANT[s]);
    }
    free(d1), free(d2), free(losses);
}

// ---------------------------------------------------------------- slice_minimum

static void expect_minimum(const double *losses, int rows, int cols, double want, int wr, int wc,
                           const char *what)
{
    int row = -7, col = -7;
    double got = slice_minimum(&row, &col, losses, rows, cols);
    grade_expect_implemented(row != -2, "slice_minimum");
    int same = isnan(want) ? isnan(got) : got == want;
    if (!same || row != wr || col != wc)
        grade_fail("slice_minimum: %s (%d x %d): returned %g at row %d, column %d; expected %g at"
                   " row %d, column %d (entry k is at row k / cols, column k %% cols)", what, rows,
                   cols, got, row, col, want, wr, wc);
}

GRADED_TEST(ch08, slice_minimum_finds_the_smallest_entry_and_its_row_and_column)
{
    const double grid[12] = { 5, 4, 3, 2,   6, 1.5, 7, 8,   9, 0.5, 2, 3 };
    expect_minimum(grid, 3, 4, 0.5, 2, 1, "a grid of positive losses, lowest 0.5 at entry 9");
    const double line[5] = { 0.75, 0.5, 0.25, 0.375, 1 };
    expect_minimum(line, 1, 5, 0.25, 0, 2, "a 1-D slice");
}

GRADED_TEST(ch08, slice_minimum_keeps_the_first_of_equal_minima_and_skips_nan)
{
    const double ties[4] = { 3, 1, 2, 1 };
    expect_minimum(ties, 2, 2, 1, 0, 1, "entries 1 and 3 are both 1: the first wins");
    const double withnan[6] = { NAN, -2, -3, NAN, -3, -1 };
    expect_minimum(withnan, 2, 3, -3, 0, 2, "entries NaN, -2, -3, NaN, -3, -1");
    const double allnan[3] = { NAN, NAN, NAN };
    expect_minimum(allnan, 1, 3, NAN, -1, -1, "every entry NaN");
}

// ---------------------------------------------------------------- slice_curvature

GRADED_TEST(ch08, slice_curvature_is_exact_for_a_quadratic_and_a_cubic_and_off_by_h2_f4_over_12)
{
    // f(alpha) = 2.5 alpha^2 - 0.75 alpha + 1 on [-0.6, 0.6], 7 points: f'' = 5 everywhere.
    double q[7], c[5], f4[5];
    for (int i = 0; i < 7; i++) {
        double alpha = -0.6 + 1.2 * i / 6;
        q[i] = 2.5 * alpha * alpha - 0.75 * alpha + 1.0;
    }
    // f(alpha) = alpha^3 - alpha on [-1, 1], 5 points: the second difference is 6 alpha exactly.
    for (int i = 0; i < 5; i++) {
        double alpha = -1.0 + 2.0 * i / 4;
        c[i] = alpha * alpha * alpha - alpha;
    }
    double first = slice_curvature(q, -0.6, 0.6, 7, 3);
    grade_expect_implemented(!isnan(first), "slice_curvature");
    for (int i = 1; i < 6; i++) {
        double got = slice_curvature(q, -0.6, 0.6, 7, i);
        if (!(fabs(got - 5.0) <= 1e-9))
            grade_fail("slice_curvature: for f(alpha) = 2.5 alpha^2 - 0.75 alpha + 1 sampled at 7"
                       " points of [-0.6, 0.6] (h = 0.2), point %d gives %.10g, expected f'' = 5:"
                       " (f(alpha - h) - 2 f(alpha) + f(alpha + h)) / h^2 with h = (hi - lo) / (n"
                       " - 1)", i, got);
    }
    // f(alpha) = alpha^4 on [-1, 1], 5 points (h = 0.5): f''(0) = 0, and the second difference
    // there is h^2 / 12 f''''(0) = 0.25 / 12 * 24 = 0.5, exactly the next term of Taylor's series.
    for (int i = 0; i < 5; i++) {
        double alpha = -1.0 + 2.0 * i / 4;
        f4[i] = alpha * alpha * alpha * alpha;
    }
    double at0 = slice_curvature(f4, -1.0, 1.0, 5, 2);
    if (!(fabs(at0 - 0.5) <= 1e-12))
        grade_fail("slice_curvature: for f(alpha) = alpha^4 sampled at 5 points of [-1, 1] (h ="
                   " 0.5), point 2 (alpha = 0) gives %.10g, expected 0.5: the second difference is"
                   " f''(0) + h^2 / 12 f''''(0) = 0 + 0.25 / 12 * 24", at0);
    for (int i = 1; i < 4; i++) {
        double alpha = -1.0 + 2.0 * i / 4, got = slice_curvature(c, -1.0, 1.0, 5, i);
        if (!(fabs(got - 6.0 * alpha) <= 1e-9))
            grade_fail("slice_curvature: for f(alpha) = alpha^3 - alpha sampled at 5 points of"
                       " [-1, 1], point %d (alpha = %g) gives %.10g, expected 6 alpha = %g: use the"
                       " neighbours of point i, losses[i - 1] and losses[i + 1]", i, alpha, got,
                       6.0 * alpha);
    }
}

// A logistic regression: the network 2-1 (no hidden layer) with weight (0.8, -1.2) and bias
// 0.3 on 7 examples, along the direction d = (0.6, -0.8, 0.5) (the last entry moves the bias).
static const double LR_X[14] = { 0.5, 1.0, -1.5, 0.25, 2.0, -0.5, -0.75, -1.25, 1.5, 1.5,
                                 0.0, -2.0, -1.0, 0.5 };
static const int LR_Y[7] = { 1, 0, 1, 1, 0, 1, 0 };

// d^T H d for the mean cross-entropy at params (w1, w2, b), H = (1/N) sum p (1 - p) x x^T.
static double logistic_curvature(const double *params, const double *d, const double *X,
                                 const int *y, int N)
{
    (void)y;   // the Hessian of the cross-entropy does not depend on the labels
    double s = 0.0;
    for (int n = 0; n < N; n++) {
        double z = params[2] + params[0] * X[2 * n] + params[1] * X[2 * n + 1];
        double p = 1.0 / (1.0 + exp(-z));
        double dx = d[0] * X[2 * n] + d[1] * X[2 * n + 1] + d[2];
        s += p * (1.0 - p) * dx * dx;
    }
    return s / N;
}

GRADED_TEST(ch08, slice_curvature_matches_the_hessian_of_a_logistic_regression)
{
    const double params[3] = { 0.8, -1.2, 0.3 }, d[3] = { 0.6, -0.8, 0.5 };
    double q[3] = { 1.0, 0.0, 1.0 };
    grade_expect_implemented(!isnan(slice_curvature(q, -1.0, 1.0, 3, 1)), "slice_curvature");
    g8_expect_loss_slice_1d("slice_curvature");
    const int sizes[2] = { 2, 1 };
    Mlp m;
    gnet_new(&m, sizes, 1, ACT_TANH, 7, "slice_curvature");
    memcpy(m.params, params, sizeof params);
    double losses[3], h = 1e-4;
    loss_slice_1d(losses, &m, d, -h, h, 3, LR_X, LR_Y, 7);
    gnet_drop(&m);
    double got = slice_curvature(losses, -h, h, 3, 1);
    double want = logistic_curvature(params, d, LR_X, LR_Y, 7);
    if (!(fabs(got - want) <= 1e-5 * want + 1e-6))   // rounding: ~ 1e-16 / h^2 = 1e-8
        grade_fail("slice_curvature: along d = (0.6, -0.8, 0.5) through a logistic regression on 7"
                   " examples (a 2-1 network), the 1-D slice at alpha = -1e-4, 0, 1e-4 gives"
                   " %.10g;"
                   " the second derivative d^T H d, with the Hessian H = (1/N) sum p (1 - p) x x^T,"
                   " is %.10g", got, want);
}

// ---------------------------------------------------------------- slice_sharpness

// A 5 x 5 grid over [-1, 1]^2 (coordinates -1, -0.5, 0, 0.5, 1): the 3 x 3 inside, 1.0 at the
// centre; 2.1 .. 2.4 at the four points on the unit circle; 5 and 9 further out.
static const double SHARP_GRID[25] = {
    5.0, 5.0, 2.4, 5.0, 5.0,
    5.0, 1.9, 1.2, 1.5, 5.0,
    2.2, 1.3, 1.0, 1.6, 2.1,
    5.0, 1.4, 1.1, 1.7, 5.0,
    5.0, 5.0, 2.3, 5.0, 9.0 };

static void expect_sharpness(const double *grid, double radius, double want, const char *what)
{
    double got = slice_sharpness(grid, -1.0, 1.0, 5, radius, 0.8);
    grade_expect_implemented(!isnan(got), "slice_sharpness");
    if (!(fabs(got - want) <= 1e-12))
        grade_fail("slice_sharpness: on a 5 x 5 grid over [-1, 1]^2 with loss0 = 0.8 and radius"
                   " %g (%s) it returned %.10g, expected %.10g: the largest losses[i * n + j] -"
                   " loss0 over the points with alpha^2 + beta^2 <= radius^2", radius, what, got,
                   want);
}

GRADED_TEST(ch08, slice_sharpness_is_the_largest_rise_above_loss0_within_the_radius)
{
    expect_sharpness(SHARP_GRID, 0.6, 1.6 - 0.8, "the centre and its 4 neighbours on the axes");
    expect_sharpness(SHARP_GRID, 0.75, 1.9 - 0.8, "the inner 3 x 3");
}

GRADED_TEST(ch08, slice_sharpness_counts_points_on_the_circle_and_skips_nan)
{
    expect_sharpness(SHARP_GRID, 1.0, 2.4 - 0.8, "the inner 3 x 3 and the 4 points at distance"
                     " exactly 1");
    double grid[25];
    memcpy(grid, SHARP_GRID, sizeof grid);
    grid[2] = NAN;   // (alpha, beta) = (0, -1)
    expect_sharpness(grid, 1.0, 2.3 - 0.8, "with a NaN at (0, -1)");
    double far = slice_sharpness(SHARP_GRID, 0.5, 1.5, 5, 0.4, 0.8);
    if (!isnan(far))
        grade_fail("slice_sharpness: on a grid over [0.5, 1.5]^2 no point is within radius 0.4 of"
                   " (0, 0), and it returned %.10g: expected NaN", far);
}

// ---------------------------------------------------------------- the point of normalising

// A 2-4-3-1 relu network and its twin: layer 0 (weights and biases) times 3, layer 1's weights
// divided by 3. relu(3 z) = 3 relu(z), so the twin computes the same function. Along the same
// raw direction, each normalised to its own network, both have the same slice.
GRADED_TEST(ch08, filter_normalized_slices_of_a_rescaled_relu_network_are_the_same)
{
    g8_expect_loss_slice_1d("filter_normalize");
    const int sizes[4] = { 2, 4, 3, 1 };
    Mlp m, twin;
    gnet_new(&m, sizes, 3, ACT_RELU, 5, "filter_normalize");
    gnet_new(&twin, sizes, 3, ACT_RELU, 5, "filter_normalize");
    Rng rng;
    rng_seed(&rng, 868, 8);
    double raw[31], d[31], dt[31], X[10], a[11], b[11];
    for (int k = 0; k < 31; k++)
        m.params[k] = rng_range(&rng, -1.0, 1.0);
    for (int k = 0; k < 31; k++)
        raw[k] = rng_normal(&rng, 0.0, 1.0);
    for (int k = 0; k < 10; k++)
        X[k] = rng_range(&rng, -2.0, 2.0);
    const int y[5] = { 1, 0, 1, 1, 0 };
    memcpy(twin.params, m.params, sizeof(double) * 31);
    for (int k = 0; k < 12; k++)
        twin.params[k] *= 3.0;      // weight[0] (4, 2) and bias[0] (4)
    for (int k = 12; k < 24; k++)
        twin.params[k] /= 3.0;      // weight[1] (3, 4)
    memcpy(d, raw, sizeof d);
    memcpy(dt, raw, sizeof dt);
    filter_normalize(d, &m);
    filter_normalize(dt, &twin);
    if (gnet_any_nan(d, 31) || gnet_any_nan(dt, 31)) {
        gnet_drop(&m), gnet_drop(&twin);
        grade_expect_implemented(0, "filter_normalize");
    }
    loss_slice_1d(a, &m, d, -0.5, 0.5, 11, X, y, 5);
    loss_slice_1d(b, &twin, dt, -0.5, 0.5, 11, X, y, 5);
    gnet_drop(&m), gnet_drop(&twin);
    for (int i = 0; i < 11; i++)
        if (!(fabs(a[i] - b[i]) <= 1e-10 * (1.0 + a[i])))
            grade_fail("filter_normalize: a relu network and its twin with layer 0 times 3 and"
                       " layer 1 divided by 3 compute the same function; along the same random"
                       " direction, normalised to each, their slices must agree, but at alpha = %g"
                       " they are %.10g and %.10g. Rescale each row of d to the norm of the same"
                       " row of the network's own weights", -0.5 + 0.1 * i, a[i], b[i]);
}
