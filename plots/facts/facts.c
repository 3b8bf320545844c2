/* facts.c -- see facts.h. */
#include "facts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FACTS = 512, NAME_MAX_LEN = 48, BUFS = 32, BUF_LEN = 96, LONG_LEN = 768 };

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

    char words[4096];
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
    snprintf(b, BUF_LEN, "%.*f", decimals, 100.0 * frac);
    // 98.0 is written 98: trailing zeros of the decimals go, then a bare point
    if (strchr(b, '.')) {
        size_t n = strlen(b);
        while (b[n - 1] == '0')
            b[--n] = '\0';
        if (b[n - 1] == '.')
            b[--n] = '\0';
    }
    strcat(b, "%");
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

// ---------------------------------------------------------------- TensorFlow Playground

// The Playground's inputs: our name, its URL key, and how the notes write it.
static const struct { const char *name, *key, *words; } INPUTS[7] = {
    { "x1", "x", "$x_1$" },          { "x2", "y", "$x_2$" },
    { "x1sq", "xSquared", "$x_1^2$" }, { "x2sq", "ySquared", "$x_2^2$" },
    { "x1x2", "xTimesY", "$x_1 x_2$" }, { "sin1", "sinX", "$\\sin x_1$" },
    { "sin2", "sinY", "$\\sin x_2$" },
};

static int has_input(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

static void playground_check(const Playground *pg)
{
    const char *sets[4] = { "circle", "xor", "gauss", "spiral" };
    const char *acts[4] = { "tanh", "relu", "sigmoid", "linear" };
    int ok = 0;
    for (int i = 0; i < 4; i++)
        ok |= strcmp(pg->dataset, sets[i]) == 0;
    if (!ok)
        facts_die("Playground data set \"%s\" unknown", pg->dataset);
    ok = 0;
    for (int i = 0; i < 4; i++)
        ok |= strcmp(pg->activation, acts[i]) == 0;
    if (!ok)
        facts_die("Playground activation \"%s\" unknown", pg->activation);
    char copy[128];
    snprintf(copy, sizeof copy, "%s", pg->features);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        ok = 0;
        for (int i = 0; i < 7; i++)
            ok |= strcmp(tok, INPUTS[i].name) == 0;
        if (!ok)
            facts_die("Playground input \"%s\" unknown", tok);
    }
    if (pg->noise < 0 || pg->noise > 50 || pg->train_percent < 10 || pg->train_percent > 90)
        facts_die("Playground noise %d or training share %d out of range", pg->noise, pg->train_percent);
}

const char *playground_url(const Playground *pg)
{
    static char url[BUFS][LONG_LEN];
    static int next;
    playground_check(pg);
    char *u = url[next];
    next = (next + 1) % BUFS;
    int n = snprintf(u, LONG_LEN, "https://playground.tensorflow.org/#activation=%s&batchSize=%d"
                     "&dataset=%s&regDataset=reg-plane&learningRate=%g&regularization=none"
                     "&regularizationRate=0&noise=%d&networkShape=%s&seed=%s&showTestData=false"
                     "&discretize=false&percTrainData=%d", pg->activation, pg->batch, pg->dataset,
                     pg->lr, pg->noise, pg->hidden, pg->seed, pg->train_percent);
    for (int i = 0; i < 7; i++)
        n += snprintf(u + n, LONG_LEN - (size_t)n, "&%s=%s", INPUTS[i].key,
                      has_input(pg->features, INPUTS[i].name) ? "true" : "false");
    snprintf(u + n, LONG_LEN - (size_t)n, "&cosX=false&cosY=false&collectStats=false"
             "&problem=classification&initZero=false&hideText=false");
    return u;
}

const char *playground_words(const Playground *pg)
{
    static char words[BUFS][LONG_LEN];
    static int next;
    playground_check(pg);
    char *w = words[next];
    next = (next + 1) % BUFS;
    char inputs[256] = "", layers[128];
    for (int i = 0; i < 7; i++)
        if (has_input(pg->features, INPUTS[i].name))
            snprintf(inputs + strlen(inputs), sizeof inputs - strlen(inputs), "%s%s",
                     inputs[0] ? ", " : "", INPUTS[i].words);
    if (pg->hidden[0] == '\0')
        snprintf(layers, sizeof layers, "no hidden layer");
    else if (strchr(pg->hidden, ','))
        snprintf(layers, sizeof layers, "hidden layers of %s units", pg->hidden);
    else
        snprintf(layers, sizeof layers, "one hidden layer of %s units", pg->hidden);
    snprintf(w, LONG_LEN, "data %s, noise %d, %d%% of it for training; features %s; %s%s%s; "
             "learning rate %g, batch size %d, seed %s", pg->dataset, pg->noise, pg->train_percent,
             inputs, layers, pg->hidden[0] ? ", activation " : "", pg->hidden[0] ? pg->activation : "",
             pg->lr, pg->batch, pg->seed);
    return w;
}
