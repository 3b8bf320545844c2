/* sandbox_main.c -- build/bin/sandbox, the command grader/grade.sh runs student input with.
 *
 *   sandbox probe                   exit 0 when this machine can run the student process
 *                                   (seccomp notifications), 1 with the reason otherwise
 *   sandbox landlock                exit 0 when the kernel has Landlock
 *   sandbox kill-user UID           as root: kill every process of that user id
 *   sandbox private-tmp [--keep DIR]... -- CMD...
 *                                   as root: CMD with a /tmp and /dev/shm of its own (a mount
 *                                   namespace), so that nothing it shares them with can interfere;
 *                                   each DIR inside them stays visible where it was
 *   sandbox run [OPTIONS] -- CMD... CMD (the compiler, the linker, the object checks) inside the
 *                                   layers of sandbox.h; exit status CMD's, 124 when it ran out
 *                                   of time
 *     --uid UID        the user id (as root)
 *     --read PATH      a folder or file it may read (besides the toolchain's: /usr /lib* /bin
 *                      /sbin /etc)
 *     --write PATH     a folder it may write (and read)
 *     --hide PATH      without Landlock, as root: an empty folder is mounted over PATH instead
 *     --secret PATH    a file or folder it must not read (the hidden tests): refuse to run
 *                      (exit 3) when neither Landlock nor a mount namespace over --hide holds and
 *                      the path's own permissions let the user read it
 *     --env NAME=VAL   its environment (nothing else is passed on)
 *     --time S --cpu S --memory MB --address MB --files MB   limits: wall time, CPU time,
 *                      RLIMIT_DATA, RLIMIT_AS, RLIMIT_FSIZE
 * Errors name the option or the layer that failed. For the workbook's own tests of the fallbacks,
 * SANDBOX_WITHOUT=landlock,namespaces makes `run` act as if the kernel lacked either, and
 * SANDBOX_WITHOUT=seccomp makes `probe` fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

#define MAX_PATHS 32

static void usage(const char *why)
{
    fprintf(stderr, "sandbox: %s\nusage: sandbox probe | landlock | kill-user UID | private-tmp -- CMD..."
            " | run [--uid UID] [--read PATH] [--write PATH] [--hide PATH] [--secret PATH]"
            " [--env NAME=VALUE] [--time S] [--cpu S] [--memory MB] [--address MB] [--files MB]"
            " -- CMD...\n", why);
    exit(2);
}

static double number(const char *opt, const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0))
        usage(opt);   // the option's name says which value was bad
    return v;
}

static int without(const char *layer)
{
    const char *w = getenv("SANDBOX_WITHOUT");
    return w && strstr(w, layer) != NULL;
}

// Whether a seccomp filter with a notification listener can be installed (in a child, so that
// this process stays as it was).
static int probe(void)
{
    if (without("seccomp")) {
        fprintf(stderr, "sandbox: seccomp left out (SANDBOX_WITHOUT)\n");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        char err[256];
        static const char path[] = "/nonexistent";
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            fprintf(stderr, "sandbox: no_new_privs: %s\n", strerror(errno));
            _exit(1);
        }
        if (sandbox_seccomp_student(path, -1, err, sizeof err) < 0) {
            fprintf(stderr, "sandbox: %s\n", err);
            _exit(1);
        }
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int cover(const char *const *paths, int n);

// As root: a mount namespace of our own (nothing mounted in it reaches the machine's).
static int own_mounts(void)
{
    if (geteuid() != 0 || unshare(CLONE_NEWNS) != 0)
        return -1;
    return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

// As root: a mount namespace of our own, with fresh empty tmpfs over each path. Returns 0, or -1
// (not root, no namespaces) with errno set.
static int hide(const char *const *paths, int n)
{
    if (own_mounts() != 0)
        return -1;
    return cover(paths, n);
}

static int cover(const char *const *paths, int n)
{
    for (int k = 0; k < n; k++)
        if (mount("workbook-hidden", paths[k], "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64m") != 0 &&
            errno != ENOENT)
            return -1;
    return 0;
}

// Whether user uid (this process's own when uid <= 0) can read any of the paths.
static int readable_by(long uid, const char *const *paths, int n)
{
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        if (uid > 0 && geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)uid) != 0 ||
                                          setuid((uid_t)uid) != 0))
            _exit(1);
        for (int k = 0; k < n; k++)
            if (access(paths[k], R_OK) == 0)
                _exit(1);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// Waits for pid until `seconds` have passed (0: for ever); then kills its process group.
// Returns its exit status as a shell would (128 + signal), 124 on time-out.
static int wait_for(pid_t pid, double seconds)
{
    double end = now() + seconds;
    for (;;) {
        int status;
        pid_t r = waitpid(pid, &status, seconds > 0 ? WNOHANG : 0);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (r < 0 && errno != EINTR)
            return 125;
        if (seconds > 0 && now() > end) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return 124;
        }
        if (seconds > 0) {
            struct timespec nap = { 0, 5 * 1000 * 1000 };
            nanosleep(&nap, NULL);
        }
    }
}

static int run(int argc, char **argv)
{
    static const char *const toolchain[] = { "/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin",
                                             "/sbin", "/etc" };
    const char *reads[MAX_PATHS + 16], *writes[MAX_PATHS + 2], *hides[MAX_PATHS], *env[MAX_PATHS + 1];
    const char *secrets[MAX_PATHS];
    int nread = 0, nwrite = 0, nhide = 0, nenv = 0, nsecret = 0;
    for (size_t k = 0; k < sizeof toolchain / sizeof *toolchain; k++)
        reads[nread++] = toolchain[k];
    writes[nwrite++] = "/dev/null";
    SandboxSpec spec = { .landlock = 1 };
    double seconds = 0;
    int i = 2;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage(o);
        i++;
        if (strcmp(o, "--uid") == 0) spec.uid = (long)number(o, v);
        else if (strcmp(o, "--read") == 0 && nread < MAX_PATHS + 8) reads[nread++] = v;
        else if (strcmp(o, "--write") == 0 && nwrite < MAX_PATHS) writes[nwrite++] = v;
        else if (strcmp(o, "--hide") == 0 && nhide < MAX_PATHS) hides[nhide++] = v;
        else if (strcmp(o, "--secret") == 0 && nsecret < MAX_PATHS) secrets[nsecret++] = v;
        else if (strcmp(o, "--env") == 0 && nenv < MAX_PATHS && strchr(v, '=')) env[nenv++] = v;
        else if (strcmp(o, "--time") == 0) seconds = number(o, v);
        else if (strcmp(o, "--cpu") == 0) spec.cpu_seconds = number(o, v);
        else if (strcmp(o, "--memory") == 0) spec.memory_mb = number(o, v);
        else if (strcmp(o, "--address") == 0) spec.address_mb = number(o, v);
        else if (strcmp(o, "--files") == 0) spec.file_mb = number(o, v);
        else usage(o);
    }
    if (i + 1 >= argc)
        usage("run: no command after --");
    reads[nread] = NULL, writes[nwrite] = NULL, env[nenv] = NULL;
    spec.read_paths = reads, spec.write_paths = writes;

    // What it must not read: Landlock keeps it to the paths above; without Landlock, as root, a
    // mount namespace covers the --hide paths; failing both, their own permissions must.
    int landlock = sandbox_has_landlock() && !without("landlock");
    spec.landlock = landlock;
    int hidden = landlock || (nhide > 0 && !without("namespaces") && hide(hides, nhide) == 0);
    if (!hidden && nsecret > 0 && readable_by(spec.uid, secrets, nsecret)) {
        fprintf(stderr, "sandbox: cannot keep the grader's files from the compiler here: this"
                " kernel has no Landlock (Linux 5.13+), a mount namespace needs root with"
                " CAP_SYS_ADMIN, and the files are readable to the user it runs as. Make them"
                " unreadable to others (chmod -R go-rwx on the checkout, or on Gradescope's"
                " /autograder/source) and grade again.\n");
        return 3;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("sandbox: fork");
        return 125;
    }
    if (pid == 0) {
        setpgid(0, 0);   // so that a time-out reaches the compiler's own children too
        if (chdir("/") != 0) {   // not a folder a cover left behind it
            perror("sandbox: chdir");
            _exit(126);
        }
        char err[512];
        int landlocked = 0;
        if (sandbox_enter(&spec, &landlocked, err, sizeof err) != 0) {
            fprintf(stderr, "sandbox: %s\n", err);
            _exit(126);
        }
        if (spec.landlock && !landlocked) {
            fprintf(stderr, "sandbox: Landlock did not hold\n");
            _exit(126);
        }
        execve(argv[i + 1], argv + i + 1, (char **)env);
        fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[i + 1], strerror(errno));
        _exit(127);
    }
    int status = wait_for(pid, seconds);
    sandbox_kill_user(spec.uid);   // whatever it left behind
    if (status == 124)
        fprintf(stderr, "sandbox: %s ran out of time (%g s)\n", argv[i + 1], seconds);
    return status;
}

static int private_tmp(int argc, char **argv)
{
    int i = 2, nkeep = 0, keep_fd[MAX_PATHS];
    const char *keep[MAX_PATHS];
    for (; i + 1 < argc && strcmp(argv[i], "--keep") == 0 && nkeep < MAX_PATHS; i += 2)
        keep[nkeep++] = argv[i + 1];
    if (i + 1 >= argc || strcmp(argv[i], "--") != 0)
        usage("private-tmp: expected [--keep DIR]... -- CMD...");
    static const char *const shared[] = { "/tmp", "/dev/shm" };
    // As root; otherwise there is no one to share them with unknowingly. The folders to keep are
    // opened in the new namespace, before the fresh ones cover them.
    int mine = own_mounts() == 0;
    for (int k = 0; mine && k < nkeep; k++)
        if ((keep_fd[k] = open(keep[k], O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
            usage("private-tmp: --keep: not a folder");
    if (mine && cover(shared, 2) == 0) {
        for (int k = 0; k < nkeep; k++) {
            char from[64], cmd[4096];
            snprintf(from, sizeof from, "/proc/self/fd/%d", keep_fd[k]);
            snprintf(cmd, sizeof cmd, "%s", keep[k]);
            for (char *p = cmd + 1; *p; p++)   // mkdir -p in the fresh tmpfs
                if (*p == '/') {
                    *p = '\0';
                    mkdir(cmd, 0755);
                    *p = '/';
                }
            mkdir(cmd, 0755);
            if (mount(from, keep[k], NULL, MS_BIND | MS_REC, NULL) != 0) {
                fprintf(stderr, "sandbox: private-tmp: cannot keep %s: %s\n", keep[k], strerror(errno));
                return 126;
            }
        }
    }
    execvp(argv[i + 1], argv + i + 1);
    fprintf(stderr, "sandbox: cannot run %s: %s\n", argv[i + 1], strerror(errno));
    return 127;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage("which command?");
    if (strcmp(argv[1], "probe") == 0)
        return probe();
    if (strcmp(argv[1], "landlock") == 0)
        return !sandbox_has_landlock();
    if (strcmp(argv[1], "kill-user") == 0 && argc == 3)
        return sandbox_kill_user((long)number("kill-user", argv[2])) < 0;
    if (strcmp(argv[1], "private-tmp") == 0)
        return private_tmp(argc, argv);
    if (strcmp(argv[1], "run") == 0)
        return run(argc, argv);
    usage(argv[1]);
}
