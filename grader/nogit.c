/* nogit.c -- a stand-in for libgit2, for the test binaries (grader/nogit.sh builds it).
 *
 * Debian's Criterion links libgit2, and with it about sixteen more libraries (OpenSSL, Kerberos,
 * mbed TLS, libssh2, PCRE2), for one thing: the diff of two strings that its newer assertions
 * print when they fail. The grader never makes such an assertion (a test fails through
 * grade_fail and cr_assert_fail). Yet the loader maps and relocates every one of those libraries
 * in every test process, and Criterion starts a process per test: with this stand-in found first
 * (the test binaries' RPATH), starting a test costs about half as much (bench/RESULTS.md).
 *
 * These are the three names Criterion takes from libgit2. A diff, if one were ever asked for,
 * fails as libgit2 reports a failure (a negative number), and Criterion then prints no diff.
 * The same file is also linked into every test binary (RUNNER_OBJ in the Makefile), for where
 * the stand-in cannot be loaded and the real libgit2 is: there these definitions keep Criterion
 * from initialising it (runner.c, item 5).
 */
int git_libgit2_init(void);
int git_libgit2_shutdown(void);
int git_diff_buffers(void);

int git_libgit2_init(void)
{
    return 1;   // "initialised once", as libgit2 says it
}

int git_libgit2_shutdown(void)
{
    return 0;   // nothing left initialised
}

int git_diff_buffers(void)
{
    return -1;   // GIT_ERROR
}
