/* boundary.c -- the grader's side of the boundary (boundary.h): starts the student process,
 * keeps the books of the shared block, and carries each call across and back.
 *
 * Everything here runs in the test's process, which holds the expected values; the student
 * process only ever sees the shared block. So every value read back from it is checked before
 * it is used: a pointer must lie in the student's heap, a size must fit, a request must be one
 * the protocol knows. The student process is stopped whenever this code reads the block.
 * Sections: state, the student's heap, starting and stopping, requests, calls, callbacks.
 */
#define _GNU_SOURCE
#include "boundary.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade.h"
#include "sandbox.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif

// ---------------------------------------------------------------- state of this test

// A block of the student's heap. The records are the grader's: nothing the student process
// writes can change them.
typedef struct {
    uintptr_t at;        // the first byte handed out
    size_t size;         // bytes asked for
    size_t cap;          // bytes reserved (size rounded up); guards lie before and after
    int live;
    int student;         // 1: the student's malloc; 0: a copy of an argument of the test's
    const char *by;      // the function that was running when it was made
} Block;

#define GUARD 64                     // guard bytes on each side of every block
#define GUARD_BYTE 0xA5
#define POISON_BYTE 0xFF             // fresh malloc memory: every double NaN, every int -1
#define HEAP_START (BOUNDARY_BASE + BOUNDARY_CONTROL)
#define HEAP_END (BOUNDARY_BASE + BOUNDARY_BYTES)

// What the call being served may call back (descent.h's LossGradFn and BatchLossGradFn, and
// numgrad.h's ScalarFn, which returns a number and writes no gradient).
typedef double (*LossGrad)(double *grad, const double *params, void *ctx);
typedef double (*Scalar)(const double *params, void *ctx);
typedef double (*BatchLossGrad)(double *grad, const double *params, const int *idx, int B,
                                void *ctx);
typedef struct {
    int kind;            // BOUNDARY_CB_..., 0 when the call takes none
    void (*fn)(void);
    void *ctx;
    int64_t P, N;        // the arrays' sizes, from the test's own arguments
} Frame;

static struct {
    pid_t pid;           // the student process (0: none yet in this test)
    int listener;        // its seccomp notifications
    uint64_t pending;    // the notification it is stopped in
    int mapped;          // the shared block is mapped
    int memfd;
    double deadline;     // CLOCK_MONOTONIC seconds by which the test must end
    struct seccomp_notif *req;
    struct seccomp_notif_resp *resp;
    size_t req_size, resp_size;
    Block *blocks;       // sorted by address
    int nblocks, cap_blocks;
    uintptr_t top;       // the next address never handed out
    size_t live_bytes;   // of the student's live blocks
} st = { .listener = -1, .memfd = -1 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int boundary_contained(void)
{
    return 1;
}

void boundary_begin_test(double seconds)
{
    // A little of the test's time is kept back, so that a call that runs out of it fails with
    // a message naming the function before Criterion stops the whole test.
    st.deadline = now() + (seconds > 0.5 ? seconds - 0.25 : seconds);
}

// ---------------------------------------------------------------- the student's heap

static int find_block(uintptr_t at)   // index of the block handed out at `at`, or -1
{
    int lo = 0, hi = st.nblocks - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (st.blocks[mid].at == at)
            return mid;
        if (st.blocks[mid].at < at)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int boundary_in_heap(const void *ptr, size_t bytes)
{
    uintptr_t p = (uintptr_t)ptr;
    return st.mapped && p >= HEAP_START && p <= HEAP_END && bytes <= HEAP_END - p;
}

static void set_guards(const Block *b)
{
    memset((void *)(b->at - GUARD), GUARD_BYTE, GUARD);
    memset((void *)(b->at + b->size), GUARD_BYTE, b->cap - b->size + GUARD);
}

// The offset from b->at of the first guard byte that changed (negative: before the block), or
// 0 when both guards are whole. (Offset 0 is inside the block, so it never names a guard.)
static long broken_guard(const Block *b)
{
    const unsigned char *before = (const unsigned char *)(b->at - GUARD);
    for (long k = 0; k < GUARD; k++)
        if (before[k] != GUARD_BYTE)
            return k - GUARD;
    const unsigned char *after = (const unsigned char *)(b->at + b->size);
    for (size_t k = 0; k < b->cap - b->size + GUARD; k++)
        if (after[k] != GUARD_BYTE)
            return (long)(b->size + k);
    return 0;
}

// A new block of `size` bytes (0 when the heap is full). Dead blocks are reused when they fit
// without wasting much; otherwise the heap grows upwards.
static uintptr_t new_block(size_t size, int student, const char *by)
{
    if (size > BOUNDARY_HEAP)
        return 0;
    size_t cap = (size + 15) & ~(size_t)15;
    if (cap == 0)
        cap = 16;
    for (int k = 0; k < st.nblocks; k++) {
        Block *b = &st.blocks[k];
        if (!b->live && b->cap >= cap && b->cap <= 2 * cap + 4096) {
            b->size = size, b->live = 1, b->student = student, b->by = by;
            set_guards(b);
            if (student)
                st.live_bytes += size;
            return b->at;
        }
    }
    size_t need = GUARD + cap + GUARD;
    if (need > HEAP_END - st.top)
        return 0;
    if (st.nblocks == st.cap_blocks) {
        int cap_blocks = st.cap_blocks ? 2 * st.cap_blocks : 256;
        Block *grown = realloc(st.blocks, sizeof(Block) * (size_t)cap_blocks);
        if (!grown)
            return 0;
        st.blocks = grown, st.cap_blocks = cap_blocks;
    }
    Block *b = &st.blocks[st.nblocks++];
    *b = (Block){ .at = st.top + GUARD, .size = size, .cap = cap, .live = 1, .student = student,
                  .by = by };
    st.top += need;
    set_guards(b);
    if (student)
        st.live_bytes += size;
    return b->at;
}

static void drop_block(Block *b)
{
    if (b->student)
        st.live_bytes -= b->size;
    b->live = 0;
    if (b->cap >= ((size_t)1 << 20)) {
        // Give a large block's pages back (the shared block is a memfd: this frees them).
        uintptr_t lo = (b->at + 4095) & ~(uintptr_t)4095, hi = (b->at + b->cap) & ~(uintptr_t)4095;
        if (hi > lo)
            madvise((void *)lo, hi - lo, MADV_REMOVE);
    }
    memset((void *)b->at, POISON_BYTE, b->size < 4096 ? b->size : 4096);
}

size_t boundary_student_heap(void)
{
    return st.live_bytes;
}

// A block from the student's heap, freed by the test (it frees what it had the student
// allocate, e.g. a network, without relying on the student's own free function).
void boundary_release(void *p)
{
    int k = find_block((uintptr_t)p);
    if (k < 0 || !st.blocks[k].live)
        grade_fail("internal: the test freed %p, which is not a live block of the student's heap"
                   " (a bug in the test, or a pointer the code under test changed)", p);
    drop_block(&st.blocks[k]);
}

// ---------------------------------------------------------------- starting and stopping

static void fail_start(const char *fn, const char *why)
{
    grade_fail("internal: could not start the student process to run %s: %s", fn, why);
}

// The child, between fork and execve: only the grader's code runs here. It takes the shared
// block as file descriptor 3, enters the sandbox, installs the seccomp filter, hands the
// filter's listener to the grader through `sock`, and becomes the student binary.
static void become_student(const char *path, int sock, pid_t parent)
{
    char err[512] = "";
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(st.memfd, 3) < 0 || dup2(sock, 4) < 0 ||
        close_range(5, ~0U, 0) != 0 || chdir("/") != 0)
        snprintf(err, sizeof err, "setting up its files: %s", strerror(errno));
    const char *uid = getenv("GRADE_UID");
    const char *const exec_only[] = { path, NULL };
    SandboxSpec spec = {
        .uid = uid && *uid ? strtol(uid, NULL, 10) : 64999,   // 64999 when run by hand
        .cpu_seconds = 2 * GRADE_TIMEOUT,
        .memory_mb = 256,          // its own memory: the C library's; malloc is the shared heap
        .file_mb = 4,              // what it may print (and run.log may hold)
        .open_files = 16,
        .read_paths = exec_only,   // Landlock: its own binary, to start it; nothing else
        .landlock = 1,
    };
    if (!*err)
        sandbox_enter(&spec, NULL, err, sizeof err);
    // Die with the test's process, and never outlive a parent that is already gone.
    if (!*err && (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent))
        snprintf(err, sizeof err, "the test's process is gone");
    int listener = -1;
    if (!*err)
        listener = sandbox_seccomp_student(path, 4, err, sizeof err);
    if (*err) {
        (void)!send(4, err, strlen(err), 0);
        _exit(126);
    }
    // From here on the filter holds: sendmsg on 4 and close are what is left to us.
    char ok = 'k';
    struct iovec io = { &ok, 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof control.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET, c->cmsg_type = SCM_RIGHTS, c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &listener, sizeof(int));
    if (sendmsg(4, &msg, 0) < 0)
        _exit(125);
    close(listener);
    close(4);
    char *argv[] = { (char *)path, NULL };
    char *envp[] = { NULL };   // nothing of the grader's environment
    execve(path, argv, envp);
    static const char says[] = "grader: cannot start the student binary (execve failed)\n";
    (void)!write(2, says, sizeof says - 1);
    _exit(127);
}

// The listener, or -1 with the child's reason in why.
static int receive_listener(int sock, char *why, size_t cap)
{
    char data[512];
    struct iovec io = { data, sizeof data - 1 };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control.buf,
                          .msg_controllen = sizeof control.buf };
    struct pollfd p = { sock, POLLIN, 0 };
    if (poll(&p, 1, 10000) <= 0) {
        snprintf(why, cap, "it did not answer within 10 s");
        return -1;
    }
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
        int fd;
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
        return fd;
    }
    data[n > 0 ? n : 0] = '\0';
    snprintf(why, cap, "%s", n > 0 ? data : "it ended before entering its sandbox");
    return -1;
}

static int next_request(void);
static void fail_forbidden(const char *fn, long nr);

static void start(const char *fn)
{
    const char *path = getenv("GRADE_STUDENT");
    if (!path || !*path)
        fail_start(fn, "GRADE_STUDENT (the student binary) is not set");
    if (!st.req) {
        struct seccomp_notif_sizes sizes;
        if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0)
            fail_start(fn, "this kernel has no seccomp notifications (Linux 5.0 or newer needed)");
        st.req_size = sizes.seccomp_notif > sizeof *st.req ? sizes.seccomp_notif : sizeof *st.req;
        st.resp_size = sizes.seccomp_notif_resp > sizeof *st.resp ? sizes.seccomp_notif_resp
                                                                 : sizeof *st.resp;
        st.req = calloc(1, st.req_size);
        st.resp = calloc(1, st.resp_size);
    }
    st.memfd = memfd_create("workbook-shared", MFD_CLOEXEC);
    if (st.memfd < 0 || ftruncate(st.memfd, (off_t)BOUNDARY_BYTES) != 0)
        fail_start(fn, strerror(errno));
    void *at = mmap((void *)BOUNDARY_BASE, BOUNDARY_BYTES, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_FIXED_NOREPLACE, st.memfd, 0);
    if (at != (void *)BOUNDARY_BASE)
        fail_start(fn, "the shared block's address is taken");
    st.mapped = 1;
    st.top = HEAP_START;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        fail_start(fn, strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    // vfork: the child borrows this process's memory until execve, instead of copying its page
    // tables, and this process waits meanwhile; become_student only makes system calls and
    // writes to its own stack frame, and never returns.
    st.pid = vfork();
    if (st.pid < 0)
        fail_start(fn, strerror(errno));
    if (st.pid == 0)
        become_student(path, sv[1], parent);
    close(sv[1]);
    char why[512];
    st.listener = receive_listener(sv[0], why, sizeof why);
    close(sv[0]);
    if (st.listener < 0)
        fail_start(fn, why);
    // Kernels since 6.6 can switch straight to the waiting side: a call then costs a few
    // microseconds instead of tens. Older kernels grade the same, slower.
    (void)ioctl(st.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, (uint64_t)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
    int r = next_request();
    if (r > 0 && st.req->data.nr != SANDBOX_TRAP_NR)
        fail_forbidden("the student binary, before any test called it (a constructor in the chapter"
                       " file?),", st.req->data.nr);
    if (r <= 0 || st.req->data.args[0] != BOUNDARY_OP_READY) {
        int status = 0;
        if (r != 0)
            while (waitpid(st.pid, &status, 0) < 0 && errno == EINTR) {
            }
        if (r != 0 && (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) < 100)))
            grade_fail("the student binary %s before any test called it: something in the chapter"
                       " file runs at load time (a constructor, an IFUNC resolver, a global"
                       " initialiser?)", WIFSIGNALED(status) ? "crashed" : "ended");
        snprintf(why, sizeof why, r == 0 ? "it did not start in time" : "it ended while starting"
                 " (status %d; the run log may say why)", status);
        fail_start(fn, why);
    }
    st.pending = st.req->id;
}

void boundary_end_test(void)
{
    if (st.pid > 0) {
        kill(st.pid, SIGKILL);
        while (waitpid(st.pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    st.pid = 0;
    if (st.listener >= 0)
        close(st.listener);
    st.listener = -1;
}

// ---------------------------------------------------------------- requests

// Waits for the student process's next request: 1 (in st.req), 0 when the test's time is up,
// -1 when the student process is gone.
static int next_request(void)
{
    for (;;) {
        double left = st.deadline - now();
        if (left <= 0)
            return 0;
        struct pollfd p = { st.listener, POLLIN, 0 };
        int r = poll(&p, 1, (int)(left * 1000.0) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            continue;   // the loop checks the time
        if (r < 0)
            return -1;
        if (p.revents & POLLIN) {
            memset(st.req, 0, st.req_size);
            if (ioctl(st.listener, SECCOMP_IOCTL_NOTIF_RECV, st.req) == 0)
                return 1;
            if (errno == EINTR)
                continue;
            return -1;   // ENOENT: it died as the request came
        }
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
            return -1;
    }
}

static void respond(uint64_t id, int64_t value)
{
    memset(st.resp, 0, st.resp_size);
    st.resp->id = id;
    st.resp->val = value;
    // ENOENT: it died meanwhile; the next request says so.
    (void)ioctl(st.listener, SECCOMP_IOCTL_NOTIF_SEND, st.resp);
}

static const char *signal_story(int sig)
{
    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
        return "a read or write of memory it does not own: an index out of range, a NULL or"
               " freed pointer, or a very large array on the stack";
    case SIGABRT: return "abort(), or a failed assert()";
    case SIGFPE: return "an integer division by zero";
    case SIGILL: return "an illegal instruction";
    case SIGXCPU: return "it used more CPU time than a test may";
    case SIGXFSZ: return "it printed more than a test may (4 MiB)";
    case SIGSYS: return "a system call of another architecture";
    case SIGKILL: return "killed";
    default: return "an unexpected signal";
    }
}

// "05" for the chapter file being graded ("skeletons/05_mlp.c"), for the commands messages give.
static const char *chapter_of_source(void)
{
    const char *src = grade_source(), *slash = strrchr(src, '/');
    const char *base = slash ? slash + 1 : src;
    return base[0] >= '0' && base[0] <= '9' && base[1] >= '0' && base[1] <= '9' ? base : "NN";
}

// The name of the function of the student binary (its ELF symbol table) that holds the address
// pc, given that the symbol `anchor` was at anchor_pc in the process; 0 when none does. A
// compiler's split parts (foo.cold, foo.part.0) are named as foo. Reads the file with bounds
// checks on every offset: the binary is the student's build.
static int function_at(const char *path, const char *anchor, uint64_t anchor_pc, uint64_t pc,
                       char *name, size_t cap)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return 0;
    unsigned char *elf = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && size < (64L << 20) &&
        fseek(f, 0, SEEK_SET) == 0 && (elf = malloc((size_t)size)) != NULL &&
        fread(elf, 1, (size_t)size, f) != (size_t)size) {
        free(elf);
        elf = NULL;
    }
    fclose(f);
    int found = 0;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
    size_t n = (size_t)size;
    if (!elf || n < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff > n || (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > n - eh->e_shoff)
        goto done;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(elf + eh->e_shoff);
    for (int k = 0; k < eh->e_shnum && !found; k++) {
        if (sh[k].sh_type != SHT_SYMTAB || sh[k].sh_link >= eh->e_shnum)
            continue;
        const Elf64_Shdr *strs = &sh[sh[k].sh_link];
        if (sh[k].sh_offset > n || sh[k].sh_size > n - sh[k].sh_offset || strs->sh_offset > n ||
            strs->sh_size > n - strs->sh_offset || strs->sh_size == 0)
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(elf + sh[k].sh_offset);
        size_t count = sh[k].sh_size / sizeof *sym;
        const char *str = (const char *)(elf + strs->sh_offset);
        if (str[strs->sh_size - 1] != '\0')
            continue;
        // Where the anchor is in the file: the rest is relative to it.
        uint64_t base = 0;
        int anchored = 0;
        for (size_t i = 0; i < count && !anchored; i++)
            if (sym[i].st_name < strs->sh_size && ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC &&
                strcmp(str + sym[i].st_name, anchor) == 0)
                base = sym[i].st_value, anchored = 1;
        if (!anchored)
            continue;
        uint64_t at = pc - anchor_pc + base;
        for (size_t i = 0; i < count; i++) {
            if (sym[i].st_name >= strs->sh_size || ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC ||
                at < sym[i].st_value || at - sym[i].st_value >= sym[i].st_size)
                continue;
            snprintf(name, cap, "%s", str + sym[i].st_name);
            name[strcspn(name, ".")] = '\0';
            found = name[0] != '\0';
            break;
        }
    }
done:
    free(elf);
    return found;
}

static void fail_gone(const char *fn)
{
    int status = 0;
    while (waitpid(st.pid, &status, 0) < 0 && errno == EINTR) {
    }
    st.pid = 0;
    if (WIFSIGNALED(status)) {
        // Where it crashed, when the student process could say so and that was in another
        // function than the one called: a crash in linear_forward is linear_forward's to fix.
        int sig = WTERMSIG(status);
        const BoundarySlot *slot = BOUNDARY_SLOT;
        char where[160] = "", in[96];
        if (slot->crash_sig == (uint32_t)sig &&
            function_at(getenv("GRADE_STUDENT"), "boundary_serve", slot->crash_anchor,
                        slot->crash_pc, in, sizeof in) && strcmp(in, fn) != 0)
            snprintf(where, sizeof where, " in %s, which it called,", in);
        // The sanitizers (linked in) name the file and line of a bad access or operation.
        char hint[96] = "";
        if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGABRT)
            snprintf(hint, sizeof hint, "\nhint: make grade CH=%.2s SANITIZE=1 shows the file and"
                     " line where it happens", chapter_of_source());
        grade_fail("%s crashed%s with SIG%s (%s)%s", fn, where, sigabbrev_np(sig) ?
                   sigabbrev_np(sig) : "NAL", signal_story(sig), hint);
    }
    grade_fail("%s called exit(%d) (or _exit): a function must return, not end the program", fn,
               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void fail_timeout(const char *fn)
{
    kill(st.pid, SIGKILL);
    while (waitpid(st.pid, NULL, 0) < 0 && errno == EINTR) {
    }
    st.pid = 0;
    grade_fail("%s timed out: it did not return within the test's time (an endless loop, a loop"
               " whose condition never turns false, or far too much work)", fn);
}

static void run_callback(const char *fn, const Frame *frame, int kind, int64_t B);

// The student process made a system call that reaches outside it (sandbox.h): it stays stopped
// in it, and the test fails saying which.
static void fail_forbidden(const char *fn, long nr)
{
    const char *name = sandbox_syscall_name(nr);
    const char *what = "reach outside its process";
    if (!name)
        name = "an unknown system call";
    else if (!strcmp(name, "clone") || !strcmp(name, "clone3") || !strcmp(name, "fork") ||
             !strcmp(name, "vfork"))
        name = "fork() (the clone system call)", what = "start processes";
    else if (!strncmp(name, "exec", 4))
        what = "run programs";
    else if (!strcmp(name, "kill"))
        what = "signal other processes";
    else if (strstr(name, "open") || strstr(name, "creat") || strstr(name, "link") ||
             strstr(name, "mkdir") || strstr(name, "rename") || strstr(name, "chdir") ||
             strstr(name, "chmod") || strstr(name, "chown") || strstr(name, "truncate"))
        what = "open or change files";
    else if (strstr(name, "sock") || strstr(name, "connect") || strstr(name, "bind") ||
             strstr(name, "listen") || strstr(name, "accept") || strstr(name, "send"))
        what = "use the network";
    else if (!strncmp(name, "set", 3) || !strcmp(name, "prctl"))
        what = "change its privileges or limits";
    grade_fail("%s called %s, which the grader does not allow: a function must compute its"
               " result, not %s", fn, name, what);
}

// Answers the student process's malloc, calloc, realloc and free.
static int64_t serve_memory(const char *fn, const uint64_t *a)
{
    int op = (int)a[0];
    if (op == BOUNDARY_OP_FREE) {
        uintptr_t p = (uintptr_t)a[1];
        if (p == 0)
            return 0;
        int k = find_block(p);
        if (k < 0 || !st.blocks[k].live)
            grade_fail("%s called free() on a pointer that malloc did not return, or freed a block"
                       " twice", fn);
        if (!st.blocks[k].student)
            grade_fail("%s called free() on an array the test passed it: a function frees only"
                       " what it allocated", fn);
        long off = broken_guard(&st.blocks[k]);
        if (off)
            grade_fail("%s wrote %s a %zu-byte block it allocated (allocated in %s), then freed it",
                       fn, off < 0 ? "before the start of" : "past the end of",
                       st.blocks[k].size, st.blocks[k].by);
        drop_block(&st.blocks[k]);
        return 0;
    }
    uint64_t n = a[1];
    if (op == BOUNDARY_OP_CALLOC) {
        if (a[1] && a[2] > UINT64_MAX / a[1])
            n = UINT64_MAX;
        else
            n = a[1] * a[2];
    }
    uintptr_t old = op == BOUNDARY_OP_REALLOC ? (uintptr_t)a[1] : 0;
    if (op == BOUNDARY_OP_REALLOC) {
        n = a[2];
        if (old && find_block(old) < 0)
            grade_fail("%s called realloc() on a pointer that malloc did not return", fn);
        if (old && n == 0) {
            uint64_t free_it[2] = { BOUNDARY_OP_FREE, old };
            serve_memory(fn, free_it);
            return 0;
        }
    }
    uintptr_t at = n <= BOUNDARY_HEAP ? new_block((size_t)n, 1, fn) : 0;
    if (!at)
        grade_fail("ran out of memory: %s asked for %llu bytes with %s, past the limit of 256 MiB"
                   " per test (an allocation in a loop that never frees, or a size computed from a"
                   " wrong value?)", fn, (unsigned long long)n,
                   op == BOUNDARY_OP_CALLOC ? "calloc" : op == BOUNDARY_OP_REALLOC ? "realloc"
                                                                                   : "malloc");
    // calloc: zeros. malloc: NaN in every double and -1 in every int, so that reading memory
    // before writing it shows (the first MiB: past it, a fresh block is zero, as from the kernel).
    if (op == BOUNDARY_OP_CALLOC)
        memset((void *)at, 0, (size_t)n);
    else
        memset((void *)at, POISON_BYTE, n < ((size_t)1 << 20) ? (size_t)n : (size_t)1 << 20);
    if (old) {
        int k = find_block(old);   // again: new_block may have moved the records
        memcpy((void *)at, (void *)old, st.blocks[k].size < n ? st.blocks[k].size : (size_t)n);
        drop_block(&st.blocks[k]);
    }
    return (int64_t)at;
}

// Lets the student process run until it returns from the call in the slot, serving what it
// asks on the way. On return it is stopped again (st.pending).
static void serve(const char *fn, const Frame *frame)
{
    for (;;) {
        int r = next_request();
        if (r == 0)
            fail_timeout(fn);
        if (r < 0)
            fail_gone(fn);
        uint64_t id = st.req->id, a[6];
        if (st.req->data.nr != SANDBOX_TRAP_NR)
            fail_forbidden(fn, st.req->data.nr);
        for (int k = 0; k < 6; k++)
            a[k] = st.req->data.args[k];
        switch (a[0]) {
        case BOUNDARY_OP_RETURN:
            st.pending = id;
            return;
        case BOUNDARY_OP_MALLOC:
        case BOUNDARY_OP_CALLOC:
        case BOUNDARY_OP_REALLOC:
        case BOUNDARY_OP_FREE:
            respond(id, serve_memory(fn, a));
            break;
        case BOUNDARY_OP_CALLBACK:
            st.pending = id;
            run_callback(fn, frame, (int)a[1], (int64_t)a[2]);
            respond(st.pending, BOUNDARY_DO_RESUME);
            break;
        case BOUNDARY_OP_MISSING:
            grade_fail("internal: the student binary has no %s (is its chapter file linked?)", fn);
        default:
            grade_fail("%s made a system call the grader does not know (number %d with %llu):"
                       " only a raw system call does that", fn, SANDBOX_TRAP_NR,
                       (unsigned long long)a[0]);
        }
    }
}

// ---------------------------------------------------------------- calls

// An array of the test's, copied into the shared block for one call. Arrays that overlap (an
// in-place call: out == inp) share one copy, so that the student sees them overlap too.
typedef struct {
    int arg;             // index into the call's arguments
    uintptr_t from;      // the test's pointer
    size_t bytes;
    int writable;
    int group;           // index of the copy it lives in
} Piece;

typedef struct {
    uintptr_t lo, hi;    // the test's memory it covers
    uintptr_t at;        // its block in the shared block
    int first, last;     // pieces that start it and end it (for messages)
} Copy;

static int by_address(const void *a, const void *b)
{
    const Piece *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

// "wrote past the end of history: it holds max_steps + 1 = 4 entries, and entry [4] changed"
static void fail_overrun(const char *fn, const BoundaryArg *arg, long entry)
{
    // The reason is exact, and it is the same whatever the test was about: its own hint line
    // replaces the test's, which was written for a wrong value.
    if (entry < 0)
        grade_fail("%s wrote before the start of %s (entry [%ld] changed): %s holds entries 0 .. %lld"
                   " only\nhint: an index into %s went below 0: check how each index is computed",
                   fn, arg->name, entry, arg->name, (long long)arg->count - 1, arg->name);
    char generic[256];
    snprintf(generic, sizeof generic, "an index into %s reaches past the entries its contract gives"
             " it: check each index's row stride and each loop's bound against the sizes in the"
             " header", arg->name);
    const char *hint = grade_overrun_hint_now();
    grade_fail("%s wrote past the end of %s: it holds %s = %lld entries, and entry [%ld] changed\n"
               "hint: %s", fn, arg->name, arg->count_text ? arg->count_text : "its",
               (long long)arg->count, entry, hint ? hint : generic);
}

static int64_t element_bytes(const BoundaryArg *a)
{
    int64_t n = a->count > 0 ? a->count : 0;
    if (n > (int64_t)(BOUNDARY_HEAP / (a->size ? a->size : 1)))
        grade_fail("internal: the test passes %s with %lld entries, more than the student's heap holds"
                   " (a bug in the test)", a->name, (long long)n);
    return n * (int64_t)a->size;
}

static BoundaryWord call(uint32_t fn_id, const char *fn, BoundaryArg *args, int nargs);

// Set while a call is under way: a failure found then is the boundary's (a crash, an overrun),
// and nothing more may be asked of the student process in the same breath (runner.c).
static int in_call;

int boundary_in_call(void)
{
    return in_call;
}

BoundaryWord boundary_call(uint32_t fn_id, const char *fn, BoundaryArg *args, int nargs)
{
    in_call = 1;
    BoundaryWord r = call(fn_id, fn, args, nargs);
    in_call = 0;
    return r;
}

static BoundaryWord call(uint32_t fn_id, const char *fn, BoundaryArg *args, int nargs)
{
    if (nargs > BOUNDARY_MAX_ARGS)
        grade_fail("internal: %s has more than %d arguments", fn, BOUNDARY_MAX_ARGS);
    if (st.pid <= 0)
        start(fn);
    BoundarySlot *slot = BOUNDARY_SLOT;
    Frame frame = { 0 };
    Piece pieces[BOUNDARY_MAX_ARGS];
    Copy copies[BOUNDARY_MAX_ARGS];
    int npieces = 0, ncopies = 0;
    unsigned char before[2048];  // a network's struct before the call (boundary_mlp.c)

    // 1. Every argument as a word; the test's arrays become pieces to copy.
    for (int i = 0; i < nargs; i++) {
        BoundaryArg *a = &args[i];
        slot->arg[i].i = 0;
        switch (a->kind) {
        case BOUNDARY_INT:
        case BOUNDARY_DOUBLE:
            slot->arg[i] = a->value;
            break;
        case BOUNDARY_CTX:   // the test's context stays here; the student gets a stand-in
            slot->arg[i].p = (void *)(BOUNDARY_BASE + offsetof(BoundarySlot, cb_ret));
            break;
        case BOUNDARY_CALLBACK:
            if (a->count < 0 || a->count > BOUNDARY_CB_MAX || a->count2 < 0 || a->count2 > BOUNDARY_CB_MAX)
                grade_fail("internal: %s's callback sizes are outside 0 .. %d", fn, BOUNDARY_CB_MAX);
            frame = (Frame){ .kind = a->mode, .fn = a->fn, .ctx = a->ctx, .P = a->count, .N = a->count2 };
            slot->arg[i].p = NULL;   // the student binary puts its own stand-in here
            break;
        case BOUNDARY_MLP:
            if (!a->ptr)
                break;
            if (boundary_mlp_size() > sizeof before)
                grade_fail("internal: an Mlp is larger than the grader's copy of it");
            boundary_mlp_before(a->ptr, a->mode, fn);
            memcpy(before, a->ptr, boundary_mlp_size());
            pieces[npieces++] = (Piece){ .arg = i, .from = (uintptr_t)a->ptr,
                                         .bytes = boundary_mlp_size(), .writable = 1 };
            break;
        case BOUNDARY_ARRAY: {
            int64_t bytes = element_bytes(a);
            if (!a->ptr)
                break;
            if (boundary_in_heap(a->ptr, (size_t)bytes)) {
                slot->arg[i].p = a->ptr;   // already shared (a network's buffers)
                break;
            }
            pieces[npieces++] = (Piece){ .arg = i, .from = (uintptr_t)a->ptr, .bytes = (size_t)bytes,
                                         .writable = !a->is_const };
            break;
        }
        }
    }
    slot->fn = fn_id;
    slot->nargs = (uint32_t)nargs;
    slot->crash_sig = 0;
    slot->cb_P = (int32_t)frame.P, slot->cb_N = (int32_t)frame.N;

    // 2. The pieces, grouped where they overlap, copied into blocks between guards.
    qsort(pieces, (size_t)npieces, sizeof *pieces, by_address);
    for (int k = 0; k < npieces; k++) {
        Piece *p = &pieces[k];
        if (ncopies > 0 && p->from < copies[ncopies - 1].hi) {
            Copy *c = &copies[ncopies - 1];
            if (p->from + p->bytes > c->hi)
                c->hi = p->from + p->bytes, c->last = k;
        } else {
            copies[ncopies++] = (Copy){ .lo = p->from, .hi = p->from + p->bytes, .first = k, .last = k };
        }
        p->group = ncopies - 1;
    }
    for (int g = 0; g < ncopies; g++) {
        Copy *c = &copies[g];
        c->at = new_block(c->hi - c->lo, 0, fn);
        if (!c->at)
            grade_fail("ran out of memory: the arrays passed to %s do not fit in the student's heap"
                       " next to what it holds (256 MiB per test)", fn);
        memcpy((void *)c->at, (void *)c->lo, c->hi - c->lo);
    }
    for (int k = 0; k < npieces; k++)
        slot->arg[pieces[k].arg].p = (void *)(copies[pieces[k].group].at + (pieces[k].from -
                                                                           copies[pieces[k].group].lo));

    // 3. The call.
    respond(st.pending, BOUNDARY_DO_CALL);
    serve(fn, &frame);

    // 4. What the test may now believe: guards whole, const arrays unchanged, then the copies
    //    back into the test's arrays.
    for (int g = 0; g < ncopies; g++) {
        const Copy *c = &copies[g];
        int k = find_block(c->at);
        long off = broken_guard(&st.blocks[k]);
        if (off) {
            const Piece *p = &pieces[off < 0 ? c->first : c->last];
            const BoundaryArg *a = &args[p->arg];
            long rel = off + (long)(c->lo - p->from);   // bytes from the argument's start
            fail_overrun(fn, a, rel < 0 ? -1 - (-rel - 1) / (long)a->size : rel / (long)a->size);
        }
    }
    for (int k = 0; k < st.nblocks; k++) {
        const Block *b = &st.blocks[k];
        long off = b->live && b->student ? broken_guard(b) : 0;
        if (off)
            grade_fail("%s wrote %s a %zu-byte block from malloc (allocated in %s)", fn,
                       off < 0 ? "before the start of" : "past the end of", b->size, b->by);
    }
    for (int k = 0; k < npieces; k++) {
        const Piece *p = &pieces[k];
        const BoundaryArg *a = &args[p->arg];
        const unsigned char *shared = (const unsigned char *)(copies[p->group].at + (p->from -
                                                                      copies[p->group].lo));
        if (a->kind == BOUNDARY_ARRAY && a->is_const) {
            int shares = 0;   // an in-place call writes a const argument through another one
            for (int j = 0; j < npieces; j++)
                shares |= j != k && pieces[j].writable && pieces[j].group == p->group &&
                          pieces[j].from < p->from + p->bytes && p->from < pieces[j].from + pieces[j].bytes;
            for (size_t b = 0; !shares && b < p->bytes; b++)
                if (shared[b] != ((const unsigned char *)p->from)[b])
                    grade_fail("%s changed %s[%zu], which it may only read (the argument is const)",
                               fn, a->name, b / a->size);
        }
    }
    for (int k = 0; k < npieces; k++) {
        const Piece *p = &pieces[k];
        const BoundaryArg *a = &args[p->arg];
        const void *shared = (const void *)(copies[p->group].at + (p->from - copies[p->group].lo));
        if (a->kind == BOUNDARY_MLP)
            boundary_mlp_after(a->ptr, shared, before, a->mode, fn);
        else if (p->writable)
            memcpy((void *)p->from, shared, p->bytes);
    }
    for (int g = 0; g < ncopies; g++)
        drop_block(&st.blocks[find_block(copies[g].at)]);
    return slot->ret;
}

const char *boundary_text(void)
{
    static char ring[4][BOUNDARY_TEXT];
    static int next;
    char *t = ring[next++ % 4];
    memcpy(t, BOUNDARY_SLOT->text, BOUNDARY_TEXT);
    t[BOUNDARY_TEXT - 1] = '\0';
    return t;
}

const void *boundary_result(const void *p, int64_t bytes, const char *fn)
{
    if (p && !(bytes >= 0 && boundary_in_heap(p, (size_t)bytes)))
        grade_fail("%s returned a pointer outside the memory it was given or allocated", fn);
    return p;
}

int64_t boundary_popcount(uint64_t x)
{
    int64_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

// ---------------------------------------------------------------- callbacks

// The student's code called the callback the test passed (gd_run's f): run the test's function
// here on copies of the arrays, and put its results where the student process reads them.
static void run_callback(const char *fn, const Frame *frame, int kind, int64_t B)
{
    if (frame->kind == 0 || kind != frame->kind)
        grade_fail("%s called a callback it was not given (only a raw system call does that)", fn);
    size_t P = (size_t)frame->P;
    double *params = malloc(sizeof(double) * (P + 1)), *grad = calloc(P + 1, sizeof(double));
    int *idx = NULL;
    if (!params || !grad)
        grade_fail("internal: out of memory in the grader");
    memcpy(params, BOUNDARY_CB_PARAMS, sizeof(double) * P);
    double loss;
    if (kind == BOUNDARY_CB_LOSSGRAD) {
        loss = ((LossGrad)frame->fn)(grad, params, frame->ctx);
    } else if (kind == BOUNDARY_CB_SCALAR) {
        loss = ((Scalar)frame->fn)(params, frame->ctx);
    } else {
        if (B < 0 || B > frame->N)
            grade_fail("%s called f with B = %lld examples, outside 0 .. N = %lld", fn,
                       (long long)B, (long long)frame->N);
        idx = malloc(sizeof(int) * (size_t)(B + 1));
        if (!idx)
            grade_fail("internal: out of memory in the grader");
        memcpy(idx, BOUNDARY_CB_IDX, sizeof(int) * (size_t)B);
        for (int64_t b = 0; b < B; b++)
            if (idx[b] < 0 || idx[b] >= frame->N)
                grade_fail("%s called f with idx[%lld] = %d, which is not an example (0 .. N-1 = %lld)",
                           fn, (long long)b, idx[b], (long long)frame->N - 1);
        loss = ((BatchLossGrad)frame->fn)(grad, params, idx, (int)B, frame->ctx);
    }
    memcpy(BOUNDARY_CB_GRAD, grad, sizeof(double) * P);
    BOUNDARY_SLOT->cb_ret.d = loss;
    free(params), free(grad), free(idx);
}
