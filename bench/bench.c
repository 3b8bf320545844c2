/* bench.c -- `make bench`: how many samples per second the workbook's trainer learns from, beside
 * PyTorch and numpy on the same networks, data and batches.
 *
 * For each task of tasks.h (spiral-b1, spiral-b32, digits-b32) and each trainer:
 *     ref     the reference, solutions/05_mlp.c + 06_backprop.c as they are, built with release
 *             flags (BENCH_FLAGS below; -O3 -march=native by default)
 *     fast    bench/fast_mlp.c, the same math in vector-friendly loops, -ffast-math
 *     torch   PyTorch eager, torch.set_num_threads(1)        } in bench/torch_numpy.py, a worker
 *     numpy   numpy with hand-written backprop, 1 BLAS thread } process this program talks to
 * one measurement trains whole epochs (shuffle, batch gathering, forward, loss, backward, update,
 * all timed) from the task's initial weights, after one untimed warm-up epoch, until `seconds`
 * have passed, and gives samples per second. The trainers take turns within each round (the one
 * that starts rotates), rounds are repeated, and the report gives medians, the spread, ours over
 * theirs per task, and the targets. Everything runs on one thread.
 *
 * The worker gets each task's data, its initial weights and the reference's weights after one
 * step in a file, and must reproduce that step to 1e-9 with PyTorch and with numpy before it is
 * timed: the networks compared are the same networks. Without python3-torch or python3-numpy the
 * report says how to install them and gives ours only.
 *
 * Usage: bench [--short] [--rounds R] [--seconds S] [--python PATH] [--native-blas]
 *              [--digits FILE] [--out DIR] [--tasks A,B] [--trainers A,B]
 *   --short         one round of 0.01 s per measurement: checks that everything runs (make test)
 *   --native-blas   unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for the worker alone, so that
 *                   OpenBLAS picks the kernel for this processor (see the report's BLAS line)
 *   --out DIR       writes DIR/results.tsv (every measurement) and DIR/summary.md (the tables)
 *   --tasks LIST, --trainers LIST   only these (comma-separated), e.g. to profile one of them
 * Exit status: 0 when every measurement ran and every check held (a missed target is reported,
 * not a failure: benchmarks are not tests); 1 otherwise, with the reason on stderr.
 * Left out on purpose: multi-threaded runs, float, GPUs, other optimisers.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fast_mlp.h"
#include "tasks.h"

#ifndef BENCH_FLAGS
#define BENCH_FLAGS "?"          // the reference's compiler flags, passed in by bench.mk
#endif
#ifndef BENCH_FAST_FLAGS
#define BENCH_FAST_FLAGS "?"     // fast_mlp.c's
#endif

#ifdef __clang__
#define COMPILER "clang " __VERSION__
#else
#define COMPILER "gcc " __VERSION__
#endif

#define INSTALL_HINT "sudo apt-get install -y --no-install-recommends python3-numpy " \
                     "python3-torch libopenblas0-pthread"

enum { IMPL_REF, IMPL_FAST, IMPL_TORCH, IMPL_NUMPY, IMPL_COUNT };
static const char *const IMPL_KEYS[IMPL_COUNT] = { "ref", "fast", "torch", "numpy" };
enum { MAX_ROUNDS = 50 };

typedef struct {
    int short_mode;             // --short
    int rounds;                 // measurements per task and trainer
    double seconds;             // minimum timed length of one measurement
    const char *python;         // the worker's interpreter
    int native_blas;            // unset OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for the worker
    const char *digits;         // data/digits.csv.gz
    const char *out;            // folder for results.tsv, summary.md and the task files
    const char *only_tasks;     // --tasks a,b: only these (NULL: all)
    const char *only_trainers;  // --trainers ref,fast: only these (NULL: all)
} Options;

// Whether `key` is in the comma-separated `list` (a NULL list holds everything).
static int listed(const char *list, const char *key)
{
    if (!list)
        return 1;
    size_t n = strlen(key);
    for (const char *p = list; (p = strstr(p, key)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

// The targets: ours / theirs per task.
typedef struct {
    const char *task;
    int against;                // IMPL_TORCH or IMPL_NUMPY
    double ratio;               // at least this
} Target;
static const Target TARGETS[] = {
    { "spiral-b1", IMPL_TORCH, 250.0 },
    { "spiral-b32", IMPL_TORCH, 25.0 },
    { "digits-b32", IMPL_NUMPY, 1.0 },
};

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double s[MAX_ROUNDS];
    memcpy(s, v, sizeof(double) * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

// ---------------------------------------------------------------- our trainers

// One measurement of ref (fast = 0) or fast (fast = 1) on task t: samples per second, or -1 when
// the loss went non-finite (the run would not be training any more).
static double measure_c(const Task *t, int fast, double seconds, uint64_t seed)
{
    Mlp m;
    FastMlp f;
    int *order = malloc(sizeof(int) * (size_t)t->n);
    if (!order || task_mlp(&m, t, 1) != 0 || (fast && fast_init(&f, &m, t->loss) != 0))
        die("out of memory");
    Rng rng;
    rng_seed(&rng, seed, 9);
    double loss = 0.0, start = 0.0;
    long samples = 0;
    for (int epoch = 0;; epoch++) {
        if (epoch == 1)                     // epoch 0 is the warm-up
            start = now();
        else if (epoch > 1 && now() - start >= seconds)
            break;
        rng_permutation(&rng, order, t->n);
        loss = fast ? fast_train_epoch(&f, t->x, t->y, t->n, order, t->batch, t->lr)
                    : ref_train_epoch(&m, t, order);
        if (epoch >= 1)
            samples += t->n;
    }
    double elapsed = now() - start;
    if (fast)
        fast_free(&f);
    mlp_free(&m);
    free(order);
    return isfinite(loss) ? samples / elapsed : -1.0;
}

// ---------------------------------------------------------------- the python worker

typedef struct {
    pid_t pid;
    FILE *to, *from;
    int alive;                          // answered "ready"
    char info[16][256];                 // its `info` lines: versions, BLAS, threads
    int ninfo;
    int has[IMPL_COUNT];                // has[IMPL_TORCH], has[IMPL_NUMPY]
} Worker;

// Reads one line from the worker into buf (newline stripped). Returns 0, or -1 at end of file.
static int worker_read(Worker *w, char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, w->from))
        return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

// Sends one command and reads its one-line answer.
static int worker_ask(Worker *w, char *reply, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(w->to, fmt, ap);
    va_end(ap);
    fputc('\n', w->to);
    if (fflush(w->to) != 0)
        return -1;
    return worker_read(w, reply, cap);
}

// Starts `python bench/torch_numpy.py` with one BLAS thread. Returns 0 when it said "ready";
// 1 when there is no such interpreter; -1 when it started and then failed (a broken worker).
static int worker_start(Worker *w, const Options *o)
{
    memset(w, 0, sizeof *w);
    if (access(o->python, X_OK) != 0)
        return 1;
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        die("pipe: %s", strerror(errno));
    fflush(NULL);
    w->pid = fork();
    if (w->pid < 0)
        die("fork: %s", strerror(errno));
    if (w->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        // One thread for every library that could start more.
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
        setenv("OMP_NUM_THREADS", "1", 1);
        setenv("MKL_NUM_THREADS", "1", 1);
        if (o->native_blas) {
            unsetenv("OPENBLAS_CORETYPE");
            unsetenv("OPENBLAS_L2_SIZE");
        }
        execl(o->python, o->python, "bench/torch_numpy.py", (char *)NULL);
        fprintf(stderr, "bench: cannot run %s: %s\n", o->python, strerror(errno));
        _exit(127);
    }
    close(in[0]), close(out[1]);
    w->to = fdopen(in[1], "w");
    w->from = fdopen(out[0], "r");
    char line[512];
    while (worker_read(w, line, sizeof line) == 0) {
        if (strcmp(line, "ready") == 0) {
            w->alive = 1;
            return 0;
        }
        if (strncmp(line, "info ", 5) == 0 && w->ninfo < 16)
            snprintf(w->info[w->ninfo++], sizeof w->info[0], "%.250s", line + 5);
        if (strncmp(line, "info torch ", 11) == 0 && !strstr(line, "missing"))
            w->has[IMPL_TORCH] = 1;
        if (strncmp(line, "info numpy ", 11) == 0 && !strstr(line, "missing"))
            w->has[IMPL_NUMPY] = 1;
    }
    return -1;
}

static void worker_stop(Worker *w)
{
    if (w->to) {
        fputs("quit\n", w->to);
        fclose(w->to);
    }
    if (w->from)
        fclose(w->from);
    if (w->pid > 0)
        waitpid(w->pid, NULL, 0);
    memset(w, 0, sizeof *w);
}

// Writes what the worker needs to train task t exactly as we do: the data, the initial
// parameters, and the reference's parameters and loss after one step on rows 0 .. batch-1.
static void write_task_file(const Task *t, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    Mlp m;
    if (task_mlp(&m, t, 1) != 0)
        die("out of memory");
    int D = t->sizes[0];
    fprintf(f, "name %s\nact %s\nloss %s\nbatch %d\nlr %.17g\nn %d\nsizes", t->name,
            activation_name(t->act), t->loss == LOSS_BCE ? "bce" : "softmax", t->batch, t->lr,
            t->n);
    for (int l = 0; l <= t->L; l++) fprintf(f, " %d", t->sizes[l]);
    fputc('\n', f);
    for (int k = 0; k < t->n; k++) {
        fputs("x", f);
        for (int i = 0; i < D; i++) fprintf(f, " %.17g", t->x[k * D + i]);
        fputc('\n', f);
    }
    fputs("y", f);
    for (int k = 0; k < t->n; k++) fprintf(f, " %d", t->y[k]);
    fputs("\ninit", f);
    for (int k = 0; k < m.num_params; k++) fprintf(f, " %.17g", m.params[k]);
    double loss = ref_train_step(&m, t->loss, t->x, t->y, t->batch, t->lr);
    fputs("\nstep", f);
    for (int k = 0; k < m.num_params; k++) fprintf(f, " %.17g", m.params[k]);
    fprintf(f, "\nsteploss %.17g\n", loss);
    mlp_free(&m);
    if (fclose(f) != 0)
        die("%s: write failed", path);
}

// ---------------------------------------------------------------- the report

typedef struct {
    double sps[IMPL_COUNT][MAX_ROUNDS];   // samples per second, per trainer and round
    double med[IMPL_COUNT];               // median; 0 when the trainer did not run
} Result;

static const char *impl_label(int k)
{
    static char buf[IMPL_COUNT][160];
    switch (k) {
    case IMPL_REF: snprintf(buf[k], sizeof buf[k], "ours: the reference (%s)", BENCH_FLAGS); break;
    case IMPL_FAST: snprintf(buf[k], sizeof buf[k], "ours: the fast trainer, bench/fast_mlp.c"); break;
    case IMPL_TORCH: snprintf(buf[k], sizeof buf[k], "PyTorch, eager, 1 thread"); break;
    default: snprintf(buf[k], sizeof buf[k], "numpy, hand-written backprop, 1 thread"); break;
    }
    return buf[k];
}

// The fastest and slowest of a trainer's rounds.
static void spread(const Result *r, int k, int rounds, double *lo, double *hi)
{
    *lo = *hi = r->sps[k][0];
    for (int i = 1; i < rounds; i++) {
        *lo = fmin(*lo, r->sps[k][i]);
        *hi = fmax(*hi, r->sps[k][i]);
    }
}

// The target for ours against `them` on task `name`, or NULL.
static const Target *target_for(const char *name, int them)
{
    for (size_t i = 0; i < sizeof TARGETS / sizeof *TARGETS; i++)
        if (strcmp(TARGETS[i].task, name) == 0 && TARGETS[i].against == them)
            return &TARGETS[i];
    return NULL;
}

// The two tables, as text (md = 0) or Markdown (md = 1): samples per second per task and
// trainer, then ours / theirs with the targets.
static void print_summary(FILE *f, int md, const Task *tasks, const Result *res, int rounds)
{
    if (md)
        fprintf(f, "| task | trainer | samples/s (median) | slowest .. fastest |\n"
                   "|---|---|---:|---|\n");
    for (int t = 0; t < TASK_COUNT; t++) {
        if (!md)
            fprintf(f, "\n%s: %s\n", tasks[t].name, tasks[t].what);
        for (int k = 0; k < IMPL_COUNT; k++) {
            if (res[t].med[k] <= 0) continue;
            double lo, hi;
            spread(&res[t], k, rounds, &lo, &hi);
            if (md)
                fprintf(f, "| %s | %s | %.3g | %.3g .. %.3g |\n", tasks[t].name,
                        impl_label(k), res[t].med[k], lo, hi);
            else
                fprintf(f, "  %-46s %10.3g samples/s  (%.3g .. %.3g)\n", impl_label(k),
                        res[t].med[k], lo, hi);
        }
    }
    if (md)
        fprintf(f, "\n| task | ours / theirs | ratio of medians | target | |\n"
                   "|---|---|---:|---:|---|\n");
    else
        fprintf(f, "\nours / theirs (ratio of medians), and the issue's targets:\n");
    for (int t = 0; t < TASK_COUNT; t++) {
        for (int us = IMPL_REF; us <= IMPL_FAST; us++) {
            for (int them = IMPL_TORCH; them <= IMPL_NUMPY; them++) {
                if (res[t].med[us] <= 0 || res[t].med[them] <= 0) continue;
                double ratio = res[t].med[us] / res[t].med[them];
                const Target *tg = target_for(tasks[t].name, them);
                char target[32] = "", verdict[16] = "";
                if (tg) {
                    snprintf(target, sizeof target, ">= %g", tg->ratio);
                    snprintf(verdict, sizeof verdict, "%s", ratio >= tg->ratio ? "met" : "MISSED");
                }
                if (md)
                    fprintf(f, "| %s | %s / %s | %.3g | %s | %s |\n", tasks[t].name,
                            IMPL_KEYS[us], IMPL_KEYS[them], ratio, target, verdict);
                else
                    fprintf(f, "  %-11s %4s / %-6s %8.3g   %-7s %s\n", tasks[t].name,
                            IMPL_KEYS[us], IMPL_KEYS[them], ratio, target, verdict);
            }
        }
    }
}

// One line about this machine: the processor (/proc/cpuinfo), the cores, the load average.
static void describe_machine(char *buf, size_t cap)
{
    char model[128] = "?", line[256], load[64] = "?";
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            snprintf(model, sizeof model, "%s", colon + 2);
            model[strcspn(model, "\n")] = '\0';
            break;
        }
    }
    if (f) fclose(f);
    f = fopen("/proc/loadavg", "r");
    if (f && fgets(line, sizeof line, f)) {
        snprintf(load, sizeof load, "%.40s", line);
        load[strcspn(load, "\n")] = '\0';
    }
    if (f) fclose(f);
    snprintf(buf, cap, "%s, %ld cores online, load average %s", model,
             sysconf(_SC_NPROCESSORS_ONLN), load);
}

// ---------------------------------------------------------------- main

static void usage(void)
{
    fprintf(stderr, "usage: bench [--short] [--rounds R] [--seconds S] [--python PATH] "
                    "[--native-blas] [--digits FILE] [--out DIR] [--tasks A,B] [--trainers A,B]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    Options o = { .rounds = 7, .seconds = 0.4, .python = "/usr/bin/python3",
                  .digits = "data/digits.csv.gz", .out = "build/bench" };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--short") == 0) o.short_mode = 1, o.rounds = 1, o.seconds = 0.01;
        else if (strcmp(a, "--native-blas") == 0) o.native_blas = 1;
        else if (!v) usage();
        else if (strcmp(a, "--rounds") == 0) o.rounds = atoi(v), i++;
        else if (strcmp(a, "--seconds") == 0) o.seconds = atof(v), i++;
        else if (strcmp(a, "--python") == 0) o.python = v, i++;
        else if (strcmp(a, "--digits") == 0) o.digits = v, i++;
        else if (strcmp(a, "--out") == 0) o.out = v, i++;
        else if (strcmp(a, "--tasks") == 0) o.only_tasks = v, i++;
        else if (strcmp(a, "--trainers") == 0) o.only_trainers = v, i++;
        else usage();
    }
    if (o.rounds < 1 || o.rounds > MAX_ROUNDS || !(o.seconds > 0))
        die("--rounds must be 1 .. %d and --seconds above 0", MAX_ROUNDS);
    signal(SIGPIPE, SIG_IGN);       // a dead worker is an error we report, not a crash

    Task tasks[TASK_COUNT];
    for (int t = 0; t < TASK_COUNT; t++) {
        char err[512];
        if (task_init(&tasks[t], TASK_NAMES[t], o.digits, err, sizeof err) != 0)
            die("%s", err);
    }
    char machine[400], date[32];
    describe_machine(machine, sizeof machine);
    time_t now_s = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now_s));
    printf("bench: samples per second (forward, loss, backward, update, shuffle and batching "
           "included),\none thread, %d round%s of >= %g s per trainer and task, trainers taking "
           "turns%s\n", o.rounds, o.rounds == 1 ? "" : "s", o.seconds,
           o.short_mode ? " (short mode: checks that it runs, measures nothing)" : "");
    printf("  %s; %s\n  reference built with %s %s; fast trainer with %s\n", date, machine,
           COMPILER, BENCH_FLAGS, BENCH_FAST_FLAGS);
    for (int t = 0; t < TASK_COUNT; t++)
        printf("  %-10s %s; data: %s\n", tasks[t].name, tasks[t].what, tasks[t].source);

    // The worker: PyTorch and numpy, if they are here.
    Worker w;
    int want_worker = listed(o.only_trainers, "torch") || listed(o.only_trainers, "numpy");
    int ws = want_worker ? worker_start(&w, &o) : (memset(&w, 0, sizeof w), 2);
    if (ws < 0)
        die("%s bench/torch_numpy.py stopped before it was ready (its error is above)", o.python);
    int have_worker = ws == 0 && (w.has[IMPL_TORCH] || w.has[IMPL_NUMPY]);
    if (ws == 1)
        printf("  no %s: PyTorch and numpy not measured\n", o.python);
    for (int k = 0; k < w.ninfo; k++)
        printf("  %s\n", w.info[k]);
    int missing = ws == 1 || (ws == 0 && !(w.has[IMPL_TORCH] && w.has[IMPL_NUMPY]));
    if (missing)
        printf("  to measure PyTorch and numpy too: %s\n", INSTALL_HINT);
    if (have_worker) {
        for (int t = 0; t < TASK_COUNT; t++) {
            char path[1200], reply[512];
            snprintf(path, sizeof path, "%.1000s/%.15s.task", o.out, tasks[t].name);
            write_task_file(&tasks[t], path);
            if (worker_ask(&w, reply, sizeof reply, "load %s %s", tasks[t].name, path) != 0)
                die("the worker died while loading %s", path);
            if (strncmp(reply, "loaded ", 7) != 0)
                die("the worker could not load %s: %s", path, reply);
            printf("  %-10s first step against ours, worst relative difference:%s\n",
                   tasks[t].name, reply + 7 + strlen(tasks[t].name));
        }
    }
    fflush(stdout);

    // The rounds: every task, every trainer, in an order that rotates from round to round.
    static Result res[TASK_COUNT];
    int run[IMPL_COUNT] = { 1, 1, have_worker && w.has[IMPL_TORCH],
                            have_worker && w.has[IMPL_NUMPY] };
    for (int k = 0; k < IMPL_COUNT; k++)
        run[k] = run[k] && listed(o.only_trainers, IMPL_KEYS[k]);
    char tsv[1200];
    snprintf(tsv, sizeof tsv, "%.1000s/results.tsv", o.out);
    FILE *raw = fopen(tsv, "w");
    if (!raw)
        die("%s: %s", tsv, strerror(errno));
    fprintf(raw, "round\ttask\ttrainer\tsamples_per_s\n");
    for (int r = 0; r < o.rounds; r++) {
        for (int t = 0; t < TASK_COUNT; t++) {
            if (!listed(o.only_tasks, tasks[t].name)) continue;
            for (int j = 0; j < IMPL_COUNT; j++) {
                int k = (j + r) % IMPL_COUNT;
                if (!run[k]) continue;
                double sps;
                uint64_t seed = 100 + (uint64_t)r;
                if (k <= IMPL_FAST) {
                    sps = measure_c(&tasks[t], k == IMPL_FAST, o.seconds, seed);
                    if (sps < 0)
                        die("%s on %s: the loss is not finite", IMPL_KEYS[k], tasks[t].name);
                } else {
                    char reply[512];
                    if (worker_ask(&w, reply, sizeof reply, "run %s %s %.17g %llu", tasks[t].name,
                                   IMPL_KEYS[k], o.seconds, (unsigned long long)seed) != 0)
                        die("the worker died while running %s on %s", IMPL_KEYS[k],
                            tasks[t].name);
                    if (sscanf(reply, "sps %lf", &sps) != 1)
                        die("%s on %s: %s", IMPL_KEYS[k], tasks[t].name, reply);
                }
                if (!(sps > 0 && isfinite(sps)))
                    die("%s on %s: %g samples per second", IMPL_KEYS[k], tasks[t].name, sps);
                res[t].sps[k][r] = sps;
                fprintf(raw, "%d\t%s\t%s\t%.6g\n", r, tasks[t].name, IMPL_KEYS[k], sps);
            }
        }
        printf("  round %d of %d done\n", r + 1, o.rounds);
        fflush(stdout);
    }
    fclose(raw);
    for (int t = 0; t < TASK_COUNT; t++)
        for (int k = 0; k < IMPL_COUNT; k++)
            res[t].med[k] = run[k] && listed(o.only_tasks, tasks[t].name)
                                 ? median(res[t].sps[k], o.rounds) : 0.0;

    // The report, on stdout and in Markdown.
    print_summary(stdout, 0, tasks, res, o.rounds);
    if (o.short_mode)
        printf("\n(short mode: one tiny round each, so the numbers above are not measurements; "
               "make bench measures)\n");
    if (missing)
        printf("\nPyTorch and numpy were not measured; to compare with them:\n    %s\n",
               INSTALL_HINT);
    char mdpath[1200];
    snprintf(mdpath, sizeof mdpath, "%.1000s/summary.md", o.out);
    FILE *md = fopen(mdpath, "w");
    if (!md)
        die("%s: %s", mdpath, strerror(errno));
    describe_machine(machine, sizeof machine);          // the load average at the end
    fprintf(md, "Run %s on %s.\nReference built with `%s %s`; fast trainer with `%s`. "
                "%d round%s of >= %g s per trainer and task.\n\n", date, machine, COMPILER,
            BENCH_FLAGS, BENCH_FAST_FLAGS, o.rounds, o.rounds == 1 ? "" : "s", o.seconds);
    for (int k = 0; k < w.ninfo; k++)
        fprintf(md, "- %s\n", w.info[k]);
    if (missing)
        fprintf(md, "- PyTorch and numpy not measured (`%s`)\n", INSTALL_HINT);
    fputc('\n', md);
    print_summary(md, 1, tasks, res, o.rounds);
    fclose(md);
    printf("\nevery measurement: %s; the tables in Markdown: %s\n", tsv, mdpath);

    worker_stop(&w);
    for (int t = 0; t < TASK_COUNT; t++)
        task_free(&tasks[t]);
    return 0;
}
