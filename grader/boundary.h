/* boundary.h -- the line between the grader and the student's code.
 *
 * The tests call the student's functions by name, as if they were linked in:
 *
 *     int got = perceptron_predict(w, b, x, 5);
 *
 * They are not. In a test binary each such name is a stub, generated from grader/boundary.txt
 * by tools/mkboundary.awk, that runs the call in the student process -- a separate program
 * built from the student's files alone (grader/student_main.c), started for each test, sandboxed
 * before its first instruction (sandbox.h) -- and returns what it returned. No byte of student
 * code is ever in the test's process: nothing a student writes can touch the expected values,
 * Criterion's assertion state or the report, however it is compiled, linked or run.
 *
 * How a call crosses:
 *   1. The two processes share one block of memory, mapped at the same address in both
 *      (BOUNDARY_BASE), so that a pointer means the same thing on either side. The first part
 *      holds the call (BoundarySlot); the rest is the student's heap: malloc in the student's
 *      code is a request to the grader, which allocates there and keeps the books itself.
 *   2. An array argument that lives in the test's memory is copied into the shared block for
 *      the call, between two guard zones, and copied back after (unless it is const). How many
 *      elements each argument holds is the contract of lib/TOPIC.h, written in boundary.txt.
 *      An argument already in the shared block (a network's params) goes as it is.
 *   3. The student process waits for work inside a system call (SANDBOX_TRAP_NR) that its
 *      seccomp filter turns into a notification for the grader. While the grader handles one
 *      -- reads results, serves a malloc, runs a callback of the test's -- the student process
 *      is stopped in the kernel: it cannot change the shared memory under the grader's feet.
 *   4. After the call the grader checks what it can without trusting anything the student
 *      process says: the guard zones (a write past the end of an array the test passed, or of
 *      a block from malloc), the const arguments (unchanged), a network's shape (unchanged
 *      except where the contract says). Then the test goes on with the values.
 * A crash, exit, time-out or memory overrun in the student process fails the test with a
 * message that names the function that was called; a crash also names the function it happened
 * in, when that is another (mlp_forward crashed in linear_forward).
 *
 * Left out on purpose: reading the student process's private memory (nothing crosses except
 * through the shared block), threads (the student process has one), and any trust in what it
 * writes there (every size and pointer it hands back is checked before use).
 */
#ifndef WORKBOOK_BOUNDARY_H
#define WORKBOOK_BOUNDARY_H

#include <stddef.h>
#include <stdint.h>

// ---------------------------------------------------------------- the shared block

#define BOUNDARY_BASE ((uintptr_t)0x200000000000u)   // far from any program's own mappings
#define BOUNDARY_CONTROL ((size_t)1 << 20)           // the call slot and a callback's arrays
#define BOUNDARY_HEAP ((size_t)256 << 20)            // the student's heap: 256 MiB per test
#define BOUNDARY_BYTES (BOUNDARY_CONTROL + BOUNDARY_HEAP)
#define BOUNDARY_MAX_ARGS 12
#define BOUNDARY_TEXT 64

typedef union {
    int64_t i;
    double d;
    void *p;
} BoundaryWord;

// The call slot, at BOUNDARY_BASE.
typedef struct {
    uint32_t fn;                          // which function (BOUNDARY_FN_..., generated)
    uint32_t nargs;
    BoundaryWord arg[BOUNDARY_MAX_ARGS];  // its arguments; pointers point into the shared block
    BoundaryWord ret;                     // what it returned
    char text[BOUNDARY_TEXT];             // a returned string (activation_name)
    // A callback of the test's (descent.h), run by the grader: the student process copies the
    // arrays it was called with into cb_params and cb_idx, the grader writes cb_grad and cb_ret.
    int32_t cb_P, cb_N;                   // the sizes the call was made with (grader's values)
    BoundaryWord cb_ret;
    // Where the student process was when it crashed, written by its signal handler just before
    // it dies (student_main.c): the signal, the instruction's address and, to place that address
    // in the binary whatever it was loaded at, the address of boundary_serve. A hint for the
    // message only: the grader names the function of the binary's symbol table at that place.
    uint32_t crash_sig;
    uint64_t crash_pc, crash_anchor;
} BoundarySlot;

#define BOUNDARY_SLOT ((BoundarySlot *)BOUNDARY_BASE)
#define BOUNDARY_CB_MAX ((int)((BOUNDARY_CONTROL - 4096) / (2 * sizeof(double) + sizeof(int))))
#define BOUNDARY_CB_PARAMS ((double *)(BOUNDARY_BASE + 4096))
#define BOUNDARY_CB_GRAD (BOUNDARY_CB_PARAMS + BOUNDARY_CB_MAX)
#define BOUNDARY_CB_IDX ((int *)(BOUNDARY_CB_GRAD + BOUNDARY_CB_MAX))

// What the student process asks (the first argument of its trap), and what it is told back.
enum {
    BOUNDARY_OP_READY = 1,   // started; waiting for the first call
    BOUNDARY_OP_RETURN,      // the call in the slot returned (its value in slot->ret)
    BOUNDARY_OP_MALLOC,      // (bytes, caller): the grader answers with the block, or 0
    BOUNDARY_OP_CALLOC,      // (count, size, caller)
    BOUNDARY_OP_REALLOC,     // (block, bytes, caller)
    BOUNDARY_OP_FREE,        // (block)
    BOUNDARY_OP_CALLBACK,    // (kind, B): run the test's callback on the arrays in the slot
    BOUNDARY_OP_MISSING,     // the slot names a function this student binary lacks
};
enum {
    BOUNDARY_DO_CALL = 1,    // run the call in the slot
    BOUNDARY_DO_RESUME = 2,  // the callback is done: its results are in the slot
};
enum { BOUNDARY_CB_LOSSGRAD = 1, BOUNDARY_CB_BATCH = 2, BOUNDARY_CB_SCALAR = 3 };

// ---------------------------------------------------------------- the grader's side

// One argument of a call, as a stub describes it.
typedef enum {
    BOUNDARY_INT, BOUNDARY_DOUBLE, BOUNDARY_ARRAY, BOUNDARY_MLP, BOUNDARY_CALLBACK, BOUNDARY_CTX
} BoundaryKind;

// What a call may do to a network (Mlp) passed to it.
typedef enum {
    BOUNDARY_MLP_KEEP,      // the contents of its buffers, and m->N (running, training)
    BOUNDARY_MLP_INIT,      // everything: it builds the network (checked against the contract)
    BOUNDARY_MLP_FREE,      // everything: it frees the network (accepted zeroed or built)
} BoundaryMlpMode;

typedef struct {
    BoundaryKind kind;
    const char *name;        // the parameter's name, for messages
    BoundaryWord value;      // INT, DOUBLE
    void *ptr;               // ARRAY, MLP: the test's pointer
    int64_t count;           // ARRAY: elements (the contract's size); CALLBACK: P
    size_t size;             // ARRAY: bytes per element
    int is_const;            // ARRAY: the function may only read it
    const char *count_text;  // ARRAY: the size as the contract writes it, e.g. "max_steps + 1"
    int mode;                // MLP: a BoundaryMlpMode; CALLBACK: BOUNDARY_CB_...
    void (*fn)(void);        // CALLBACK: the test's function
    void *ctx;               // CALLBACK: the test's context pointer
    int64_t count2;          // CALLBACK (batch): N, the examples an index may name
} BoundaryArg;

#define BOUNDARY_ARG_INT(nm, v) { .kind = BOUNDARY_INT, .name = nm, .value = { .i = (int64_t)(v) } }
#define BOUNDARY_ARG_DOUBLE(nm, v) { .kind = BOUNDARY_DOUBLE, .name = nm, .value = { .d = (v) } }
#define BOUNDARY_ARG_ARRAY(nm, p, n, text, c) \
    { .kind = BOUNDARY_ARRAY, .name = nm, .ptr = (void *)(p), .count = (n), \
      .size = sizeof *(p), .is_const = (c), .count_text = text }
#define BOUNDARY_ARG_MLP(nm, p, m) { .kind = BOUNDARY_MLP, .name = nm, .ptr = (void *)(p), .mode = (m) }
#define BOUNDARY_ARG_CALLBACK(nm, f, c, k, P, N) \
    { .kind = BOUNDARY_CALLBACK, .name = nm, .fn = (void (*)(void))(f), .ctx = (c), .mode = (k), \
      .count = (P), .count2 = (N) }
#define BOUNDARY_ARG_CTX(nm) { .kind = BOUNDARY_CTX, .name = nm }

// Runs function fn (its name for messages) in the student process with these arguments and
// returns what it returned. Fails the running test (grade_fail) when the student process
// crashes, ends, runs out of time or memory, or breaks a rule above.
BoundaryWord boundary_call(uint32_t fn, const char *name, BoundaryArg *args, int nargs);

// The string a call returned (activation_name), copied out of the shared block.
const char *boundary_text(void);

// A pointer a call returned (mlp_forward's logits): NULL, or checked to hold `bytes` inside
// the shared block; anything else fails the test naming fn.
const void *boundary_result(const void *p, int64_t bytes, const char *fn);

// Whether [p, p + bytes) lies in the student's heap.
int boundary_in_heap(const void *p, size_t bytes);

// Bytes the student's code holds from malloc (its live blocks): what mlp_free must give back.
size_t boundary_student_heap(void);

// free() for a block from the student's heap (the test's free() calls it for such pointers).
void boundary_release(void *p);

// Called when a test starts (the time it may take) and when it ends (stops the student process).
void boundary_begin_test(double seconds);
void boundary_end_test(void);

// 1 while boundary_call is under way (a failure then is the boundary's to report).
int boundary_in_call(void);

// 1 in a test binary linked with the stubs (the student's code runs in the student process);
// 0 when the student's code is linked into the test binary (make debug, SANITIZE=1).
int boundary_contained(void);

// Sizes the generated stubs take from a network (boundary_mlp.c): they check first that m is
// a network as mlp_init builds it, and fail the test naming fn otherwise.
int64_t boundary_mlp_inputs(const void *m, const char *fn);    // sizes[0]
int64_t boundary_mlp_outputs(const void *m, const char *fn);   // sizes[L]
int64_t boundary_mlp_batch(const void *m, const char *fn);     // N of the last forward pass

// What the boundary checks about a network passed by pointer (boundary_mlp.c): before the
// call, that it is one mlp_init built (or zeroed, for mlp_free); after it, that the call changed
// only what its mode allows, copying that back. After mlp_init, that what it returned 0 for is
// the network it was asked for, laid out as its given code lays it out.
size_t boundary_mlp_size(void);
void boundary_mlp_before(void *m, int mode, const char *fn);
void boundary_mlp_after(void *m, const void *shared, const void *before, int mode, const char *fn);
void boundary_mlp_check_init(const void *m, int64_t ret, const int *sizes, int L, int act,
                             int max_batch, const char *fn);

// The number of bits set in x (feature_map's F).
int64_t boundary_popcount(uint64_t x);

// ---------------------------------------------------------------- the student process's side

// The functions the student binary can run, by BOUNDARY_FN_... (generated: boundary_calls.c).
typedef struct {
    const char *name;
    void (*run)(BoundarySlot *slot);   // makes the call from the slot's words
    void (*fn)(void);                  // the function itself; NULL: not in this binary
} BoundaryFunction;
extern const BoundaryFunction boundary_functions[];
extern const int boundary_function_count;

// student_main.c: runs calls until told otherwise; the stand-ins for the test's callbacks and
// the sizes they copy (set around each call that takes one); a returned string into the slot.
long boundary_serve(long command);
typedef struct {
    int P, N;
} BoundaryCallbackSizes;
BoundaryCallbackSizes boundary_callback_sizes(int P, int N);
void boundary_callback_restore(BoundaryCallbackSizes old);
double boundary_lossgrad(double *grad, const double *params, void *ctx);
double boundary_batch_lossgrad(double *grad, const double *params, const int *idx, int B, void *ctx);
double boundary_scalar(const double *params, void *ctx);   // numgrad.h's ScalarFn (no gradient)
void boundary_put_text(BoundarySlot *slot, const char *s);

#endif
