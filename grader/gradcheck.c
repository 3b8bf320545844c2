/* gradcheck.c -- the gradient checker behind grader/gradcheck.h.
 *
 * Three parts: the numeric gradient (centred differences, each parameter restored bit for
 * bit), the comparison (gc_close, entry by entry), and the report, which reads the failed
 * tensor once more to find a recognisable mistake and name it in one hint line.
 *
 * A hint is only given when it explains every entry of the tensor within a loose tolerance
 * (HINT_RTOL, HINT_ATOL) and at least one entry where the student's value is really off;
 * otherwise the report ends without one. Hints are tried in a fixed order, most specific first.
 *
 * Not here on purpose: a Criterion dependency (the suites call this as a plain library),
 * threads, float, second derivatives, an automatic choice of h.
 */
#include "gradcheck.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define GC_PRINTF(fmt_idx, arg_idx) __attribute__((format(printf, fmt_idx, arg_idx)))
#else
#define GC_PRINTF(fmt_idx, arg_idx)
#endif

enum { MAX_SHOW = 32 };          // a report is read by a person: never list more entries
static const double HINT_RTOL = 1e-5;  // "yours = k * numeric" holds entry-wise within these
static const double HINT_ATOL = 1e-8;

// ---------------------------------------------------------------------------------------------
// Comparison and numeric gradient

GcOptions gc_defaults(void) {
    GcOptions o = {1e-5, 1e-7, 1e-9, 4, NULL, NULL};
    return o;
}

int gc_close(double a, double n, double rtol, double atol) {
    // NaN never matches; nor does inf (rtol * inf would let inf match anything).
    if (!isfinite(a) || !isfinite(n)) return 0;
    double scale = fabs(a) > fabs(n) ? fabs(a) : fabs(n);
    return fabs(a - n) <= rtol * scale + atol;
}

// Number of entries of t, or 0 when its shape is not 1..4 positive sizes. *too_big is set when
// the byte count would not even fit in a size_t (reported like a failed malloc).
static size_t numel_of(const GcTensor *t, int *too_big) {
    *too_big = 0;
    if (t->ndim < 1 || t->ndim > 4) return 0;
    for (int d = 0; d < t->ndim; d++)
        if (t->shape[d] <= 0) return 0;
    size_t n = 1;
    for (int d = 0; d < t->ndim; d++) {
        size_t s = (size_t)t->shape[d];
        if (n > SIZE_MAX / sizeof(double) / s) { *too_big = 1; return 1; }
        n *= s;
    }
    return n;
}

void gc_numeric(double *num, const GcTensor *t, GcFunc f, void *ctx, double h) {
    int too_big;
    size_t numel = numel_of(t, &too_big);
    if (too_big) return;
    for (size_t i = 0; i < numel; i++) {
        double x = t->param[i];           // saved, and written back exactly: x + h - h != x
        t->param[i] = x + h;
        double fp = f(ctx);
        t->param[i] = x - h;
        double fm = f(ctx);
        t->param[i] = x;
        num[i] = (fp - fm) / (2.0 * h);
    }
}

// ---------------------------------------------------------------------------------------------
// A bounded report: appends until cap - 1 bytes, always NUL-terminated, "..." when cut short.

typedef struct {
    char *buf;
    size_t cap;        // bytes available, including the NUL
    size_t len;        // bytes written, excluding the NUL; always < cap when cap > 0
    int truncated;     // 1 once something did not fit
} Report;

static void rep_init(Report *r, char *buf, size_t cap) {
    r->buf = buf;
    r->cap = buf ? cap : 0;
    r->len = 0;
    r->truncated = 0;
    if (r->cap > 0) r->buf[0] = '\0';
}

// Marks the report as cut short: full to cap - 1 bytes, ending in "..." when there is room.
static void rep_cut(Report *r) {
    r->len = r->cap - 1;
    r->buf[r->len] = '\0';
    r->truncated = 1;
    if (r->cap >= 4) memcpy(r->buf + r->cap - 4, "...", 3);
}

static void rep_vprintf(Report *r, const char *fmt, va_list ap) {
    if (r->cap == 0 || r->truncated) { r->truncated = 1; return; }
    size_t room = r->cap - r->len;
    int n = vsnprintf(r->buf + r->len, room, fmt, ap);
    if (n < 0) { r->buf[r->len] = '\0'; r->truncated = 1; return; }
    if ((size_t)n >= room) { rep_cut(r); return; }   // vsnprintf kept room - 1 bytes
    r->len += (size_t)n;
}

static void rep_newline(Report *r) {
    if (r->cap == 0 || r->truncated) { r->truncated = 1; return; }
    if (r->len + 1 >= r->cap) { rep_cut(r); return; }   // no room for '\n' and the NUL
    r->buf[r->len++] = '\n';
    r->buf[r->len] = '\0';
}

// Appends one line. Lines are joined by '\n' with no trailing newline, so the report prints
// cleanly as the message of a failed assertion.
GC_PRINTF(2, 3)
static void rep_line(Report *r, const char *fmt, ...) {
    va_list ap;
    if (r->len > 0) rep_newline(r);
    va_start(ap, fmt);
    rep_vprintf(r, fmt, ap);
    va_end(ap);
}

// ---------------------------------------------------------------------------------------------
// Formatting: values, errors, indices

// %.6f where that keeps the digits (0 and 1e-3 <= |v| < 1e6), %.6e otherwise, so that neither
// 1e-9 nor 1e12 turns into an unreadable column; NaN and inf spelled out.
static void fmt_value(char *out, size_t cap, double v) {
    double m = fabs(v);
    if (isnan(v)) snprintf(out, cap, "NaN");
    else if (isinf(v)) snprintf(out, cap, v > 0 ? "inf" : "-inf");
    else if (v == 0.0) snprintf(out, cap, "0.000000");              // also for -0.0
    else if (m >= 1e-3 && m < 1e6) snprintf(out, cap, "%.6f", v);
    else snprintf(out, cap, "%.6e", v);
}

static void fmt_err(char *out, size_t cap, double e) {
    if (isnan(e)) snprintf(out, cap, "NaN");
    else if (isinf(e)) snprintf(out, cap, "inf");
    else snprintf(out, cap, "%.1e", e);
}

// A tolerance as it was probably written: 1e-07, not 1.0e-07; 2.5e-05 when it needs the digit.
static void fmt_tol(char *out, size_t cap, double tol) {
    snprintf(out, cap, "%.0e", tol);
    if (strtod(out, NULL) != tol) snprintf(out, cap, "%.2g", tol);
}

// "dweight[1,3]": the flat row-major index p in the tensor's own shape.
static void fmt_index(char *out, size_t cap, const char *name, const GcTensor *t, size_t p) {
    size_t idx[4];
    for (int d = t->ndim - 1; d >= 0; d--) {
        idx[d] = p % (size_t)t->shape[d];
        p /= (size_t)t->shape[d];
    }
    int n = snprintf(out, cap, "%s[", name);
    for (int d = 0; d < t->ndim && n >= 0 && (size_t)n < cap; d++)
        n += snprintf(out + n, cap - (size_t)n, d ? ",%zu" : "%zu", idx[d]);
    if (n >= 0 && (size_t)n < cap) snprintf(out + n, cap - (size_t)n, "]");
}

// ---------------------------------------------------------------------------------------------
// One tensor's numbers

typedef struct {
    const GcTensor *t;
    const char *name;
    const double *num;   // numeric gradient, numel entries
    size_t numel;
    const double *last;  // the numeric gradient of the last example's term alone, or NULL
} View;

// The student's contribution to entry i: what backward added on top of the prefill.
static double yours(const View *v, size_t i) {
    return v->t->grad[i] - (v->t->prefill ? v->t->prefill[i] : 0.0);
}

// |a - n| / max(|a|, |n|), 0 when both are 0; the key the listing is sorted by.
static double rel_err(double a, double n) {
    double scale = fabs(a) > fabs(n) ? fabs(a) : fabs(n);
    if (scale == 0.0) return 0.0;
    return fabs(a - n) / scale;
}

// Sort key: the error as the report prints it (%.1e), so entries that look equally wrong are
// listed by index rather than by rounding noise; NaN counts as the worst possible error.
static double err_key(double a, double n) {
    double e = rel_err(a, n);
    if (isnan(e) || isinf(e)) return INFINITY;
    char s[16];
    snprintf(s, sizeof s, "%.1e", e);
    return strtod(s, NULL);
}

// ---------------------------------------------------------------------------------------------
// Hints: recognisable mistakes

typedef enum { H_OVERWRITE, H_LAST, H_NEG, H_TWICE, H_HALF, H_TIMES_N, H_OVER_N, H_TRANSPOSED } Hyp;

// Whether hypothesis k explains every entry of the tensor within the loose tolerance, and
// explains a real failure (some entry where yours is off from numeric even loosely).
static int explains(const View *v, Hyp k) {
    const GcTensor *t = v->t;
    int R = t->ndim == 2 ? t->shape[0] : 1, C = t->ndim == 2 ? t->shape[1] : 1;
    double N = t->batch;
    int informative = 0;
    for (size_t p = 0; p < v->numel; p++) {
        double a = yours(v, p), n = v->num[p], obs = a, pred;
        switch (k) {
        case H_OVERWRITE:  obs = t->grad[p]; pred = n; break;   // raw grad, prefill ignored
        case H_LAST:       obs = t->grad[p]; pred = v->last[p]; break;   // each = replaced the last
        case H_NEG:        pred = -n; break;
        case H_TWICE:      pred = 2.0 * n; break;
        case H_HALF:       pred = 0.5 * n; break;
        case H_TIMES_N:    pred = N * n; break;
        case H_OVER_N:     pred = n / N; break;
        case H_TRANSPOSED: {                 // yours stored (C,R): a[j*R + i] holds [i,j]
            size_t j = p / (size_t)R, i = p % (size_t)R;
            pred = v->num[i * (size_t)C + j];
            break;
        }
        default: return 0;
        }
        if (!gc_close(obs, pred, HINT_RTOL, HINT_ATOL)) return 0;
        if (!gc_close(a, n, HINT_RTOL, HINT_ATOL)) informative = 1;
    }
    return informative;
}

static int any_nonfinite(const double *x, size_t n, int want_nan) {
    for (size_t i = 0; i < n; i++)
        if (want_nan ? isnan(x[i]) : !isfinite(x[i])) return 1;
    return 0;
}

static int yours_all_zero(const View *v) {
    for (size_t i = 0; i < v->numel; i++)
        if (yours(v, i) != 0.0) return 0;
    return 1;
}

static int numeric_all_zero(const View *v) {
    for (size_t i = 0; i < v->numel; i++)
        if (!gc_close(0.0, v->num[i], HINT_RTOL, HINT_ATOL)) return 0;
    return 1;
}

static int prefill_nonzero(const View *v) {
    if (!v->t->prefill) return 0;
    for (size_t i = 0; i < v->numel; i++)
        if (v->t->prefill[i] != 0.0) return 1;
    return 0;
}

// Writes the one hint line for a failed tensor, or nothing. only_bias: the tensors that failed
// are all biases and everything else passed.
static void write_hint(Report *r, const char *fn, const View *v, int only_bias) {
    const GcTensor *t = v->t;
    const char *name = v->name;
    if (any_nonfinite(t->grad, v->numel, 1)) {
        rep_line(r, "  hint: not implemented yet: %s holds NaN -- write the TODO in %s", name, fn);
        return;
    }
    if (any_nonfinite(t->grad, v->numel, 0)) {
        rep_line(r, "  hint: %s holds inf -- look for a division by zero or an overflow in %s",
                 name, fn);
        return;
    }
    if (any_nonfinite(v->num, v->numel, 0)) {
        rep_line(r, "  hint: the numeric gradient is not finite -- the function being checked "
                    "returns NaN or inf; fix the forward pass first");
        return;
    }
    if (yours_all_zero(v) && !numeric_all_zero(v)) {
        if (only_bias && t->is_bias)
            rep_line(r, "  hint: everything else matches -- is the bias gradient %s missing?", name);
        else
            rep_line(r, "  hint: every entry of yours is 0 -- is the TODO in %s still empty, "
                        "or did it write somewhere else?", fn);
        return;
    }
    if (prefill_nonzero(v) && explains(v, H_OVERWRITE)) {
        rep_line(r, "  hint: yours is right only when %s starts at 0 -- accumulate with += "
                    "instead of overwriting with =", name);
    } else if (v->last && explains(v, H_LAST)) {
        rep_line(r, "  hint: yours is the last example's share alone -- only the last example "
                    "counted: inside the loop over examples add each share to %s with +=, "
                    "not =", name);
    } else if (explains(v, H_NEG)) {
        rep_line(r, "  hint: every entry has the wrong sign -- check the sign of the error term "
                    "(prediction minus target) or of the update");
    } else if (explains(v, H_TWICE)) {
        rep_line(r, "  hint: yours is 2x the numeric gradient -- look for a factor of 2 "
                    "(the derivative of 0.5*(p-y)^2 is (p-y))");
    } else if (explains(v, H_HALF)) {
        rep_line(r, "  hint: yours is 0.5x the numeric gradient -- look for a factor of 2 "
                    "(the derivative of 0.5*(p-y)^2 is (p-y))");
    } else if (t->batch > 1 && explains(v, H_TIMES_N)) {
        rep_line(r, "  hint: yours is %dx the numeric gradient (N = %d, the batch) -- the loss "
                    "is a mean over the batch: divide by N", t->batch, t->batch);
    } else if (t->batch > 1 && explains(v, H_OVER_N)) {
        rep_line(r, "  hint: yours is 1/%d of the numeric gradient (N = %d, the batch) -- this "
                    "one is a sum, not a mean", t->batch, t->batch);
    } else if (t->ndim == 2 && t->shape[0] > 1 && t->shape[1] > 1 && explains(v, H_TRANSPOSED)) {
        int R = t->shape[0], C = t->shape[1];
        rep_line(r, "  hint: yours matches the numeric gradient transposed -- the rows and "
                    "columns of %s are swapped: it is (%d,%d), so [i,j] is at [i*%d + j], "
                    "not [j*%d + i]", name, R, C, C, R);
    } else if (only_bias && t->is_bias) {
        rep_line(r, "  hint: everything else matches -- only the bias gradient %s is off", name);
    }
}

// ---------------------------------------------------------------------------------------------
// One block per failed tensor

typedef struct {
    size_t p;      // flat index
    double key;    // err_key of the entry
} Ranked;

// Keeps the k worst off entries in top[0 .. *n-1]: by error, worst first, ties by lower index
// (entries arrive in index order, and an equal key never overtakes).
static void keep_worst(Ranked *top, int *n, int k, size_t p, double key) {
    int pos = *n;
    while (pos > 0 && top[pos - 1].key < key) pos--;
    if (pos >= k) return;
    int last = *n < k ? *n : k - 1;
    memmove(top + pos + 1, top + pos, (size_t)(last - pos) * sizeof *top);
    top[pos] = (Ranked){p, key};
    if (*n < k) (*n)++;
}

static void write_block(Report *r, const char *fn, const View *v, const GcOptions *o,
                        int only_bias) {
    int show = o->show < 0 ? 0 : o->show > MAX_SHOW ? MAX_SHOW : o->show;
    Ranked top[MAX_SHOW];
    size_t off = 0;
    int ntop = 0;
    double worst = 0.0;                    // NaN once any entry's error is NaN
    for (size_t p = 0; p < v->numel; p++) {
        double a = yours(v, p), n = v->num[p];
        if (gc_close(a, n, o->rtol, o->atol)) continue;
        off++;
        double e = rel_err(a, n);
        if (isnan(e)) worst = NAN;
        else if (!isnan(worst) && e > worst) worst = e;
        if (show > 0) keep_worst(top, &ntop, show, p, err_key(a, n));
    }

    // The entries, columns aligned on the widest label and value shown.
    char lab[MAX_SHOW][96], ys[MAX_SHOW][32], ns[MAX_SHOW][32], es[16];
    int wl = 0, wv = 0;
    for (int k = 0; k < ntop; k++) {
        size_t p = top[k].p;
        fmt_index(lab[k], sizeof lab[k], v->name, v->t, p);
        fmt_value(ys[k], sizeof ys[k], yours(v, p));
        fmt_value(ns[k], sizeof ns[k], v->num[p]);
        int l = (int)strlen(lab[k]), y = (int)strlen(ys[k]), n = (int)strlen(ns[k]);
        if (l > wl) wl = l;
        if (y > wv) wv = y;
        if (n > wv) wv = n;
    }
    rep_line(r, "%s: %s does not match the numeric gradient", fn, v->name);
    for (int k = 0; k < ntop; k++) {
        fmt_err(es, sizeof es, rel_err(yours(v, top[k].p), v->num[top[k].p]));
        rep_line(r, "  %-*s  yours %*s   numeric %*s   rel err %s",
                 wl, lab[k], wv, ys[k], wv, ns[k], es);
    }
    char ws[16], tol[16];
    fmt_err(ws, sizeof ws, worst);
    fmt_tol(tol, sizeof tol, o->rtol);
    rep_line(r, "  %zu of %zu entries off (worst rel err %s, allowed %s)", off, v->numel, ws, tol);
    write_hint(r, fn, v, only_bias);
}

// ---------------------------------------------------------------------------------------------
// The check

static int tensor_fails(const View *v, const GcOptions *o) {
    for (size_t p = 0; p < v->numel; p++)
        if (!gc_close(yours(v, p), v->num[p], o->rtol, o->atol)) return 1;
    return 0;
}

static void free_all(double **nums, int count) {
    if (!nums) return;
    for (int k = 0; k < count; k++) free(nums[k]);
    free(nums);
}

int gc_check(const char *fn, const GcTensor *ts, int count, GcFunc f, void *ctx,
             const GcOptions *opt, char *report, size_t cap) {
    Report r;
    rep_init(&r, report, cap);
    fn = fn ? fn : "(unnamed function)";
    GcOptions o = opt ? *opt : gc_defaults();
    if (!(o.h > 0.0) || !isfinite(o.h)) o.h = gc_defaults().h;

    // Mistakes of the caller (the test), not of the student: say so and fail.
    if (!ts || count <= 0 || !f) {
        rep_line(&r, "%s: gradient check has nothing to check (a bug in the test, not in your "
                     "code)", fn);
        return 0;
    }
    for (int k = 0; k < count; k++) {
        int too_big;
        const char *name = ts[k].name ? ts[k].name : "(unnamed tensor)";
        if (!ts[k].param || !ts[k].grad || numel_of(&ts[k], &too_big) == 0) {
            rep_line(&r, "%s: %s: missing param/grad or bad shape (a bug in the test, not in "
                         "your code)", fn, name);
            return 0;
        }
    }

    // Every numeric gradient first: the bias hint needs to know which tensors failed.
    double **nums = calloc((size_t)count, sizeof *nums);
    int oom = nums == NULL;
    for (int k = 0; k < count && !oom; k++) {
        int too_big;
        size_t numel = numel_of(&ts[k], &too_big);
        nums[k] = too_big ? NULL : malloc(numel * sizeof(double));
        oom = nums[k] == NULL;
    }
    if (oom) {
        rep_line(&r, "%s: gradient check ran out of memory (could not allocate scratch for the "
                     "numeric gradient)", fn);
        free_all(nums, count);
        return 0;
    }

    View *views = malloc((size_t)count * sizeof *views);
    int *fails = malloc((size_t)count * sizeof *fails);
    if (!views || !fails) {
        rep_line(&r, "%s: gradient check ran out of memory", fn);
        free(views); free(fails); free_all(nums, count);
        return 0;
    }
    int nfail = 0, only_bias = count > 1, any_weight = 0;
    for (int k = 0; k < count; k++) {
        int too_big;
        views[k] = (View){&ts[k], ts[k].name ? ts[k].name : "(unnamed tensor)", nums[k],
                          numel_of(&ts[k], &too_big), NULL};
        gc_numeric(nums[k], &ts[k], f, ctx, o.h);
        fails[k] = tensor_fails(&views[k], &o);
        nfail += fails[k];
        if (!ts[k].is_bias) any_weight = 1;
        if (fails[k] && !ts[k].is_bias) only_bias = 0;
    }
    only_bias = only_bias && any_weight;

    for (int k = 0; k < count; k++) {
        if (!fails[k]) continue;
        // The last example's share, for its hint: only when asked for and the scratch is there.
        double *last = o.last ? malloc(views[k].numel * sizeof *last) : NULL;
        if (last) gc_numeric(last, &ts[k], o.last, o.last_ctx, o.h);
        views[k].last = last;
        write_block(&r, fn, &views[k], &o, only_bias);
        free(last);
    }

    free(views); free(fails); free_all(nums, count);
    return nfail == 0;
}
