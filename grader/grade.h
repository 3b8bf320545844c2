/* grade.h -- what every chapter's test file uses: graded tests, the sandbox, and messages.
 *
 * A chapter's tests live in grader/NN_topic.c (visible: students get them) and, for the
 * instructor, grader/hidden/NN_topic.c (run only at submission). Each test is a Criterion test
 * that the points table, grader/points.txt, maps to an exercise, points and a hint.
 *
 *     GRADED_SUITE(ch01);                              // once per chapter, in the visible file
 *     GRADED_TEST(ch01, predict_uses_every_feature) {  // a sentence: it is what students read
 *         int got = perceptron_predict(w, b, x, 5);
 *         grade_expect_implemented(got != -1, "perceptron_predict");
 *         if (got != 1)
 *             grade_fail("perceptron_predict(...) returned %d, expected 1 ...", got);
 *     }
 *
 * A graded test passes only when its body runs to its end without a failed check: a test whose
 * process the code under test ends early (exit, _exit, a signal, a time-out) gets no points.
 * Checks report failure only (grade_fail and friends); never use a passing Criterion assertion
 * in a body, because a passing old-style assertion is how the runner learns that a test reached
 * its end (see runner.c).
 */
#ifndef WORKBOOK_GRADE_H
#define WORKBOOK_GRADE_H

#include <stdio.h>
#include <criterion/criterion.h>

#include "gradcheck.h"

// Seconds a single test may spend in the student's code: far above the reference's few
// milliseconds. The boundary enforces it and names the function that ran out of time;
// Criterion's own time-out, a little later, is the backstop (and the limit when the student's
// code is linked in). Criterion 2.4.1 aborts the whole run when a test ends just as its
// time-out fires, hence the gap.
#define GRADE_TIMEOUT 5.0
#define GRADE_BACKSTOP (GRADE_TIMEOUT + 3.0)

// Runs in each test's own process before the body: resource limits, and, when the grader runs
// as root, the switch to an unprivileged user (runner.c).
void grade_sandbox(void);

// Called by GRADED_TEST before the body: with GRADE_VERBOSE=1, prints "=== suite/name" so that
// what the code under test prints is attributed to its test.
void grade_begin(const char *test);

// Called by GRADED_TEST after the body: the one passing assertion a test makes.
void grade_reached_end(void);

// Runs in each test's own process after the body, even when a check failed: stops the student
// process (runner.c).
void grade_end(void);

#define GRADED_SUITE(suite) \
    TestSuite(suite, .init = grade_sandbox, .fini = grade_end, .timeout = GRADE_BACKSTOP)

#define GRADED_TEST(suite, name)                                         \
    static void suite##_##name##_body(void);                             \
    Test(suite, name) {                                                  \
        grade_begin(#suite "/" #name);                                   \
        suite##_##name##_body();                                         \
        grade_reached_end();                                             \
    }                                                                    \
    static void suite##_##name##_body(void)

// Fails the running test with a message (printf format; several lines are fine). Does not return.
void grade_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

// The chapter file being graded, for messages ("skeletons/01_perceptron.c").
const char *grade_source(void);

// Fails with "<fn> is not implemented yet" unless `implemented` holds.
void grade_expect_implemented(int implemented, const char *fn);

// Fails with a message naming `fn` unless got and want agree to within tol (absolute). `what`
// says which value, e.g. "w[1] after the update". NaN never agrees.
void grade_expect_close(double got, double want, double tol, const char *fn, const char *what);

// Fails unless the exercise `dep` passes a probe: a test that builds on another exercise says
// so first ("fix perceptron_update first: ...") instead of blaming the function it tests.
void grade_expect_dependency(int works, const char *dep, const char *why);

// The hint a write past the end of an argument gets in this test (the boundary finds it; see
// boundary.h): what such a write most likely means for the function tested, e.g. feature_map's
// rows packed wrong. NULL (the default) gives a generic one. The string must outlive the test.
void grade_overrun_hint(const char *hint);
const char *grade_overrun_hint_now(void);

// A probe of an exercise the running test builds on: 1 when it works; else 0, with the reason
// written into why (cap bytes).
typedef int (*GradeProbe)(void *ctx, char *why, size_t cap);

// Checks dep with probe only if the test fails: its failure then reads "fix dep first: why"
// instead of blaming the function tested. Unlike grade_expect_dependency, a test that passes
// keeps its points whatever dep does (a > in perceptron_predict breaks some updates, not all).
// Not for failures the boundary finds during a call (crashes, overruns), which stand as they
// are. At most 4 per test.
void grade_on_failure_expect(const char *dep, GradeProbe probe, void *ctx);

// Bytes the code under test holds from malloc. Exact when it runs in the student process (the
// grader keeps the books of its heap); linked in (make debug, SANITIZE=1), the bytes glibc has
// mapped for large blocks, which with a 128 KiB mmap threshold (mallopt) go back down exactly when
// such blocks are freed; 0 where neither can tell.
size_t grade_student_heap(void);

// Fails with the gradient checker's report (gradcheck.h) unless every entry of every tensor in
// ts[0 .. count-1] matches the centred difference of f. opt may be NULL for the defaults.
void grade_gradcheck(const char *fn, const GcTensor *ts, int count, GcFunc f, void *ctx,
                     const GcOptions *opt);

#endif
