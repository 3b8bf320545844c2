/* rng.c -- PCG32 (XSH RR 64/32) and the few distributions the workbook draws from.
 *
 * The generator is a 64-bit linear congruential step followed by a permutation of the old state
 * down to 32 bits (O'Neill 2014, with the multiplier and seeding of pcg-c-basic). On top of it:
 * uniform doubles, unbiased integers below n, normals by the Marsaglia polar method, and a
 * Fisher-Yates shuffle. Each function consumes exactly the draws rng.h documents.
 * Left out on purpose: advance/jump-ahead, bounded doubles other than [lo, hi), float outputs.
 */
#include "rng.h"

#include <assert.h>
#include <math.h>

// Same numbers on every machine: forbid fusing a*b + c into one rounding (clang would otherwise
// do it on targets with FMA, such as arm64). GCC does not contract in -std=c11 mode.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

// The LCG multiplier used by every PCG 64-bit-state generator.
#define PCG_MULT 6364136223846793005ULL

// ----------------------------------------------------------------------------
// The generator

void rng_seed(Rng *rng, uint64_t seed, uint64_t stream) {
    // The increment must be odd for the LCG to have full period; the stream picks which one.
    rng->state = 0;
    rng->inc = (stream << 1) | 1u;
    // Step once, mix in the seed, step again -- pcg-c-basic's procedure, so its demo matches.
    rng_u32(rng);
    rng->state += seed;
    rng_u32(rng);
}

uint32_t rng_u32(Rng *rng) {
    uint64_t old = rng->state;
    // Advance the LCG; the output below is computed from the old state.
    rng->state = old * PCG_MULT + rng->inc;
    // XSH: xorshift the high bits down, keep 32 bits (bits 27..58 of the mix).
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    // RR: rotate right by the top 5 bits of the old state.
    uint32_t rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

// ----------------------------------------------------------------------------
// Distributions

double rng_uniform(Rng *rng) {
    // 27 high bits of the first draw and 26 of the second make one 53-bit integer, exactly
    // representable in a double; dividing by 2^53 puts it in [0, 1) without rounding.
    uint32_t a = rng_u32(rng) >> 5;
    uint32_t b = rng_u32(rng) >> 6;
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;  // 2^26, 2^53
}

double rng_range(Rng *rng, double lo, double hi) {
    return lo + (hi - lo) * rng_uniform(rng);
}

uint32_t rng_below(Rng *rng, uint32_t n) {
    // The 2^32 possible outputs split into n equal classes mod n only up to the largest multiple
    // of n, limit = 2^32 - (2^32 mod n); outputs at or above it would favour small results, so
    // they are drawn again. 2^32 mod n equals (0 - n) mod n in uint32 arithmetic. limit is kept
    // in 64 bits because it is 2^32 itself when n divides 2^32 (then nothing is rejected).
    assert(n >= 1);
    uint32_t excess = (0u - n) % n;
    uint64_t limit = 4294967296ULL - excess;
    for (;;) {
        uint32_t r = rng_u32(rng);
        if (r < limit) return r % n;
    }
}

double rng_normal(Rng *rng, double mean, double stddev) {
    // Marsaglia polar: a point uniform in the square [-1, 1)^2, kept when it falls strictly
    // inside the unit disc and is not the centre (log 0 and 0/0 are the two ways to fail).
    double v1, v2, s;
    do {
        v1 = rng_range(rng, -1.0, 1.0);
        v2 = rng_range(rng, -1.0, 1.0);
        s = v1 * v1 + v2 * v2;
    } while (s >= 1.0 || s == 0.0);
    // Scale to a standard normal (the Playground's order of operations), discard v2's twin.
    double z = sqrt(-2.0 * log(s) / s) * v1;
    return mean + stddev * z;
}

// ----------------------------------------------------------------------------
// Permutations

void rng_shuffle_int(Rng *rng, int *a, int n) {
    // Fisher-Yates from the back: a[i] takes a uniformly chosen element of a[0..i].
    for (int i = n - 1; i >= 1; i--) {
        int j = (int)rng_below(rng, (uint32_t)i + 1u);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

void rng_permutation(Rng *rng, int *perm, int n) {
    for (int i = 0; i < n; i++) perm[i] = i;
    rng_shuffle_int(rng, perm, n);
}
