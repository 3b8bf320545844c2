/* rng.h -- the workbook's one source of randomness.
 *
 * PCG32, the "XSH RR 64/32" member of the PCG family (M. E. O'Neill, "PCG: A Family of Simple
 * Fast Space-Efficient Statistically Good Algorithms for Random Number Generation", 2014;
 * multiplier and seeding procedure as in the public pcg-c-basic library). Every random draw in
 * the workbook -- data sets, shuffles, initial weights -- comes from an Rng seeded explicitly,
 * so the same seed gives the same numbers on every machine. rand() is never used.
 *
 * The order and number of draws is part of every contract: each function below says how many
 * 32-bit outputs it consumes, so code that draws in another order gets other numbers and a test
 * can tell. Not here on purpose: floats, jump-ahead, thread safety (one Rng per thread).
 *
 * Example:
 *     Rng rng;
 *     rng_seed(&rng, 42, 54);
 *     double u = rng_uniform(&rng);         // in [0, 1)
 *     double z = rng_normal(&rng, 0.0, 1.0);
 */
#ifndef WORKBOOK_RNG_H
#define WORKBOOK_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t state;  // the 64-bit LCG state; advanced once per 32-bit output
    uint64_t inc;    // stream selector, always odd
} Rng;

// Seeds the generator: `seed` picks the starting point, `stream` one of 2^63 independent
// sequences. Same (seed, stream), same numbers. pcg-c-basic's demo seed (42, 54) yields
// 0xa15c02b7, 0x7b47f409, 0xba1d3330, ... from rng_u32.
void rng_seed(Rng *rng, uint64_t seed, uint64_t stream);

// The next 32-bit output. One draw.
uint32_t rng_u32(Rng *rng);

// Uniform in [0, 1) with 53 random bits: two draws, a = first >> 5, b = second >> 6,
// result (a * 2^26 + b) / 2^53.
double rng_uniform(Rng *rng);

// Uniform in [lo, hi): lo + (hi - lo) * rng_uniform(). Two draws.
double rng_range(Rng *rng, double lo, double hi);

// Uniform integer in [0, n), n >= 1, without modulo bias: draws until a 32-bit output falls
// below the largest multiple of n (almost always one draw), then returns it mod n.
uint32_t rng_below(Rng *rng, uint32_t n);

// Normal with the given mean and standard deviation, by the Marsaglia polar method as the
// TensorFlow Playground draws it: pairs v1, v2 = rng_range(-1, 1) until 0 < s = v1^2 + v2^2 < 1,
// then mean + stddev * v1 * sqrt(-2 ln s / s). The second normal of the pair is discarded, so
// every call starts afresh. Four draws per attempt.
double rng_normal(Rng *rng, double mean, double stddev);

// Fisher-Yates: for i = n-1 down to 1, j = rng_below(i + 1), swap a[i] and a[j].
void rng_shuffle_int(Rng *rng, int *a, int n);

// perm = 0, 1, ..., n-1, then rng_shuffle_int.
void rng_permutation(Rng *rng, int *perm, int n);

#endif
