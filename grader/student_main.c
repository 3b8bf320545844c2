/* student_main.c -- the main of the student process: the student's chapter files, linked with
 * this file, the generated table of their functions (boundary_calls.c) and lib/, into a static
 * program that runs one call at a time for the grader (boundary.h).
 *
 * It starts already sandboxed (the grader set it up before execve: sandbox.h), maps the shared
 * block it was given as file descriptor 3, forbids itself execve, and then waits in its trap
 * system call. Each time the grader lets it go on it runs the call in the slot and traps again.
 * What the student's code allocates comes from the grader (student_malloc below: the chapter
 * objects' malloc, calloc, realloc and free are renamed to these when the binary is linked).
 * A callback of the test's (gd_run's f) is a trap too: the grader runs it and hands the results
 * back.
 *
 * Nothing here is trusted by the grader: this is the student's process, and the student's code
 * may overwrite any of it. It is written to work for an honest student, and the grader checks
 * everything it reads back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "boundary.h"
#include "sandbox.h"

static long trap(long op, long a, long b, long c)
{
    return syscall(SANDBOX_TRAP_NR, op, a, b, c);
}

// Runs calls while the grader asks for them; returns the first other word it says (RESUME, when
// a callback the student's code is waiting in has finished).
long boundary_serve(long command)
{
    BoundarySlot *slot = BOUNDARY_SLOT;
    while (command == BOUNDARY_DO_CALL) {
        uint32_t fn = slot->fn;
        if (fn >= (uint32_t)boundary_function_count || !boundary_functions[fn].fn) {
            command = trap(BOUNDARY_OP_MISSING, (long)fn, 0, 0);
            continue;
        }
        boundary_functions[fn].run(slot);
        fflush(stdout);   // what it printed, in order with the grader's lines
        fflush(stderr);
        command = trap(BOUNDARY_OP_RETURN, 0, 0, 0);
    }
    return command;
}

// ---------------------------------------------------------------- the student's malloc

void *student_malloc(size_t n)
{
    return (void *)trap(BOUNDARY_OP_MALLOC, (long)n, 0, 0);
}

void *student_calloc(size_t count, size_t size)
{
    return (void *)trap(BOUNDARY_OP_CALLOC, (long)count, (long)size, 0);
}

void *student_realloc(void *p, size_t n)
{
    return (void *)trap(BOUNDARY_OP_REALLOC, (long)p, (long)n, 0);
}

void student_free(void *p)
{
    trap(BOUNDARY_OP_FREE, (long)p, 0, 0);
}

// ---------------------------------------------------------------- callbacks

// The sizes of the call that passed the callback (set by the generated table around it).
static int cb_P, cb_N;

BoundaryCallbackSizes boundary_callback_sizes(int P, int N)
{
    BoundaryCallbackSizes old = { cb_P, cb_N };
    cb_P = P < 0 ? 0 : P > BOUNDARY_CB_MAX ? BOUNDARY_CB_MAX : P;
    cb_N = N < 0 ? 0 : N > BOUNDARY_CB_MAX ? BOUNDARY_CB_MAX : N;
    return old;
}

void boundary_callback_restore(BoundaryCallbackSizes old)
{
    cb_P = old.P, cb_N = old.N;
}

static double callback(double *grad, const double *params, const int *idx, int B, int kind)
{
    int P = cb_P;
    memcpy(BOUNDARY_CB_PARAMS, params, sizeof(double) * (size_t)P);
    if (kind == BOUNDARY_CB_BATCH && idx && B > 0)
        memcpy(BOUNDARY_CB_IDX, idx, sizeof(int) * (size_t)(B < cb_N ? B : cb_N));
    boundary_serve(trap(BOUNDARY_OP_CALLBACK, kind, B, 0));
    if (grad)
        memcpy(grad, BOUNDARY_CB_GRAD, sizeof(double) * (size_t)P);
    return BOUNDARY_SLOT->cb_ret.d;
}

double boundary_lossgrad(double *grad, const double *params, void *ctx)
{
    (void)ctx;
    return callback(grad, params, NULL, 0, BOUNDARY_CB_LOSSGRAD);
}

double boundary_batch_lossgrad(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    (void)ctx;
    return callback(grad, params, idx, B, BOUNDARY_CB_BATCH);
}

double boundary_scalar(const double *params, void *ctx)
{
    (void)ctx;
    return callback(NULL, params, NULL, 0, BOUNDARY_CB_SCALAR);
}

// A returned string, copied into the slot (activation_name).
void boundary_put_text(BoundarySlot *slot, const char *s)
{
    size_t n = s ? strnlen(s, BOUNDARY_TEXT - 1) : 0;
    if (n)
        memcpy(slot->text, s, n);
    slot->text[n] = '\0';
}

// ---------------------------------------------------------------- crashes

// A crash leaves its place in the slot, for the grader's message, then dies of the same signal:
// the handler is reset on entry, so the faulting instruction, run again, ends the process.
static void note_crash(int sig, siginfo_t *info, void *context)
{
    (void)info;
    BoundarySlot *slot = BOUNDARY_SLOT;
    const ucontext_t *uc = context;
    uint64_t pc = 0;
#if defined(__x86_64__)
    pc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    pc = (uint64_t)uc->uc_mcontext.pc;
#else
    (void)uc;
#endif
    slot->crash_pc = pc;
    slot->crash_anchor = (uint64_t)(uintptr_t)&boundary_serve;
    slot->crash_sig = (uint32_t)sig;
}

static void catch_crashes(void)
{
    static char stack[1 << 16];   // its own stack: a crash may be a stack overflow
    stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = note_crash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    const int sigs[4] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
    for (int k = 0; k < 4; k++)
        sigaction(sigs[k], &sa, NULL);
}

int main(void)
{
    void *at = mmap((void *)BOUNDARY_BASE, BOUNDARY_BYTES, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_FIXED_NOREPLACE, 3, 0);
    if (at != (void *)BOUNDARY_BASE) {
        fprintf(stderr, "student process: cannot map the shared block: %s\n", strerror(errno));
        return 111;
    }
    close(3);
    if (sandbox_seccomp_no_exec() != 0)
        return 112;
    catch_crashes();
    boundary_serve(trap(BOUNDARY_OP_READY, 0, 0, 0));
    return 0;   // not reached: the grader ends this process
}
