/* test_rng.c -- unit tests of lib/rng.c (Criterion).
 *
 * Pins the generator to pcg-c-basic's published demo output, then checks every distribution two
 * ways: against a by-hand replay of the documented draws (so the draw count and order are part
 * of the test), and statistically, with bounds wide enough (about five standard errors) that a
 * correct generator never fails them. No chi-square: the counts-within-bounds checks are enough
 * to catch a modulo bias or an off-by-one range, and easy to read.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "rng.h"

// ----------------------------------------------------------------------------
// The generator

Test(rng, matches_the_published_pcg32_demo_sequence) {
    // pcg-c-basic's demo: seed 42, stream 54.
    const uint32_t expected[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                  0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
    Rng rng;
    rng_seed(&rng, 42, 54);
    for (int i = 0; i < 6; i++) {
        uint32_t got = rng_u32(&rng);
        cr_expect_eq(got, expected[i], "output %d: got 0x%08x, expected 0x%08x", i, got,
                     expected[i]);
    }
}

Test(rng, keeps_the_stream_selector_odd) {
    Rng rng;
    rng_seed(&rng, 42, 54);
    cr_expect_eq(rng.inc, (54u << 1) | 1u);
    rng_seed(&rng, 0, 0);
    cr_expect_eq(rng.inc & 1u, 1u);
}

Test(rng, gives_the_same_sequence_for_the_same_seed_and_stream) {
    Rng a, b;
    rng_seed(&a, 2024, 7);
    rng_seed(&b, 2024, 7);
    for (int i = 0; i < 1000; i++) cr_assert_eq(rng_u32(&a), rng_u32(&b), "diverged at %d", i);
}

Test(rng, gives_a_different_sequence_for_a_different_stream_or_seed) {
    Rng base, other_stream, other_seed;
    rng_seed(&base, 2024, 7);
    rng_seed(&other_stream, 2024, 8);
    rng_seed(&other_seed, 2025, 7);
    int same_stream = 0, same_seed = 0;
    for (int i = 0; i < 100; i++) {
        uint32_t u = rng_u32(&base);
        same_stream += u == rng_u32(&other_stream);
        same_seed += u == rng_u32(&other_seed);
    }
    // Two independent 32-bit sequences agree at a position with probability 2^-32.
    cr_expect_eq(same_stream, 0, "%d of 100 outputs equal across streams", same_stream);
    cr_expect_eq(same_seed, 0, "%d of 100 outputs equal across seeds", same_seed);
}

// ----------------------------------------------------------------------------
// Uniform doubles

Test(rng, builds_a_uniform_double_from_two_draws_as_documented) {
    // By hand from the demo sequence: 0xa15c02b7 >> 5 = 84598805, 0x7b47f409 >> 6 = 32317392,
    // (84598805 * 2^26 + 32317392) / 2^53 = 0.63031021864389383 (exact in a double).
    Rng rng;
    rng_seed(&rng, 42, 54);
    cr_assert_eq(0xa15c02b7u >> 5, 84598805u);
    cr_assert_eq(0x7b47f409u >> 6, 32317392u);
    double expected = (84598805.0 * 67108864.0 + 32317392.0) / 9007199254740992.0;
    double got = rng_uniform(&rng);
    cr_expect_eq(got, expected, "got %.17g, expected %.17g", got, expected);
    cr_expect_eq(got, 0.63031021864389383, "got %.17g", got);
    // Exactly two draws were used: the next output is the demo's third.
    cr_expect_eq(rng_u32(&rng), 0xba1d3330u);
}

Test(rng, keeps_uniform_draws_in_the_half_open_unit_interval) {
    Rng rng;
    rng_seed(&rng, 1, 1);
    double sum = 0.0;
    int n = 100000;
    for (int i = 0; i < n; i++) {
        double u = rng_uniform(&rng);
        cr_assert(u >= 0.0 && u < 1.0, "draw %d = %.17g is outside [0, 1)", i, u);
        sum += u;
    }
    // Mean 1/2, standard error sqrt(1/12 / n) ~ 0.0009.
    cr_expect(fabs(sum / n - 0.5) < 0.005, "mean %.6f, expected 0.5", sum / n);
}

// Sets rng so that its next two outputs are 0xffffffff: a state with bits 41..58 set and bits
// 27..40 and 59..63 clear makes the xorshift's bits 27..58 all one with rotation 0, and inc is
// chosen so that the next state is the same plus 1 (bit 0 does not reach the output).
static void force_two_all_ones(Rng *rng) {
    uint64_t ones = ((1ULL << 18) - 1) << 41;
    rng->state = ones;
    rng->inc = (ones | 1u) - ones * 6364136223846793005ULL;  // odd, as it must be
}

Test(rng, gives_0_and_the_largest_double_below_1_for_extreme_draws) {
    // State 0 with inc 1 outputs 0, then state 1 outputs 0 again.
    Rng rng = {0, 1};
    cr_expect_eq(rng_uniform(&rng), 0.0);
    // Two all-one draws give (2^53 - 1) / 2^53, the largest double below 1.
    force_two_all_ones(&rng);
    Rng check = rng;
    cr_assert_eq(rng_u32(&check), 0xffffffffu);
    cr_assert_eq(rng_u32(&check), 0xffffffffu);
    double u = rng_uniform(&rng);
    cr_expect_eq(u, nextafter(1.0, 0.0), "got %.17g", u);
}

Test(rng, maps_range_draws_onto_lo_hi) {
    Rng a, b;
    rng_seed(&a, 3, 4);
    rng_seed(&b, 3, 4);
    for (int i = 0; i < 1000; i++) {
        double u = rng_uniform(&b);
        double r = rng_range(&a, -5.0, 5.0);
        cr_assert_eq(r, -5.0 + 10.0 * u, "draw %d: %.17g vs %.17g", i, r, -5.0 + 10.0 * u);
        cr_assert(r >= -5.0 && r < 5.0);
    }
}

// ----------------------------------------------------------------------------
// Integers below n

Test(rng, never_draws_an_integer_at_or_above_n) {
    Rng rng;
    rng_seed(&rng, 5, 6);
    const uint32_t ns[] = {1, 2, 3, 7, 10, 1000, 0x80000001u, 0xffffffffu};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
        for (int i = 0; i < 10000; i++) {
            uint32_t r = rng_below(&rng, ns[k]);
            cr_assert(r < ns[k], "rng_below(%u) gave %u", ns[k], r);
        }
}

Test(rng, spreads_integers_below_n_evenly) {
    Rng rng;
    rng_seed(&rng, 9, 10);
    enum { N = 10, DRAWS = 100000 };
    int count[N] = {0};
    for (int i = 0; i < DRAWS; i++) count[rng_below(&rng, N)]++;
    // Each count is Binomial(100000, 0.1): mean 10000, standard deviation ~95.
    for (int v = 0; v < N; v++)
        cr_expect(abs(count[v] - DRAWS / N) < 500, "value %d drawn %d times, expected ~%d", v,
                  count[v], DRAWS / N);
}

Test(rng, takes_the_first_draw_mod_n_when_it_is_below_the_largest_multiple) {
    // For n = 6 only outputs >= 2^32 - 4 are redrawn, and none of the demo's first six is.
    Rng rng, replay;
    rng_seed(&rng, 42, 54);
    rng_seed(&replay, 42, 54);
    for (int i = 0; i < 6; i++) cr_expect_eq(rng_below(&rng, 6), rng_u32(&replay) % 6u);
}

Test(rng, redraws_outputs_at_or_above_the_largest_multiple_of_n) {
    // n = 2^31 + 1: the largest multiple of n below 2^32 is n itself, so about half of all
    // outputs are redrawn, and the result is the first output below n.
    const uint32_t n = 0x80000001u;
    Rng rng, replay;
    for (uint64_t seed = 0; seed < 50; seed++) {
        rng_seed(&rng, seed, 3);
        rng_seed(&replay, seed, 3);
        uint32_t r;
        do r = rng_u32(&replay);
        while (r >= n);
        cr_assert_eq(rng_below(&rng, n), r, "seed %llu", (unsigned long long)seed);
        // Same number of draws: both generators are in the same state afterwards.
        cr_assert_eq(rng.state, replay.state, "seed %llu: a different number of draws",
                     (unsigned long long)seed);
    }
}

Test(rng, redraws_the_one_output_above_the_largest_multiple_of_2_to_the_32_minus_1) {
    // n = 2^32 - 1 is its own largest multiple, so only the output 2^32 - 1 is redrawn (a method
    // that kept the top of the range instead would return 0 here).
    Rng rng, replay;
    force_two_all_ones(&rng);
    replay = rng;
    rng_u32(&replay);
    rng_u32(&replay);
    uint32_t third = rng_u32(&replay);
    cr_assert_neq(third, 0xffffffffu);
    cr_expect_eq(rng_below(&rng, 0xffffffffu), third);
    cr_expect_eq(rng.state, replay.state);
}

// ----------------------------------------------------------------------------
// Normals

Test(rng, follows_the_marsaglia_polar_method_draw_for_draw) {
    // Replay the documented method with rng_range and compare bit for bit, state included.
    Rng rng, replay;
    rng_seed(&rng, 11, 12);
    rng_seed(&replay, 11, 12);
    for (int i = 0; i < 1000; i++) {
        double v1, v2, s;
        do {
            v1 = rng_range(&replay, -1.0, 1.0);
            v2 = rng_range(&replay, -1.0, 1.0);
            s = v1 * v1 + v2 * v2;
        } while (s >= 1.0 || s == 0.0);
        double expected = 0.5 + 3.0 * (sqrt(-2.0 * log(s) / s) * v1);
        double got = rng_normal(&rng, 0.5, 3.0);
        cr_assert(fabs(got - expected) <= 1e-15 * fabs(expected) + 1e-300,
                  "draw %d: got %.17g, expected %.17g", i, got, expected);
        cr_assert_eq(rng.state, replay.state, "draw %d used a different number of draws", i);
    }
}

Test(rng, draws_normals_with_the_requested_mean_and_stddev) {
    Rng rng;
    rng_seed(&rng, 13, 14);
    int n = 100000;
    double sum = 0.0, sumsq = 0.0;
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&rng, 3.0, 2.0);
        cr_assert(isfinite(z), "draw %d is not finite", i);
        sum += z;
        sumsq += z * z;
    }
    double mean = sum / n;
    double sd = sqrt(sumsq / n - mean * mean);
    // Standard errors: mean 2 / sqrt(n) ~ 0.0063, stddev 2 / sqrt(2n) ~ 0.0045.
    cr_expect(fabs(mean - 3.0) < 0.03, "mean %.5f, expected 3", mean);
    cr_expect(fabs(sd - 2.0) < 0.03, "stddev %.5f, expected 2", sd);
}

// ----------------------------------------------------------------------------
// Permutations

Test(rng, makes_a_permutation_of_0_to_n_minus_1) {
    enum { N = 1000 };
    int perm[N], seen[N] = {0};
    Rng rng;
    rng_seed(&rng, 15, 16);
    rng_permutation(&rng, perm, N);
    int moved = 0;
    for (int i = 0; i < N; i++) {
        cr_assert(perm[i] >= 0 && perm[i] < N, "perm[%d] = %d out of range", i, perm[i]);
        cr_assert_eq(seen[perm[i]], 0, "%d appears twice", perm[i]);
        seen[perm[i]] = 1;
        moved += perm[i] != i;
    }
    cr_expect(moved > N / 2, "only %d of %d entries moved", moved, N);
}

Test(rng, shuffles_by_fisher_yates_from_the_back) {
    enum { N = 50 };
    int a[N], expected[N];
    for (int i = 0; i < N; i++) a[i] = expected[i] = 100 + i;
    Rng rng, replay;
    rng_seed(&rng, 17, 18);
    rng_seed(&replay, 17, 18);
    // The documented loop, by hand.
    for (int i = N - 1; i >= 1; i--) {
        int j = (int)rng_below(&replay, (uint32_t)i + 1u);
        int t = expected[i];
        expected[i] = expected[j];
        expected[j] = t;
    }
    rng_shuffle_int(&rng, a, N);
    cr_expect_arr_eq(a, expected, sizeof a);
    cr_expect_eq(rng.state, replay.state);
}

Test(rng, leaves_arrays_of_zero_or_one_element_alone_without_drawing) {
    Rng rng, untouched;
    rng_seed(&rng, 19, 20);
    untouched = rng;
    int one[1] = {42};
    rng_shuffle_int(&rng, one, 1);
    rng_shuffle_int(&rng, one, 0);
    rng_permutation(&rng, one, 1);
    cr_expect_eq(one[0], 0);
    cr_expect_eq(rng.state, untouched.state);
}
