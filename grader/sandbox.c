/* sandbox.c -- the layers of sandbox.h: limits, user, no new privileges, Landlock, seccomp.
 *
 * Landlock and seccomp are reached through their system calls with structures declared here,
 * so that the file builds with any kernel headers; a kernel that lacks Landlock says so with
 * ENOSYS or EOPNOTSUPP and the layer is skipped (seccomp is required: grading refuses without
 * it). The constants are the kernel's (include/uapi/linux/landlock.h, seccomp.h).
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(char *err, size_t cap, const char *what)
{
    snprintf(err, cap, "%s: %s", what, strerror(errno));
    return -1;
}

// ---------------------------------------------------------------- limits and user

// Sets a limit to value, or to the hard limit already in place when that is lower: a process
// without CAP_SYS_RESOURCE may only lower its limits, and the lower one is what we want anyway.
static int limit(int resource, double value)
{
    struct rlimit old, r;
    if (getrlimit(resource, &old) != 0)
        return -1;
    rlim_t v = value >= 9.2e18 ? RLIM_INFINITY : (rlim_t)value;
    if (old.rlim_max != RLIM_INFINITY && old.rlim_max < v)
        v = old.rlim_max;
    r.rlim_cur = r.rlim_max = v;
    return setrlimit(resource, &r);
}

static int set_limits(const SandboxSpec *s, char *err, size_t cap)
{
    const double MiB = 1024.0 * 1024.0;
    if (limit(RLIMIT_CORE, 0) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_CORE)");
    if (s->cpu_seconds > 0 && limit(RLIMIT_CPU, s->cpu_seconds + 0.999) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_CPU)");
    if (s->memory_mb > 0 && limit(RLIMIT_DATA, s->memory_mb * MiB) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_DATA)");
    if (s->address_mb > 0 && limit(RLIMIT_AS, s->address_mb * MiB) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_AS)");
    if (s->file_mb > 0 && limit(RLIMIT_FSIZE, s->file_mb * MiB) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_FSIZE)");
    if (s->processes > 0 && limit(RLIMIT_NPROC, s->processes) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_NPROC)");
    if (s->open_files > 0 && limit(RLIMIT_NOFILE, s->open_files) != 0)
        return fail(err, cap, "setrlimit(RLIMIT_NOFILE)");
    return 0;
}

// The switch, by raw system calls: the C library's wrappers would apply it to every thread of
// the process, and the student process is started from a vfork child that shares the memory
// (and so the thread list) of a test's process with threads of its own.
static int become(long uid, char *err, size_t cap)
{
    if (uid <= 0 || geteuid() != 0)
        return 0;
    if (syscall(SYS_setgroups, 0, NULL) != 0)
        return fail(err, cap, "setgroups");
    if (syscall(SYS_setresgid, (gid_t)uid, (gid_t)uid, (gid_t)uid) != 0)
        return fail(err, cap, "setresgid");
    if (syscall(SYS_setresuid, (uid_t)uid, (uid_t)uid, (uid_t)uid) != 0)
        return fail(err, cap, "setresuid");
    if (getuid() != (uid_t)uid || geteuid() != (uid_t)uid || getegid() != (gid_t)uid) {
        snprintf(err, cap, "the switch to user %ld did not hold", uid);
        return -1;
    }
    return 0;
}

// ---------------------------------------------------------------- Landlock

enum {
    LL_EXECUTE = 1 << 0, LL_WRITE_FILE = 1 << 1, LL_READ_FILE = 1 << 2, LL_READ_DIR = 1 << 3,
    LL_REMOVE_DIR = 1 << 4, LL_REMOVE_FILE = 1 << 5, LL_MAKE_CHAR = 1 << 6, LL_MAKE_DIR = 1 << 7,
    LL_MAKE_REG = 1 << 8, LL_MAKE_SOCK = 1 << 9, LL_MAKE_FIFO = 1 << 10, LL_MAKE_BLOCK = 1 << 11,
    LL_MAKE_SYM = 1 << 12, LL_REFER = 1 << 13, LL_TRUNCATE = 1 << 14, LL_IOCTL_DEV = 1 << 15,
};
#define LL_CREATE_RULESET_VERSION 1u
#define LL_RULE_PATH_BENEATH 1
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET 1u
#define LL_SCOPE_SIGNAL 2u

struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;   // ABI 4
    uint64_t scoped;               // ABI 6
};

struct ll_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

static int landlock_abi(void)
{
    long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
    return v < 0 ? 0 : (int)v;
}

int sandbox_has_landlock(void)
{
    return landlock_abi() > 0;
}

// The file system rights this kernel's Landlock knows (each ABI adds some).
static uint64_t fs_rights(int abi)
{
    uint64_t all = (LL_MAKE_SYM << 1) - 1;   // ABI 1: bits 0 .. 12
    if (abi >= 2)
        all |= LL_REFER;
    if (abi >= 3)
        all |= LL_TRUNCATE;
    if (abi >= 5)
        all |= LL_IOCTL_DEV;
    return all;
}

static int add_path(int ruleset, const char *path, uint64_t rights, char *err, size_t cap)
{
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : fail(err, cap, path);   // a folder this system lacks
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))   // a file takes only the file rights
        rights &= LL_EXECUTE | LL_WRITE_FILE | LL_READ_FILE | LL_TRUNCATE | LL_IOCTL_DEV;
    struct ll_path_beneath_attr rule = { .allowed_access = rights, .parent_fd = fd };
    long r = syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
    close(fd);
    if (r != 0) {
        snprintf(err, cap, "landlock_add_rule(%s): %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int apply_landlock(const SandboxSpec *s, int *landlocked, char *err, size_t cap)
{
    int abi = landlock_abi();
    if (abi <= 0)
        return 0;
    uint64_t all = fs_rights(abi);
    struct ll_ruleset_attr attr = { .handled_access_fs = all };
    size_t size = sizeof attr.handled_access_fs;
    if (abi >= 4) {
        attr.handled_access_net = 3;   // bind and connect TCP: no rule allows either
        size = offsetof(struct ll_ruleset_attr, scoped);
    }
    if (abi >= 6) {
        // No signals and no abstract sockets to anything outside this sandbox.
        attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
        size = sizeof attr;
    }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0)
        return fail(err, cap, "landlock_create_ruleset");
    int status = 0;
    const uint64_t read = LL_EXECUTE | LL_READ_FILE | LL_READ_DIR;
    for (const char *const *p = s->read_paths; p && *p && status == 0; p++)
        status = add_path(ruleset, *p, read & all, err, cap);
    for (const char *const *p = s->write_paths; p && *p && status == 0; p++)
        status = add_path(ruleset, *p, all, err, cap);
    if (status == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
        status = fail(err, cap, "landlock_restrict_self");
    close(ruleset);
    if (status == 0 && landlocked)
        *landlocked = 1;
    return status;
}

int sandbox_enter(const SandboxSpec *spec, int *landlocked, char *err, size_t cap)
{
    if (landlocked)
        *landlocked = 0;
    if (set_limits(spec, err, cap) != 0 || become(spec->uid, err, cap) != 0)
        return -1;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return fail(err, cap, "prctl(PR_SET_NO_NEW_PRIVS)");
    if (spec->landlock)
        return apply_landlock(spec, landlocked, err, cap);
    return 0;
}

// ---------------------------------------------------------------- seccomp

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "the student process's seccomp filter knows x86_64 and aarch64"
#endif

#define NR_OFF offsetof(struct seccomp_data, nr)
#define ARCH_OFF offsetof(struct seccomp_data, arch)
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

// A filter under construction: at most 256 instructions, which this one stays well inside.
typedef struct {
    struct sock_filter op[256];
    int n;
} Prog;

static void emit(Prog *p, struct sock_filter f)
{
    if (p->n < 256)
        p->op[p->n++] = f;
    else
        p->n = 257;   // too long: refused when installed
}

static void load(Prog *p, uint32_t off) { emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, off)); }
static void ret(Prog *p, uint32_t v) { emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, v)); }

// if (nr == want) return result;  (the accumulator holds nr before and after)
static void nr_returns(Prog *p, long want, uint32_t result)
{
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)want, 0, 1));
    ret(p, result);
}

// if (nr == want && arg i == value) return ALLOW; if (nr == want) return otherwise. The 64-bit
// argument is compared in its two halves; nr is loaded again after.
static void nr_with_arg(Prog *p, long want, int i, uint64_t value, uint32_t otherwise)
{
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)want, 0, 6));
    load(p, ARG_LO(i));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)value, 0, 3));
    load(p, ARG_HI(i));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(value >> 32), 0, 1));
    ret(p, SECCOMP_RET_ALLOW);
    ret(p, otherwise);
}

// write and writev to stdout or stderr only.
static void nr_to_stdout_or_stderr(Prog *p, long want)
{
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)want, 0, 7));
    load(p, ARG_HI(0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4));
    load(p, ARG_LO(0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0));
    emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1));
    ret(p, SECCOMP_RET_ALLOW);
    ret(p, RET_ERRNO(EPERM));
}

static int install(Prog *p, unsigned flags, char *err, size_t cap)
{
    if (p->n > 256) {
        snprintf(err, cap, "internal: the seccomp filter is too long");
        return -1;
    }
    struct sock_fprog prog = { .len = (unsigned short)p->n, .filter = p->op };
    long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    if (r < 0)
        return fail(err, cap, "seccomp");
    return (int)r;
}

// System calls a single-threaded static C program makes to start, compute, allocate (its C
// library's own buffers), print, sleep and end. Harmless, and all of them are allowed.
static const long allowed[] = {
    SYS_brk, SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_madvise, SYS_exit, SYS_exit_group,
    SYS_rt_sigreturn, SYS_rt_sigprocmask, SYS_rt_sigaction, SYS_sigaltstack, SYS_getpid, SYS_gettid,
    SYS_getppid, SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_clock_gettime,
    SYS_clock_getres, SYS_gettimeofday, SYS_nanosleep, SYS_clock_nanosleep, SYS_getrandom,
    SYS_futex, SYS_sched_yield, SYS_set_tid_address, SYS_set_robust_list, SYS_fstat,
    SYS_newfstatat, SYS_close, SYS_sysinfo, SYS_uname, SYS_getrusage, SYS_times,
#ifdef SYS_arch_prctl
    SYS_arch_prctl,
#endif
#ifdef SYS_rseq
    SYS_rseq,
#endif
#ifdef SYS_statx
    SYS_statx,
#endif
};

// System calls that reach outside the process: a file, a process, a signal to another, a
// socket, privileges. The grader stops the call and fails the test, naming it. (Anything in
// neither list fails with EPERM, so that the C library's own probes degrade quietly.)
static const struct {
    long nr;
    const char *name;
} forbidden[] = {
#define F(call) { SYS_##call, #call }
    F(clone), F(execve), F(execveat), F(ptrace), F(process_vm_readv), F(process_vm_writev),
    F(openat), F(mkdirat), F(unlinkat), F(renameat2), F(linkat), F(symlinkat), F(fchmodat),
    F(fchownat), F(truncate), F(ftruncate), F(fchdir), F(chdir), F(chroot), F(mknodat), F(mount),
    F(umount2), F(socket), F(socketpair), F(connect), F(bind), F(listen), F(accept4), F(sendto),
    F(setuid), F(setgid), F(setreuid), F(setregid), F(setresuid), F(setresgid), F(setgroups),
    F(setsid), F(setpgid), F(prctl), F(memfd_create), F(bpf), F(perf_event_open), F(userfaultfd),
    F(io_uring_setup), F(pidfd_open), F(pidfd_send_signal), F(keyctl), F(add_key), F(unshare),
    F(setns), F(personality), F(fchmod), F(fchown),
#ifdef SYS_fork
    F(fork), F(vfork), F(open), F(creat), F(mkdir), F(rmdir), F(unlink), F(rename), F(renameat),
    F(link), F(symlink), F(chmod), F(chown), F(lchown), F(mknod), F(accept), F(openat2),
#endif
#ifdef SYS_clone3
    F(clone3),
#endif
#undef F
};

const char *sandbox_syscall_name(long nr)
{
    for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++)
        if (forbidden[k].nr == nr)
            return forbidden[k].name;
    if (nr == SYS_kill || nr == SYS_tkill || nr == SYS_tgkill)
        return "kill";
    if (nr == SYS_prlimit64)
        return "setrlimit";
    if (nr == SYS_sendmsg)
        return "sendmsg";
    return NULL;
}

int sandbox_seccomp_student(const char *exec_path, int hand_over_fd, char *err, size_t cap)
{
    const uint32_t notify = SECCOMP_RET_USER_NOTIF;
    Prog p = { .n = 0 };
    load(&p, ARCH_OFF);
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0));
    ret(&p, SECCOMP_RET_KILL_PROCESS);   // another ABI (int 0x80 on x86_64): never
    load(&p, NR_OFF);
#if defined(__x86_64__)
    // The x32 ABI numbers (bit 30) are another way in: refuse them all.
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    ret(&p, SECCOMP_RET_KILL_PROCESS);
#endif
    // The calls allowed with some arguments only.
    nr_to_stdout_or_stderr(&p, SYS_write);
    nr_to_stdout_or_stderr(&p, SYS_writev);
    uint64_t self = (uint64_t)getpid();
    nr_with_arg(&p, SYS_kill, 0, self, notify);     // abort() signals itself; nobody else
    nr_with_arg(&p, SYS_tgkill, 0, self, notify);
    nr_with_arg(&p, SYS_tkill, 0, self, notify);
    nr_with_arg(&p, SYS_prlimit64, 2, 0, notify);   // reading a limit (the C library's start-up)
    nr_with_arg(&p, SYS_execve, 0, (uint64_t)(uintptr_t)exec_path, notify);
    nr_with_arg(&p, SYS_sendmsg, 0, (uint64_t)hand_over_fd, notify);
    // More filters, which can only forbid more (no listener: that flag is refused): the student
    // binary's own, which takes execve away once it has started.
    nr_with_arg(&p, SYS_seccomp, 1, 0, RET_ERRNO(EPERM));
    // Then one comparison per call, jumping to one of the three answers at the end.
    size_t na = sizeof allowed / sizeof allowed[0], nf = sizeof forbidden / sizeof forbidden[0];
    size_t checks = 2 + na + nf;   // the trap, ioctl, then the two lists
    size_t k = 0;
    // Each JEQ at position k (0-based among the checks) jumps over the checks after it and the
    // default, to: [default EPERM] [ALLOW] [NOTIFY] [ENOTTY].
#define TO(answer) (uint8_t)((checks - k - 1) + 1 + (answer))
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_TRAP_NR, TO(1), 0)), k++;
    emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, TO(2), 0)), k++;
    for (size_t a = 0; a < na; a++, k++)
        emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed[a], TO(0), 0));
    for (size_t f = 0; f < nf; f++, k++)
        emit(&p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)forbidden[f].nr, TO(1), 0));
#undef TO
    ret(&p, RET_ERRNO(EPERM));         // anything else
    ret(&p, SECCOMP_RET_ALLOW);
    ret(&p, notify);                   // the trap, and the forbidden calls: the grader decides
    ret(&p, RET_ERRNO(ENOTTY));        // ioctl: "is stdout a terminal?": no
    return install(&p, SECCOMP_FILTER_FLAG_NEW_LISTENER, err, cap);
}

int sandbox_seccomp_no_exec(void)
{
    char err[128];
    Prog p = { .n = 0 };
    load(&p, NR_OFF);
    nr_returns(&p, SYS_execve, RET_ERRNO(EPERM));
    nr_returns(&p, SYS_execveat, RET_ERRNO(EPERM));
    ret(&p, SECCOMP_RET_ALLOW);
    return install(&p, 0, err, sizeof err) < 0 ? -1 : 0;
}

// ---------------------------------------------------------------- cleaning up

int sandbox_kill_user(long uid)
{
    if (uid <= 0 || geteuid() != 0)
        return 0;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        // As that user, kill(-1) reaches every process of the user but this one, in one pass
        // of the kernel that no fork can slip through; repeat until nobody is left.
        if (setgroups(0, NULL) != 0 || setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0)
            _exit(255);
        int rounds = 0;
        while (rounds < 100 && kill(-1, SIGKILL) == 0)
            rounds++;
        _exit(rounds);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) != 255 ? WEXITSTATUS(status) : -1;
}
