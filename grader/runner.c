/* runner.c -- the main of every chapter's test binary, and what each test does before and
 * after its body.
 *
 * Criterion runs each test in a forked worker. This file adds:
 *  1. A "raw" output provider (--output=raw:FILE) that writes one line per test, escaped by us:
 *        test <TAB> status <TAB> seconds <TAB> message
 *     status is passed | failed | crashed:SIGNAL | timeout | exit:CODE | stopped. Criterion's own
 *     JSON and XML reports are not used: its JSON does not escape quotes, its XML breaks on
 *     multi-line messages. grader/report.c turns these lines into points.
 *  2. "Ran to its end": a test counts as passed only when it made exactly the one passing
 *     assertion that GRADED_TEST makes after the body.
 *  3. Where the student's code runs. Graded normally, it is not in this binary at all: the
 *     tests call stubs that run it in the student process (boundary.h), which is sandboxed
 *     before it starts (sandbox.h), and this process -- which holds the expected values and
 *     writes the report -- runs only the grader's code. Under make debug and SANITIZE=1 the
 *     student's objects are linked in instead, so that gdb and the sanitizers see them; those
 *     runs are for finding bugs, and grade_sandbox (each suite's .init) then puts limits on the
 *     test's own process and, as root, switches it to the grading run's user id.
 *  4. Memory and processes, for the linked-in runs: malloc, calloc and realloc are wrapped
 *     (-Wl,--wrap=...) so that running out of the memory limit fails the test with that reason;
 *     fork, system, popen and exit are wrapped so that each fails the test with a message.
 *     free is wrapped so that a test can free what the student process allocated.
 *  5. No libgit2. Criterion links it to print diffs of strings in its newer assertions, which
 *     the grader never makes (a test fails through grade_fail and cr_assert_fail). Where the
 *     loader allows, the test binaries load a stand-in instead of the library (grader/nogit.c,
 *     built as a shared library). Where it does not, the real one is loaded, and Criterion
 *     initialises it in every test process: libgit2's initialisation reads and parses every
 *     certificate authority of the machine (/etc/ssl/certs), half of what Criterion costs per
 *     test (bench/RESULTS.md). So every test binary also links nogit.c's object: a program's
 *     definitions come before a shared library's, and its three names take libgit2's place.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <criterion/output.h>
#include <criterion/stats.h>
#include <grp.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "boundary.h"
#include "grade.h"

// The boundary's functions, present only in a test binary linked with the stubs (weak: NULL in
// one the student's objects are linked into).
#pragma weak boundary_contained
#pragma weak boundary_in_call
#pragma weak boundary_begin_test
#pragma weak boundary_end_test
#pragma weak boundary_in_heap
#pragma weak boundary_release
#pragma weak boundary_student_heap

static int contained(void)
{
    return boundary_contained && boundary_contained();
}

// Under AddressSanitizer (SANITIZE=1) a test also fails when it leaks.
#if defined(__SANITIZE_ADDRESS__)
#define GRADE_CHECK_LEAKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GRADE_CHECK_LEAKS 1
#endif
#endif
#ifdef GRADE_CHECK_LEAKS
#include <dlfcn.h>
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

// ---------------------------------------------------------------- messages

// The probes grade_on_failure_expect registered for the running test (each test is a process
// of its own, so they start empty), and whether one is running now.
typedef struct {
    const char *dep;
    GradeProbe probe;
    void *ctx;
} Probe;
static Probe probes[4];
static int nprobes, probing;

void grade_on_failure_expect(const char *dep, GradeProbe probe, void *ctx)
{
    if (nprobes < 4)
        probes[nprobes++] = (Probe){ dep, probe, ctx };
}

void grade_fail(const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    // A failure with a broken dependency is that dependency's to fix. (A failure inside a probe,
    // or one the boundary found during a call, is reported as it is.)
    if (!probing && !(boundary_in_call && boundary_in_call())) {
        probing = 1;
        for (int k = 0; k < nprobes; k++) {
            char why[2048];
            why[0] = '\0';
            if (!probes[k].probe(probes[k].ctx, why, sizeof why)) {
                snprintf(msg, sizeof msg, "fix %s first: %s", probes[k].dep, why);
                break;
            }
        }
    }
    cr_assert_fail("%s", msg);
    abort();   // not reached: cr_assert_fail ends the test
}

void grade_begin(const char *test)
{
    if (contained()) {
        // GRADE_TEST_SECONDS may shorten a test's time (the workbook's own tests of endless
        // loops), never lengthen it.
        const char *s = getenv("GRADE_TEST_SECONDS");
        double seconds = s && *s ? strtod(s, NULL) : GRADE_TIMEOUT;
        boundary_begin_test(seconds > 0 && seconds < GRADE_TIMEOUT ? seconds : GRADE_TIMEOUT);
    }
#ifdef GRADE_CHECK_LEAKS
    // Each test's sanitizer reports into a file of its own, GRADE_SANDIR/SUITE.NAME.PID, so that
    // the report can put the line that matters under the test that stopped (grade.sh adds the
    // files to the run log afterwards).
    const char *sandir = getenv("GRADE_SANDIR");
    if (sandir && *sandir) {
        static char path[1024];
        snprintf(path, sizeof path, "%s/%s", sandir, test);
        for (char *c = path + strlen(sandir) + 1; *c; c++)
            if (*c == '/')
                *c = '.';
        __sanitizer_set_report_path(path);
        // gcc's UndefinedBehaviorSanitizer is a library of its own, with its own copy of the
        // setting (clang's shares one runtime, and then this finds nothing).
        void *ubsan = dlopen("libubsan.so.1", RTLD_LAZY | RTLD_NOLOAD);
        if (ubsan) {
            void (*set_path)(const char *);
            *(void **)&set_path = dlsym(ubsan, "__sanitizer_set_report_path");
            if (set_path)
                set_path(path);
            dlclose(ubsan);
        }
    }
#endif
    const char *verbose = getenv("GRADE_VERBOSE");
    if (verbose && *verbose == '1') {
        printf("=== %s\n", test);
        fflush(stdout);
    }
}

// The process the test runs in; set by grade_sandbox, before the body.
static pid_t test_pid;

void grade_end(void)
{
    if (contained())
        boundary_end_test();
}

void grade_reached_end(void)
{
    probing = 1;   // the body passed: what fails from here (a leak, a fork) is not a dependency's
    if (contained()) {
        boundary_end_test();   // the student process ends with its test
        cr_assert_eq(1, 1, "reached the end of the test");
        return;
    }
    // Linked in: a child the code under test forked runs on through the test body to here: it
    // must not report anything. The test process fails if any child was started at all.
    if (test_pid && getpid() != test_pid)
        _exit(0);
    if (waitpid(-1, NULL, WNOHANG) != -1)
        grade_fail("the code under test started another process (fork): a function must compute"
                   " its result, not start programs");
#ifdef GRADE_CHECK_LEAKS
    if (__lsan_do_recoverable_leak_check())
        grade_fail("LeakSanitizer: memory allocated during this test was never freed by the"
                   " code under test (its report, with the allocation's file and line, is in %s)",
                   getenv("GRADE_LOG") ? getenv("GRADE_LOG") : "the run log");
#endif
    cr_assert_eq(1, 1, "reached the end of the test");
}

size_t grade_student_heap(void)
{
    if (contained())
        return boundary_student_heap();
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return mallinfo2().hblkhd;
#else
    return 0;
#endif
}

const char *grade_source(void)
{
    const char *s = getenv("GRADE_SOURCE");
    return s && *s ? s : "your chapter file";
}

void grade_expect_implemented(int implemented, const char *fn)
{
    if (!implemented)
        grade_fail("%s is not implemented yet -- write its TODO block in %s", fn, grade_source());
}

void grade_expect_close(double got, double want, double tol, const char *fn, const char *what)
{
    double diff = got - want;
    if (!(diff <= tol && -diff <= tol))   // written so that NaN fails
        grade_fail("%s: %s is %.10g, expected %.10g (difference %.3g, allowed %.3g)",
                   fn, what, got, want, diff, tol);
}

static const char *overrun_hint;

void grade_overrun_hint(const char *hint)
{
    overrun_hint = hint;
}

const char *grade_overrun_hint_now(void)
{
    return overrun_hint;
}

void grade_expect_dependency(int works, const char *dep, const char *why)
{
    if (!works)
        grade_fail("fix %s first: %s", dep, why);
}

void grade_gradcheck(const char *fn, const GcTensor *ts, int count, GcFunc f, void *ctx,
                     const GcOptions *opt)
{
    char report[3072];
    if (!gc_check(fn, ts, count, f, ctx, opt, report, sizeof report))
        grade_fail("%s", report);
}

// Allocation from code under test. Past the memory limit, malloc returns NULL and the code
// would crash on it; fail with the real reason instead. The grader's own allocations in the test
// file go through here too, and a failure there is the same story.
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);

// A block the student process allocated (a network's params) is the boundary's to free.
void __wrap_free(void *p)
{
    if (p && boundary_in_heap && boundary_in_heap(p, 1))
        boundary_release(p);
    else
        __real_free(p);
}

static void out_of_memory(const char *fn, size_t n)
{
    probing = 1;   // no probe: it would only allocate more
    grade_fail("ran out of memory: %s(%zu) failed; the limit is 1 GiB per test (an allocation in"
               " a loop that never frees, or a size computed from a wrong value?)", fn, n);
}

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    if (!p && n)
        out_of_memory("malloc", n);
    // A fixed pattern, never what the block held before: a test that passes a buffer it did not
    // fill hands the student process no leftovers of this process (expected values, say).
    if (p)
        memset(p, 0xA5, n);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    void *p = __real_calloc(n, size);
    if (!p && n && size)
        out_of_memory("calloc", n * size);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    size_t had = old ? malloc_usable_size(old) : 0;
    void *p = __real_realloc(old, n);
    if (!p && n)
        out_of_memory("realloc", n);
    if (p && n > had)   // the part it grew by, as malloc's
        memset((char *)p + had, 0xA5, n - had);
    return p;
}

// Starting programs from code under test: fail with a message. (A process started another way,
// past these wrappers, is caught by the check in grade_reached_end, bounded by RLIMIT_NPROC,
// and killed after the chapter by grade.sh.)
pid_t __wrap_fork(void)
{
    probing = 1;   // the code under test broke a rule: no probe runs it again
    grade_fail("the code under test called fork(): a function must compute its result, not start"
               " processes");
}

int __wrap_system(const char *command)
{
    probing = 1;   // the code under test broke a rule: no probe runs it again
    grade_fail("the code under test called system(\"%.60s\"): a function must compute its result,"
               " not run programs", command ? command : "");
}

FILE *__wrap_popen(const char *command, const char *mode)
{
    probing = 1;   // the code under test broke a rule: no probe runs it again
    (void)mode;
    grade_fail("the code under test called popen(\"%.60s\"): a function must compute its result,"
               " not run programs", command ? command : "");
}

// exit() from code under test: fail with a message. The runner's own exit is in libcriterion
// and is not wrapped.
void __real_exit(int code);
void __wrap_exit(int code)
{
    probing = 1;   // the code under test broke a rule: no probe runs it again
    grade_fail("the code under test called exit(%d): a function must return, not end the program",
               code);
    __real_exit(code);
}

// ---------------------------------------------------------------- sandbox

static void limit(int resource, rlim_t value)
{
    struct rlimit r = { value, value };
    struct rlimit old;
    if (getrlimit(resource, &old) == 0 && old.rlim_max != RLIM_INFINITY && old.rlim_max < value)
        r.rlim_cur = r.rlim_max = old.rlim_max;   // never raise a limit someone else set
    setrlimit(resource, &r);
}

void grade_sandbox(void)
{
    test_pid = getpid();
    if (contained()) {
        limit(RLIMIT_CORE, 0);   // the student process has its own sandbox; this one is ours
        return;
    }
    limit(RLIMIT_CPU, (rlim_t)(GRADE_TIMEOUT * 2));   // a backstop behind Criterion's timeout
    limit(RLIMIT_FSIZE, 16u << 20);                    // no file over 16 MiB
    limit(RLIMIT_CORE, 0);
    // Memory: RLIMIT_DATA, not RLIMIT_AS, which makes AddressSanitizer abort at start-up.
    // Sanitized runs (GRADE_SANITIZE=1) map a large shadow and go without it.
    const char *san = getenv("GRADE_SANITIZE");
    if (!(san && *san == '1'))
        limit(RLIMIT_DATA, (rlim_t)1 << 30);          // 1 GiB

    if (geteuid() == 0) {
        // Root ignores RLIMIT_NPROC and may write anywhere: become the sandbox user first.
        const char *env = getenv("GRADE_UID");
        long id = env && *env ? strtol(env, NULL, 10) : 64999;   // 64999 when run by hand
        if (id <= 0 || setgroups(0, NULL) != 0 || setgid((gid_t)id) != 0 || setuid((uid_t)id) != 0) {
            fprintf(stderr, "grader: cannot switch to the sandbox user %ld; refusing to run as root\n", id);
            _exit(98);
        }
        prctl(PR_SET_DUMPABLE, 1);   // LeakSanitizer needs to trace its own process
    }
    limit(RLIMIT_NPROC, 64);
}

// ---------------------------------------------------------------- the raw report

// Writes s with \, tab, newline and carriage return escaped, so that one test is one line.
static void put_escaped(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", f); break;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default:   fputc(*s, f);
        }
    }
}

// The message of the first failed assertion (Criterion keeps them newest first).
static const char *first_failure(const struct criterion_test_stats *t)
{
    const char *msg = NULL;
    for (const struct criterion_assert_stats *a = t->asserts; a; a = a->next)
        if (!a->passed && a->message)
            msg = a->message;
    return msg ? msg : "";
}

static void raw_report(FILE *f, struct criterion_global_stats *stats)
{
    for (struct criterion_suite_stats *s = stats->suites; s; s = s->next) {
        for (struct criterion_test_stats *t = s->tests; t; t = t->next) {
            if (t->test_status == CR_STATUS_SKIPPED)
                continue;
            char status[32];
            if (t->timed_out)
                snprintf(status, sizeof status, "timeout");
            else if (t->crashed || t->signal)
                snprintf(status, sizeof status, "crashed:%d", t->signal);
            else if (t->test_status == CR_STATUS_FAILED && t->failed_asserts == 0 && t->exit_code)
                snprintf(status, sizeof status, "exit:%d", t->exit_code);
            else if (t->test_status == CR_STATUS_FAILED)
                snprintf(status, sizeof status, "failed");
            else if (t->passed_asserts != 1)
                snprintf(status, sizeof status, "stopped");
            else
                snprintf(status, sizeof status, "passed");
            fprintf(f, "%s/%s\t%s\t%.3f\t", t->test->category, t->test->name, status,
                    (double)t->elapsed_time);
            put_escaped(f, first_failure(t));
            fputc('\n', f);
        }
    }
    fflush(f);
}

int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    criterion_register_output_provider("raw", raw_report);
    int rc = 0;
    if (criterion_handle_args(argc, argv, true))
        rc = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    return rc;
}
