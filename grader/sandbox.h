/* sandbox.h -- what the grader does to a process before it runs anything a student wrote.
 *
 * Two kinds of process run student input: the compiler (it reads the student's file) and the
 * student process (it runs the student's code; see boundary.h). Both are set up here, by the
 * grader's own code, between fork() and execve(), so that nothing the student wrote ever runs
 * with more than this: not a constructor, not the first instruction.
 *
 *   - a user id of the grading run's own, when the grader runs as root (CI, Gradescope, class
 *     grading): not root, not anyone else's files; every process of that id is killed after;
 *   - resource limits: CPU time, memory, file size, processes, open files;
 *   - no new privileges (no set-uid program can give any back);
 *   - Landlock (Linux 5.13+, when the kernel has it): the file system shrinks to a few folders
 *     (the compiler: the toolchain read-only, its scratch folder read-write; the student
 *     process: its own binary, to start it, and nothing else);
 *   - for the student process, a seccomp filter: computing, printing to stdout and stderr,
 *     memory, sleeping, and the one system call that hands control back to the grader. A call
 *     that reaches outside (a file, a process, a signal to another, a socket, privileges) is
 *     handed to the grader, which fails the test naming it; any other fails with EPERM.
 *
 * Left out on purpose: containers and virtual machines. The layers above need no daemon and no
 * privilege, so a student's laptop, CI and Gradescope get the same ones (the root-only ones when
 * root). README.md ("Threat model") says what each layer stops.
 */
#ifndef WORKBOOK_SANDBOX_H
#define WORKBOOK_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

// The system call the student process stops on to hand control to the grader (boundary.h).
// An unused number: the seccomp filter turns it into a notification before the kernel would
// reject it.
#define SANDBOX_TRAP_NR 999

typedef struct {
    long uid;                  // > 0: switch to this user and group id (only when root)
    double cpu_seconds;        // RLIMIT_CPU (0: leave as is)
    double memory_mb;          // RLIMIT_DATA, in MiB (0: leave as is)
    double address_mb;         // RLIMIT_AS, in MiB (0: leave as is); breaks AddressSanitizer
    double file_mb;            // RLIMIT_FSIZE, in MiB (0: leave as is)
    int processes;             // RLIMIT_NPROC (0: leave as is)
    int open_files;            // RLIMIT_NOFILE (0: leave as is)
    // Landlock: paths readable (and executable), paths writable; NULL-terminated lists.
    const char *const *read_paths;
    const char *const *write_paths;
    int landlock;              // 1: apply the Landlock rules above (when the kernel has it)
} SandboxSpec;

// Applies spec to the calling process: limits, user, no new privileges, Landlock. Returns 0, or
// -1 with a message in err (cap bytes) when a layer that must hold could not be set (the user
// switch, the limits). Landlock missing from the kernel is not an error: *landlocked says
// whether it holds (may be NULL).
int sandbox_enter(const SandboxSpec *spec, int *landlocked, char *err, size_t cap);

// Whether this kernel has Landlock (and the process may use it).
int sandbox_has_landlock(void);

// The student process's seccomp filter, installed on the calling thread: see the list at the
// top. exec_path is the one pointer value execve may be called with (the student binary's path,
// to start it); every later execve fails. hand_over_fd is a socket on which sendmsg (and close)
// stay allowed, to pass the listener to the grader before execve. Returns the listener file
// descriptor on which the grader receives SANDBOX_TRAP_NR as notifications, or -1 with a
// message in err.
int sandbox_seccomp_student(const char *exec_path, int hand_over_fd, char *err, size_t cap);

// The name of a system call the student filter hands to the grader as forbidden (openat,
// clone, kill, ...), for messages; NULL for SANDBOX_TRAP_NR and any other.
const char *sandbox_syscall_name(long nr);

// A second filter the student process installs on itself once it runs: no execve at all.
int sandbox_seccomp_no_exec(void);

// Kills every process of user id uid (as root only; a no-op otherwise). Atomic per round: the
// kernel signals the whole user at once, so a fork chain cannot outrun it. Returns how many
// rounds found someone.
int sandbox_kill_user(long uid);

#endif
