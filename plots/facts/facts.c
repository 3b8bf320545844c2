/* facts.c -- see facts.h. */
#include "facts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FACTS = 512, NAME_MAX_LEN = 48, BUFS = 32, BUF_LEN = 96 };

static char seen[MAX_FACTS][NAME_MAX_LEN];
static int nseen;

void facts_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "facts: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

void fact(const char *name, const char *fmt, ...)
{
    size_t len = strlen(name);
    if (len == 0 || len >= NAME_MAX_LEN || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
        facts_die("bad fact name \"%s\" (lower-case letters, digits, _)", name);
    for (int i = 0; i < nseen; i++)
        if (strcmp(seen[i], name) == 0)
            facts_die("fact \"%s\" printed twice", name);
    if (nseen == MAX_FACTS)
        facts_die("more than %d facts", MAX_FACTS);
    strcpy(seen[nseen++], name);

    char words[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(words, sizeof words, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof words || strchr(words, '\n'))
        facts_die("fact \"%s\": its words must be one line of under %zu characters", name, sizeof words);
    printf("%s: %s\n", name, words);
}

// The next of the rotating buffers.
static char *buffer(void)
{
    static char bufs[BUFS][BUF_LEN];
    static int next;
    char *b = bufs[next];
    next = (next + 1) % BUFS;
    return b;
}

const char *num(double x, int sig)
{
    char *b = buffer();
    snprintf(b, BUF_LEN, "%.*g", sig, x);
    if (strcmp(b, "-0") == 0)
        strcpy(b, "0");
    return b;
}

const char *fix(double x, int decimals)
{
    char *b = buffer();
    snprintf(b, BUF_LEN, "%.*f", decimals, x);
    // -0.000 is 0.000
    if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
        memmove(b, b + 1, strlen(b));
    return b;
}

const char *pct(double frac, int decimals)
{
    char *b = buffer();
    snprintf(b, BUF_LEN, "%.*f%%", decimals, 100.0 * frac);
    return b;
}

const char *sci(double x, int sig)
{
    char *b = buffer();
    if (x == 0.0 || !isfinite(x)) {
        snprintf(b, BUF_LEN, "%g", x);
        return b;
    }
    char e[40];
    snprintf(e, sizeof e, "%.*e", sig - 1, x);   // "4.2e-18"
    char *p = strchr(e, 'e');
    int exp10 = atoi(p + 1);
    *p = '\0';
    if (strcmp(e, "1") == 0)
        snprintf(b, BUF_LEN, "10^{%d}", exp10);
    else if (strcmp(e, "-1") == 0)
        snprintf(b, BUF_LEN, "-10^{%d}", exp10);
    else
        snprintf(b, BUF_LEN, "%s \\times 10^{%d}", e, exp10);
    return b;
}
