/* pg_math.h -- the playground page's own tanh, for WebAssembly (playground/pg_math.c).
 *
 * wasi-libc's tanh (musl's, through expm1 and three divisions) is most of the page's training
 * time: a tanh network calls it for every unit of every example. pg_tanh is a table of
 * polynomials, with no division and no call, and is closer to the exact value: within 0.65 units
 * in the last place (ulp), where glibc's and musl's are up to about 2 ulp off, so that it
 * differs from glibc's tanh by at most 2 ulp (playground/test_pg_math.c measures both). The
 * reference's training runs about 1.5 times as fast with it (bench/RESULTS.md).
 *
 * Built for WebAssembly, pg_math.c also defines tanh itself, which the linker then takes instead
 * of wasi-libc's (an object file comes before any member of libc.a): the students' 05_mlp.c
 * calls tanh from math.h as usual and gets this one. Built natively it defines only pg_tanh, so
 * that the test can put it beside the system's tanh.
 *
 *   pg_tanh(0.5) = 0.46211715726000974 = tanh(0.5);  pg_tanh(-0.0) = -0.0;  pg_tanh(inf) = 1;
 *   pg_tanh(NaN) = NaN.
 */
#ifndef PG_MATH_H
#define PG_MATH_H

double pg_tanh(double x);

#endif
