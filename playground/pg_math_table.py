# pg_math_table.py -- writes the table of playground/pg_math.c (tanh_tab), with mpmath.
#
#     python3 playground/pg_math_table.py > table.txt    # then paste its rows into pg_math.c
#
# Row 8 (e + 3) + m is the interval [2^e (1 + m/8), 2^e (1 + (m+1)/8)), e = -3 .. 4, m = 0 .. 7,
# of middle c and half-width h: tanh(c) rounded to double (hi), what is left rounded (lo), then
# the coefficients of u^0 .. u^9 of Q, fitted to (tanh(c + u) - tanh(c)) / u on [-h, h] by
# Chebyshev interpolation (mpmath's chebyfit) at 160 bits and rounded to double. On standard error
# it prints the worst error of u Q(u) with those rounded coefficients, at 101 points of every
# interval, in units in the last place of tanh at the interval's start (0.052 for this table).
# Left out on purpose: a true minimax fit (Remez); the interpolation is within 0.06 ulp already.
import sys

from mpmath import chebyfit, floor, ldexp, linspace, log, mp, mpf, polyval, sech, tanh

mp.prec = 160
N = 10                                           # coefficients of Q (degree 9)

worst = 0
for e in range(-3, 5):
    for m in range(8):
        lo = ldexp(1 + mpf(m) / 8, e)
        hi = ldexp(1 + mpf(m + 1) / 8, e)
        c, h = (lo + hi) / 2, (hi - lo) / 2
        t_c, slope = tanh(c), sech(c) ** 2
        q = lambda u: slope if u == 0 else (tanh(c + u) - t_c) / u
        coefs = [mpf(float(x)) for x in chebyfit(q, [-h, h], N)]   # highest power first
        ulp = ldexp(1, int(floor(log(tanh(lo), 2))) - 52)
        err = max(abs(u * polyval(coefs, u) - (tanh(c + u) - t_c)) for u in linspace(-h, h, 101))
        worst = max(worst, err / ulp)
        t_hi = float(t_c)
        row = [t_hi, float(t_c - mpf(t_hi))] + [float(x) for x in reversed(coefs)]
        print("    { " + ", ".join(float.hex(x) if x != 0 else "0.0" for x in row) + " },")
print("worst error of u Q(u): %.3f ulp" % worst, file=sys.stderr)
