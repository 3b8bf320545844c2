/* digits.c -- see digits.h. Reading is strict on purpose: a file that is not exactly 65
 * integers a line, in range, is refused with its name and line, never half-read.
 */
#include "digits.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIGITS_FIELDS (DIGITS_PIXELS + 1)   // a line: the pixels, then the digit
#define DIGITS_LINE_MAX 1023                // longest line accepted, without its newline
#define DIGITS_FIND_UP 8                    // folders above the current one digits_find tries

static void set_err(char *err, size_t errcap, const char *fmt, ...)
{
    if (err == NULL || errcap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

void digits_free(Digits *ds)
{
    if (ds == NULL)
        return;
    free(ds->x);
    free(ds->y);
    free(ds->id);
    memset(ds, 0, sizeof *ds);
}

// Room for n images, contents zero. 0, or -1 (ds empty) when out of memory.
static int digits_alloc(Digits *ds, int n)
{
    memset(ds, 0, sizeof *ds);
    size_t rows = n > 0 ? (size_t)n : 1;
    ds->x = calloc(rows * DIGITS_PIXELS, sizeof *ds->x);
    ds->y = calloc(rows, sizeof *ds->y);
    ds->id = calloc(rows, sizeof *ds->id);
    if (!ds->x || !ds->y || !ds->id) {
        digits_free(ds);
        return -1;
    }
    ds->n = n;
    ds->d = DIGITS_PIXELS;
    return 0;
}

// ---------------------------------------------------------------- finding the file

static int readable(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

int digits_find(char *path, size_t cap, char *err, size_t errcap)
{
    if (path == NULL || cap == 0) {
        set_err(err, errcap, "digits_find: no room for the path");
        return -1;
    }
    const char *env = getenv("WORKBOOK_DATA");
    if (env != NULL && *env != '\0') {
        int len = snprintf(path, cap, "%s/digits.csv", env);
        if (len > 0 && (size_t)len < cap && readable(path))
            return 0;
        set_err(err, errcap, "%s/digits.csv: cannot read it (WORKBOOK_DATA=%s names the folder"
                " that should hold digits.csv)", env, env);
        return -1;
    }
    char candidate[64] = "";
    for (int up = 0; up <= DIGITS_FIND_UP; up++) {
        candidate[0] = '\0';
        for (int k = 0; k < up; k++)
            strcat(candidate, "../");
        strcat(candidate, "data/digits.csv");
        if (readable(candidate)) {
            if (strlen(candidate) >= cap) {
                set_err(err, errcap, "digits_find: the path %s does not fit in %zu bytes",
                        candidate, cap);
                return -1;
            }
            strcpy(path, candidate);
            return 0;
        }
    }
    set_err(err, errcap, "cannot find data/digits.csv in the current folder or the %d above it:"
            " run from the workbook's folder, or set WORKBOOK_DATA to the folder holding"
            " digits.csv", DIGITS_FIND_UP);
    return -1;
}

// ---------------------------------------------------------------- reading

// Parses the field [s, end) as a whole number in lo .. hi, with spaces or tabs around it.
static int parse_count(const char *s, const char *end, int lo, int hi, int *out)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (s == end || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
        return -1;   // empty, or strtol would skip something we do not allow
    char buf[32];
    size_t len = (size_t)(end - s);
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *stop;
    errno = 0;
    long v = strtol(buf, &stop, 10);
    if (*stop != '\0' || errno != 0 || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

// Appends one image, growing the arrays by doubling. 0, or -1 when out of memory.
static int push_image(Digits *ds, int *cap, const int *fields, int id)
{
    if (ds->n == *cap) {
        if (*cap > INT_MAX / 2)
            return -1;
        int new_cap = *cap == 0 ? 256 : 2 * *cap;
        double *x = realloc(ds->x, (size_t)new_cap * DIGITS_PIXELS * sizeof *x);
        if (x == NULL)
            return -1;
        ds->x = x;
        int *y = realloc(ds->y, (size_t)new_cap * sizeof *y);
        if (y == NULL)
            return -1;
        ds->y = y;
        int *ids = realloc(ds->id, (size_t)new_cap * sizeof *ids);
        if (ids == NULL)
            return -1;
        ds->id = ids;
        *cap = new_cap;
    }
    for (int k = 0; k < DIGITS_PIXELS; k++)
        ds->x[(size_t)ds->n * DIGITS_PIXELS + k] = fields[k];
    ds->y[ds->n] = fields[DIGITS_PIXELS];
    ds->id[ds->n] = id;
    ds->n++;
    return 0;
}

// Checks one non-blank line (newline removed) and appends its image. 0, or -1 with a message.
static int read_line(Digits *ds, int *cap, const char *line, const char *path, long lineno,
                     char *err, size_t errcap)
{
    int fields[DIGITS_FIELDS];
    int count = 0;
    const char *s = line;
    for (;;) {
        const char *end = strchr(s, ',');
        if (end == NULL)
            end = s + strlen(s);
        if (count < DIGITS_FIELDS) {
            int pixel = count < DIGITS_PIXELS;
            int hi = pixel ? DIGITS_MAX_COUNT : DIGITS_CLASSES - 1;
            if (parse_count(s, end, 0, hi, &fields[count]) != 0) {
                int shown = (int)(end - s) > 40 ? 40 : (int)(end - s);
                if (pixel)
                    set_err(err, errcap, "%s:%ld: pixel %d (row %d, column %d) must be a whole"
                            " number 0 .. %d, found `%.*s`", path, lineno, count + 1,
                            count / DIGITS_SIDE, count % DIGITS_SIDE, DIGITS_MAX_COUNT, shown, s);
                else
                    set_err(err, errcap, "%s:%ld: the digit (field %d) must be a whole number"
                            " 0 .. %d, found `%.*s`", path, lineno, DIGITS_FIELDS,
                            DIGITS_CLASSES - 1, shown, s);
                return -1;
            }
        }
        count++;
        if (*end == '\0')
            break;
        s = end + 1;
    }
    if (count != DIGITS_FIELDS) {
        set_err(err, errcap, "%s:%ld: expected %d comma-separated numbers (%d pixels, then the"
                " digit), found %d", path, lineno, DIGITS_FIELDS, DIGITS_PIXELS, count);
        return -1;
    }
    if (push_image(ds, cap, fields, (int)(lineno - 1)) != 0) {
        set_err(err, errcap, "%s:%ld: out of memory", path, lineno);
        return -1;
    }
    return 0;
}

int digits_load(Digits *ds, const char *path, char *err, size_t errcap)
{
    if (ds == NULL || path == NULL) {
        set_err(err, errcap, "digits_load: no Digits or no path given");
        return -1;
    }
    memset(ds, 0, sizeof *ds);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        set_err(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char line[DIGITS_LINE_MAX + 2];   // the line, its newline, the NUL
    long lineno = 0;
    int cap = 0, status = 0;
    while (status == 0 && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        size_t len = strlen(line);
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(f)) {
            set_err(err, errcap, "%s:%ld: line longer than %d characters", path, lineno,
                    DIGITS_LINE_MAX);
            status = -1;
            break;
        }
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (strspn(line, " \t") == len)
            continue;   // blank
        status = read_line(ds, &cap, line, path, lineno, err, errcap);
    }
    if (status == 0 && ferror(f)) {
        set_err(err, errcap, "%s: read error after line %ld", path, lineno);
        status = -1;
    }
    fclose(f);
    if (status == 0 && ds->n == 0) {
        set_err(err, errcap, "%s: no images in the file (%ld lines, all blank)", path, lineno);
        status = -1;
    }
    if (status != 0) {
        digits_free(ds);
        return -1;
    }
    ds->d = DIGITS_PIXELS;
    return 0;
}

// ---------------------------------------------------------------- splitting and scaling

// Copies image k of from to row r of to.
static void copy_image(Digits *to, int r, const Digits *from, int k)
{
    memcpy(to->x + (size_t)r * DIGITS_PIXELS, from->x + (size_t)k * DIGITS_PIXELS,
           DIGITS_PIXELS * sizeof *to->x);
    to->y[r] = from->y[k];
    to->id[r] = from->id[k];
}

int digits_split(Digits *train, Digits *test, const Digits *all, double test_frac, Rng *rng)
{
    if (train == NULL || test == NULL)
        return -1;
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    if (all == NULL || rng == NULL || all->n < 1 || !(test_frac >= 0.0 && test_frac <= 1.0))
        return -1;
    for (int k = 0; k < all->n; k++)
        if (all->y[k] < 0 || all->y[k] >= DIGITS_CLASSES)
            return -1;
    // in_test[k] marks image k of all; idx holds one class's images at a time.
    char *in_test = calloc((size_t)all->n, 1);
    int *idx = malloc(sizeof(int) * (size_t)all->n);
    if (in_test == NULL || idx == NULL) {
        free(in_test);
        free(idx);
        return -1;
    }
    int n_test = 0;
    for (int c = 0; c < DIGITS_CLASSES; c++) {
        int n_c = 0;
        for (int k = 0; k < all->n; k++)
            if (all->y[k] == c)
                idx[n_c++] = k;
        if (n_c == 0)
            continue;
        rng_shuffle_int(rng, idx, n_c);
        int t_c = (int)(test_frac * n_c + 0.5);
        for (int j = 0; j < t_c; j++)
            in_test[idx[j]] = 1;
        n_test += t_c;
    }
    int status = -1;
    if (digits_alloc(train, all->n - n_test) == 0 && digits_alloc(test, n_test) == 0) {
        int r_train = 0, r_test = 0;
        for (int k = 0; k < all->n; k++) {
            if (in_test[k])
                copy_image(test, r_test++, all, k);
            else
                copy_image(train, r_train++, all, k);
        }
        status = 0;
    } else {
        digits_free(train);
        digits_free(test);
    }
    free(in_test);
    free(idx);
    return status;
}

void digits_scale(Digits *ds, double factor)
{
    for (long k = 0; k < (long)ds->n * ds->d; k++)
        ds->x[k] *= factor;
}
