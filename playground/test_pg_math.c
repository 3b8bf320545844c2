/* test_pg_math.c -- the playground's tanh (pg_math.c) against glibc's tanh, natively.
 *
 * Built and run by playground/test.sh: the same C that the page runs as WebAssembly, compiled
 * for this machine and put beside glibc's tanh and, as the exact value, the x87's long double
 * tanhl (64-bit significand: its error is about 2^-11 of a double's unit in the last place).
 * Points: 4 million with |x| spread evenly in its logarithm from 2^-30 to 32, a million evenly
 * spaced in each of [0, 0.2], [0.5, 0.6], [0.1, 20] and [18.5, 20.5], each at both signs; the powers of 2
 * from 2^-1074; neighbours of the places where the method changes (1/8, 20); +-0, +-inf, NaN.
 * Prints a few points, then OK or NOT OK: the worst error in units in the last place (ulp of the
 * exact value rounded to double) against tanhl (allowed 1, glibc's own worst beside it) and
 * against glibc's tanh (allowed glibc's own worst + 1), and how often the two give different
 * doubles.
 * Left out on purpose: the exception flags; speed (bench-playground measures the page's).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pg_math.h"

// Units in the last place between got and want, measured in ulps of want rounded to double.
static double ulps(double got, long double want)
{
    double w = (double)want;
    if (isnan(got) || isnan(w))
        return isnan(got) && isnan(w) ? 0.0 : INFINITY;
    if (w == 0.0)
        return got == 0.0 && signbit(got) == signbit(w) ? 0.0 : INFINITY;
    int e;
    frexp(w, &e);                                    // |w| in [2^(e-1), 2^e)
    double ulp = ldexp(1.0, (e - 53 < -1074 ? -1074 : e - 53));
    return (double)(fabsl((long double)got - want) / ulp);
}

static struct {
    double worst_glibc, worst_exact, glibc_exact;    // the worst ulps seen
    double at_glibc, at_exact;                       // where
    long points, differ;                             // how many, how many not the same double
    long worse;                                      // how many farther from tanhl than glibc's
} st;

static void check(double x)
{
    double ours = pg_tanh(x), theirs = tanh(x);
    long double exact = tanhl((long double)x);
    double dg = ulps(ours, theirs), de = ulps(ours, exact), ge = ulps(theirs, exact);
    st.points++;
    if (memcmp(&ours, &theirs, sizeof ours) != 0 && !(isnan(ours) && isnan(theirs)))
        st.differ++;
    if (de > ge)
        st.worse++;
    if (dg > st.worst_glibc) st.worst_glibc = dg, st.at_glibc = x;
    if (de > st.worst_exact) st.worst_exact = de, st.at_exact = x;
    if (ge > st.glibc_exact) st.glibc_exact = ge;
}

static void both_signs(double a)
{
    check(a);
    check(-a);
}

int main(void)
{
    const double show[] = { 0.5, -1e-5, 0.0625, 0.55, 3.0, -19.5, -0.0 };
    for (size_t i = 0; i < sizeof show / sizeof show[0]; i++)
        printf("  tanh(%-7g)  pg_tanh %.17g   glibc %.17g\n", show[i], pg_tanh(show[i]), tanh(show[i]));

    // |x| evenly in its logarithm, 2^-30 .. 32, with a fixed linear congruential generator
    uint64_t s = 88172645463325252ULL;
    for (int i = 0; i < 4000000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) * 0x1p-53;     // [0, 1)
        both_signs(exp2(-30.0 + 35.0 * u));
    }
    // evenly spaced: small |x|, around log(3)/2 = 0.549 (where musl's method changes), every
    // interval of the table, where tanh becomes 1
    const double from[4] = { 0.0, 0.5, 0.1, 18.5 }, to[4] = { 0.2, 0.6, 20.0, 20.5 };
    for (int r = 0; r < 4; r++)
        for (int i = 0; i <= 1000000; i++)
            both_signs(from[r] + (to[r] - from[r]) * i / 1000000);
    // the powers of 2 (subnormals included) and the neighbours of 1/8 and 20
    for (int e = -1074; e <= 1023; e++)
        both_signs(ldexp(1.0, e));
    const double edges[2] = { 0.125, 20.0 };
    for (int r = 0; r < 2; r++) {
        double x = edges[r];
        for (int i = 0; i < 1000; i++) x = nextafter(x, 0.0);
        for (int i = 0; i < 2000; i++, x = nextafter(x, INFINITY)) both_signs(x);
    }
    both_signs(0.0);
    both_signs(INFINITY);
    both_signs(DBL_MAX);
    both_signs(DBL_MIN);
    check(NAN);

    // glibc's tanh is itself up to about 2 ulp from the exact value: ours may differ from it by
    // that much plus our own error
    int ok = st.worst_exact <= 1.0 && st.worst_glibc <= st.glibc_exact + 1.0 &&
             isnan(pg_tanh(NAN)) && signbit(pg_tanh(-0.0)) && pg_tanh(-INFINITY) == -1.0;
    printf("%s pg_tanh on %ld points: worst %.3f ulp from the exact value, tanhl (at x = %a,"
           " allowed 1; glibc's tanh: %.3f); worst %.3f ulp from glibc's tanh (at x = %a, allowed"
           " %.3f); not the same double as glibc's at %.1f %% of the points, farther from the exact"
           " value than glibc's at %.2f %%\n",
           ok ? "OK" : "NOT OK", st.points, st.worst_exact, st.at_exact, st.glibc_exact,
           st.worst_glibc, st.at_glibc, st.glibc_exact + 1.0, 100.0 * st.differ / st.points,
           100.0 * st.worse / st.points);
    if (!ok)
        printf("  hint: a change to pg_math.c broke its accuracy; compare with the method in its"
               " opening comment\n");
    return ok ? 0 : 1;
}
