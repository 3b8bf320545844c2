/* report.c -- turns the raw results of the chapter runs into points: a table on the terminal,
 * results.json for Gradescope, JUnit XML for CI, and a summary per chapter.
 *
 * Usage: report --table grader/points.txt --out build/grade [--seconds S] [--strict] [--partial]
 *               [--color] DIR...
 *   --partial  only some tests ran (make grade TEST=...): list and count just those
 *   --color    colour the statuses (grade.sh asks for it on a terminal without NO_COLOR)
 *   --sanitized  the tests were built with the sanitizers (SANITIZE=1)
 *
 * Each DIR is one chapter's run, named after its suite (build/grade/ch01), as grader/grade.sh
 * leaves it:
 *     source          the chapter file graded (one line)
 *     compile.status  ok | failed | missing
 *     compile.log     the compiler's messages
 *     raw.tsv         one line per test from runner.c: test, status, seconds, message
 *     run.status      the runner's exit status (124 or 137: stopped by the outer time limit)
 *     hidden          1 when the hidden tests were compiled in
 *     san/            SANITIZE=1: each test's sanitizer report, SUITE.NAME.PID (runner.c), whose
 *                     line that matters becomes the hint under the test it stopped
 *
 * The points table is the truth about which tests exist: a test in the table with no result
 * scores 0 with the reason, and a result with no row in the table scores nothing and is named
 * on stderr. Every byte that came from a student (messages, compiler output) is escaped here,
 * with invalid UTF-8 replaced, so results.json and the XML are always well formed.
 * Exit status: 0 when the report was written (whatever the score); 1 with --strict below full
 * marks; 2 on a bad table or arguments.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------- small helpers

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("report: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    char *d = xmalloc(strlen(s) + 1);
    memcpy(d, s, strlen(s) + 1);
    return d;
}

// The whole file as a string, or NULL when it cannot be read. At most `cap` bytes are kept.
static char *slurp(const char *path, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xmalloc(cap + 1);
    size_t n = fread(buf, 1, cap, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *path_in(const char *dir, const char *name)
{
    char *p = xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

// The first line of a small file in dir, without its newline; "" when missing.
static char *read_word(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    char *s = slurp(p, 4096);
    free(p);
    if (!s)
        return xstrdup("");
    s[strcspn(s, "\r\n")] = '\0';
    return s;
}

// Length of the valid UTF-8 sequence at s, or 0 when it is not one.
static int utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

// A growing string.
typedef struct {
    char *s;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            die("out of memory");
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_printf(Buf *b, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    buf_add(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void buf_puts(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

// ---------------------------------------------------------------- escaping

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = utf8_len(p);
        if (n == 0) {
            fputc('?', f);   // not UTF-8: replaced, so the file stays valid
            p++;
        } else if (*p == '"' || *p == '\\') {
            fputc('\\', f);
            fputc(*p++, f);
        } else if (*p == '\n') {
            fputs("\\n", f);
            p++;
        } else if (*p == '\t') {
            fputs("\\t", f);
            p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", *p++);
        } else {
            fwrite(p, 1, (size_t)n, f);
            p += n;
        }
    }
    fputc('"', f);
}

static void xml_text(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = utf8_len(p);
        if (n == 0 || (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
            fputc('?', f);   // not allowed in XML 1.0
            p++;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fwrite(p, 1, (size_t)n, f);
        }
        p += n;
    }
}

// Undoes runner.c's escaping of a raw message in place.
static void unescape(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *out++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s;
        } else {
            *out++ = *s;
        }
    }
    *out = '\0';
}

// ---------------------------------------------------------------- the points table

typedef struct {
    char *test;         // "ch01/predict_uses_every_feature"
    char *chapter;      // "ch01"
    char *name;         // "predict_uses_every_feature"
    char *exercise;     // "perceptron_predict"
    int points;
    int hidden;         // 1 for visibility hidden
    char *hint;
    // Filled in from the run:
    int ran;            // a result was found
    int earned;
    char *status;       // PASS, FAIL, CRASH, TIMEOUT, EXIT, STOPPED, NOT RUN, NO BUILD, MISSING
    char *message;      // the full reason (may be several lines); "" when passed
    double seconds;
} Row;

typedef struct {
    Row *rows;
    int n;
} Table;

static Table read_table(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("%s: cannot open: %s", path, strerror(errno));
    Table t = { 0 };
    int cap = 0, lineno = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f))
            die("%s:%d: line too long (over %zu characters)", path, lineno, sizeof line - 2);
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#')
            continue;
        char *field[4];
        for (int k = 0; k < 4; k++) {
            field[k] = p;
            p += strcspn(p, " \t");
            if (*p == '\0' && k < 3)
                die("%s:%d: expected `test exercise points visibility hint`, found `%s`", path,
                    lineno, line);
            if (*p)
                *p++ = '\0';
            p += strspn(p, " \t");
        }
        char *slash = strchr(field[0], '/');
        if (!slash || slash == field[0] || !slash[1])
            die("%s:%d: the test `%s` must be written suite/name, e.g. ch01/predict_uses_every_feature",
                path, lineno, field[0]);
        char *end;
        long pts = strtol(field[2], &end, 10);
        if (*end || end == field[2] || pts < 0 || pts > 100)
            die("%s:%d: points must be a whole number from 0 to 100, found `%s`", path, lineno,
                field[2]);
        int hidden = strcmp(field[3], "hidden") == 0;
        if (!hidden && strcmp(field[3], "visible") != 0)
            die("%s:%d: visibility must be visible or hidden, found `%s`", path, lineno, field[3]);
        if (*p == '\0')
            die("%s:%d: the test %s has no hint: say what to look at when it fails", path, lineno,
                field[0]);
        for (int i = 0; i < t.n; i++)
            if (strcmp(t.rows[i].test, field[0]) == 0)
                die("%s:%d: the test %s is listed twice", path, lineno, field[0]);
        if (t.n == cap) {
            cap = cap ? 2 * cap : 64;
            t.rows = realloc(t.rows, (size_t)cap * sizeof *t.rows);
            if (!t.rows)
                die("out of memory");
        }
        Row *r = &t.rows[t.n++];
        memset(r, 0, sizeof *r);
        r->test = xstrdup(field[0]);
        r->chapter = xstrdup(field[0]);
        r->chapter[slash - field[0]] = '\0';
        r->name = xstrdup(slash + 1);
        r->exercise = xstrdup(field[1]);
        r->points = (int)pts;
        r->hidden = hidden;
        r->hint = xstrdup(p);
    }
    fclose(f);
    return t;
}

static void free_table(Table *t)
{
    for (int i = 0; i < t->n; i++) {
        Row *r = &t->rows[i];
        free(r->test);
        free(r->chapter);
        free(r->name);
        free(r->exercise);
        free(r->hint);
        free(r->status);
        free(r->message);
    }
    free(t->rows);
}

// ---------------------------------------------------------------- one chapter's run

static int partial;    // --partial: only some tests were run (TEST=...): list and count just those
static int sanitized;  // --sanitized: built with ASan and UBSan, which exit 1 when they report

static const char *signal_name(int sig)
{
    switch (sig) {
    case 4: return "SIGILL, an illegal instruction";
    case 5: return "SIGTRAP, a trap (a sanitizer or a debugger stop)";
    case 6: return "SIGABRT: abort() was called, or a failed assert() or sanitizer check";
    case 7: return "SIGBUS, a bad memory access";
    case 8: return "SIGFPE, an arithmetic error such as an integer division by zero";
    case 9: return "SIGKILL: killed, usually for running out of memory or CPU time";
    case 11: return "SIGSEGV: an invalid memory access (an index out of bounds or a NULL pointer?)";
    case 24: return "SIGXCPU: the CPU time limit";
    case 25: return "SIGXFSZ: a file grew past the size limit";
    default: return "a signal";
    }
}

// The first few error lines of a compiler log, for the reason of a failed build.
static char *first_errors(const char *log)
{
    Buf b = { 0 };
    int shown = 0;
    const char *p = log ? log : "";
    while (*p && shown < 8) {
        size_t n = strcspn(p, "\n");
        int is_error = 0;
        for (size_t i = 0; i + 6 <= n && !is_error; i++)
            is_error = strncmp(p + i, "error", 5) == 0 || strncmp(p + i, "undefined ref", 13) == 0;
        int context = is_error || (shown > 0 && shown < 8 && n > 0 && strchr(p, '|') &&
                                   (size_t)(strchr(p, '|') - p) < n && p[0] == ' ');
        if (context) {   // an error line, or the source lines gcc quotes under it
            buf_add(&b, p, n > 300 ? 300 : n);
            buf_puts(&b, "\n");
            shown += is_error;
        }
        p += n + (p[n] == '\n');
    }
    if (!b.s) {   // no line says error: the start of the log, at most 2 KB
        const char *l = log && *log ? log : "(no compiler output)\n";
        size_t n = strlen(l);
        buf_add(&b, l, n > 2048 ? 2048 : n);
        if (n > 2048)
            buf_puts(&b, "\n[... the rest is in the chapter's compile.log]\n");
    }
    return b.s;
}

// The line of a sanitizer's report that matters, as a hint, into b: what happened and where in
// the student's files (the first frame in the folder of `source`). The reports are the files
// dir/san/SUITE.NAME.PID that runner.c has each test's sanitizers write (SANITIZE=1). Nothing
// is added when the test left no report.
static void sanitizer_hint(Buf *b, const char *dir, const Row *r, const char *source)
{
    char *san = path_in(dir, "san");
    DIR *d = opendir(san);
    char prefix[512], *report = NULL, *file = NULL;
    snprintf(prefix, sizeof prefix, "%s.%s.", r->chapter, r->name);
    for (struct dirent *e; d && !report && (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        file = path_in(san, e->d_name);
        report = slurp(file, 1 << 18);
        if (!report) {
            free(file);
            file = NULL;
        }
    }
    if (d)
        closedir(d);
    free(san);
    if (!report)
        return;
    // The student's folder, as the frames print it: "skeletons/" for "skeletons/01_perceptron.c".
    char folder[512];
    const char *slash = strrchr(source, '/');
    snprintf(folder, sizeof folder, "%.*s", slash ? (int)(slash - source + 1) : 0, source);
    char what[256] = "", ub[512] = "", frame_fn[128] = "", frame_at[512] = "";
    long leaked = 0;
    for (char *line = report; *line;) {
        size_t n = strcspn(line, "\n");
        char saved = line[n];
        line[n] = '\0';
        char *p;
        if ((p = strstr(line, "ERROR: AddressSanitizer: ")) != NULL && !*what) {
            p += strlen("ERROR: AddressSanitizer: ");
            snprintf(what, sizeof what, "%.*s", (int)(strstr(p, " on ") ? strstr(p, " on ") - p
                                                      : (long)strlen(p)), p);
        } else if (strstr(line, "ERROR: LeakSanitizer:") && !*what) {
            snprintf(what, sizeof what, "leak");
        } else if ((p = strstr(line, "Direct leak of ")) != NULL) {
            leaked += atol(p + strlen("Direct leak of "));
        } else if ((p = strstr(line, ": runtime error: ")) != NULL && !*ub) {
            // file:line:col: runtime error: what -- UndefinedBehaviorSanitizer's one line
            *p = '\0';
            char *col = strrchr(line, ':');
            if (col && col > line && strchr(line, ':') != col)
                *col = '\0';
            snprintf(ub, sizeof ub, "%s at %s", p + strlen(": runtime error: "), line);
        } else if (!*frame_fn && strstr(line, " in ") && *folder && strstr(line, folder) &&
                   strstr(line, ".c:")) {
            // "    #1 0x... in function folder/file.c:20" (the column, if any, dropped)
            char *at = strrchr(line, ' '), *fn = at;
            while (fn > line && fn[-1] != ' ')
                fn--;
            if (at && fn > line) {
                char *c = strstr(at, ".c:");
                if (c && strchr(c + 3, ':'))
                    *strchr(c + 3, ':') = '\0';
                snprintf(frame_fn, sizeof frame_fn, "%.*s", (int)(at - fn), fn);
                snprintf(frame_at, sizeof frame_at, "%s", at + 1);
            }
        }
        line[n] = saved;
        line += n + (saved == '\n');
    }
    if (*ub)
        buf_printf(b, "\nhint: the sanitizer says: undefined behaviour, %s", ub);
    else if (strcmp(what, "leak") == 0 && *frame_fn)
        buf_printf(b, "\nhint: the sanitizer says: %ld bytes allocated in %s at %s were never freed",
                   leaked, frame_fn, frame_at);
    else if (*what && *frame_fn)
        buf_printf(b, "\nhint: the sanitizer says: %s in %s at %s", what, frame_fn, frame_at);
    else if (*what)
        buf_printf(b, "\nhint: the sanitizer says: %s (outside your files: see its report)", what);
    if (*what || *ub)
        buf_printf(b, " (its whole report: %s)", file);
    free(report);
    free(file);
}

static void set(Row *r, const char *status, const char *message)
{
    free(r->status);
    free(r->message);
    r->ran = 1;
    r->status = xstrdup(status);
    r->message = xstrdup(message);
}

// Reads one chapter's directory and fills in its rows of the table.
static void grade_chapter(Table *t, const char *dir, const char *chapter, int *hidden_ran)
{
    char *compile = read_word(dir, "compile.status");
    char *source = read_word(dir, "source");
    char *run_status = read_word(dir, "run.status");
    char *hidden = read_word(dir, "hidden");
    *hidden_ran = strcmp(hidden, "1") == 0;

    if (strcmp(compile, "ok") != 0) {
        char *log_path = path_in(dir, "compile.log");
        char *log = slurp(log_path, 1 << 16);
        char *errors = first_errors(log);
        Buf why = { 0 };
        if (strcmp(compile, "missing") == 0)
            buf_printf(&why, "%s is missing: this chapter scores 0 until the file is there", source);
        else
            buf_printf(&why, "%s did not compile, so none of its tests could run. The compiler"
                       " said:\n%s", source, errors);
        for (int i = 0; i < t->n; i++)
            if (strcmp(t->rows[i].chapter, chapter) == 0 && (!t->rows[i].hidden || *hidden_ran))
                set(&t->rows[i], strcmp(compile, "missing") == 0 ? "MISSING" : "NO BUILD", why.s);
        free(why.s);
        free(errors);
        free(log);
        free(log_path);
    } else {
        char *raw_path = path_in(dir, "raw.tsv");
        FILE *f = fopen(raw_path, "r");
        char line[1 << 16];
        while (f && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            char *test = line, *status = NULL, *secs = NULL, *msg = NULL;
            char *tab = strchr(test, '\t');
            if (tab) { *tab = '\0'; status = tab + 1; tab = strchr(status, '\t'); }
            if (tab) { *tab = '\0'; secs = tab + 1; tab = strchr(secs, '\t'); }
            if (tab) { *tab = '\0'; msg = tab + 1; }
            if (!msg) {
                fprintf(stderr, "report: %s: a malformed line, skipped\n", raw_path);
                continue;
            }
            unescape(msg);
            Row *r = NULL;
            for (int i = 0; i < t->n && !r; i++)
                if (strcmp(t->rows[i].test, test) == 0)
                    r = &t->rows[i];
            if (!r) {
                fprintf(stderr, "report: the test %s is not in the points table: it scores nothing."
                        " Add it to grader/points.txt\n", test);
                continue;
            }
            r->seconds = atof(secs);
            Buf why = { 0 };
            if (strcmp(status, "passed") == 0) {
                set(r, "PASS", "");
                r->earned = r->points;
            } else if (strcmp(status, "failed") == 0) {
                // Every failure names the function it grades, even when the check did not.
                buf_puts(&why, *msg ? msg : "failed without a message");
                if (!strstr(why.s, r->exercise))
                    buf_printf(&why, " (while testing %s)", r->exercise);
                if (sanitized && strncmp(msg, "LeakSanitizer:", 14) == 0)
                    sanitizer_hint(&why, dir, r, source);
                set(r, "FAIL", why.s);
            } else if (strncmp(status, "crashed:", 8) == 0) {
                // Linked in (make debug, or no sandbox): where it crashed is the sanitizer's to say.
                int sig = atoi(status + 8);
                buf_printf(&why, "crashed with %s while testing %s (in it, or in a function it"
                           " calls)", signal_name(sig), r->exercise);
                if (sig == 4 || sig == 6 || sig == 7 || sig == 8 || sig == 11)
                    buf_printf(&why, "\nhint: make grade CH=%s SANITIZE=1 shows the file and line"
                               " where it happens", r->chapter + strcspn(r->chapter, "0123456789"));
                set(r, "CRASH", why.s);
            } else if (strcmp(status, "timeout") == 0) {
                buf_printf(&why, "timed out after %.1f s while testing %s (an endless loop, or a"
                           " loop that never reaches its end?)", r->seconds, r->exercise);
                set(r, "TIMEOUT", why.s);
            } else if (strncmp(status, "exit:", 5) == 0) {
                int code = atoi(status + 5);
                if (sanitized && code == 1) {
                    buf_printf(&why, "a sanitizer stopped the test while testing %s: a bad memory"
                               " access or undefined behaviour", r->exercise);
                    size_t len = why.len;
                    sanitizer_hint(&why, dir, r, source);
                    if (why.len == len)
                        buf_printf(&why, "\nhint: its report, with the file and line, is in"
                                   " %s/run.log", dir);
                }
                else if (code == 23)
                    buf_printf(&why, "LeakSanitizer found memory that %s (or what it calls) never"
                               " freed: see the log for the allocation's file and line", r->exercise);
                else
                    buf_printf(&why, "the process ended with exit status %d while testing %s: a"
                               " function must return, not end the program", code, r->exercise);
                set(r, "EXIT", why.s);
            } else {
                buf_printf(&why, "stopped before its end while testing %s: the code under test"
                           " ended the process (exit, _exit or a signal it sent itself)", r->exercise);
                set(r, "STOPPED", why.s);
            }
            free(why.s);
        }
        if (f)
            fclose(f);
        free(raw_path);
        int killed = strcmp(run_status, "124") == 0 || strcmp(run_status, "137") == 0;
        // Criterion ends with 0 (all passed) or 1 (some failed); anything else means the run
        // itself stopped early, and the tests it had not reported yet say so.
        int aborted = !killed && strcmp(run_status, "0") != 0 && strcmp(run_status, "1") != 0;
        Buf why = { 0 };
        if (killed)
            buf_puts(&why, "the grader was stopped by its overall time limit before this test"
                     " reported: look for an endless loop in this chapter");
        else if (aborted)
            buf_printf(&why, "no result: the test run stopped (status %s) before this test reported;"
                       " the results above it stand. This is the grader failing, not your code:"
                       " grade again, and report it if it stays", *run_status ? run_status : "unknown");
        else
            buf_puts(&why, "no result: the test is in grader/points.txt but not in the grader binary");
        for (int i = 0; i < t->n; i++) {
            Row *r = &t->rows[i];
            if (strcmp(r->chapter, chapter) != 0 || r->ran || (r->hidden && !*hidden_ran) || partial)
                continue;
            set(r, "NOT RUN", why.s);
        }
        free(why.s);
    }
    free(compile);
    free(source);
    free(run_status);
    free(hidden);
}

// ---------------------------------------------------------------- output

static int color;     // --color: ANSI colours for the statuses

// Prints the message indented, at most max_lines lines.
static void print_indented(const char *msg, const char *indent, int max_lines)
{
    int lines = 0;
    const char *p = msg;
    while (*p && lines < max_lines) {
        size_t n = strcspn(p, "\n");
        printf("%s%.*s\n", indent, (int)n, p);
        lines++;
        p += n + (p[n] == '\n');
    }
    if (*p)
        printf("%s...\n", indent);
}

static const char *paint(const char *status)
{
    if (!color)
        return "";
    if (strcmp(status, "PASS") == 0)
        return "\033[32m";   // green
    if (strcmp(status, "FAIL") == 0)
        return "\033[31m";   // red
    return "\033[1;31m";     // bold red: crashes, time-outs, no build
}

static const char *unpaint(void) { return color ? "\033[0m" : ""; }

// Whether the table's fixed hint is shown under a failure. Not when the message already carries
// a reason of its own that points the way: a failed dependency ("fix X first: ..."), or a line of
// its own starting "hint:" (the gradient checker's diagnosis, a crash's next step, the
// sanitizer's line). A fixed hint written for another mistake would only send the student
// hunting in the wrong place.
static int shows_table_hint(const char *msg)
{
    if (strncmp(msg, "fix ", 4) == 0)
        return 0;
    for (const char *p = msg; *p; p += strcspn(p, "\n"), p += *p == '\n') {
        const char *q = p + strspn(p, " ");
        if (strncmp(q, "hint:", 5) == 0)
            return 0;
    }
    return 1;
}

static int did_not_build(const Row *r)
{
    return r->status && (strcmp(r->status, "NO BUILD") == 0 || strcmp(r->status, "MISSING") == 0);
}

// Compile errors come first, before any test output: the first thing to fix.
static void print_build_failures(const Table *t)
{
    const char *chapter = "";
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (!did_not_build(r) || strcmp(r->chapter, chapter) == 0)
            continue;
        chapter = r->chapter;
        printf("\n%s%s%s\n", paint("NO BUILD"), strcmp(r->status, "MISSING") == 0 ? "MISSING FILE"
               : "DOES NOT COMPILE", unpaint());
        print_indented(r->message, "  ", 12);
    }
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}


static int print_chapter(const Table *t, const char *chapter, const char *source, int hidden_ran,
                         int *got, int *max, int *hidden_pts)
{
    int cg = 0, cm = 0, ch = 0;
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (strcmp(r->chapter, chapter) != 0 || (partial && !r->ran))
            continue;
        if (r->hidden && !hidden_ran) {
            ch += r->points;
            continue;
        }
        cg += r->earned;
        cm += r->points;
    }
    int pad = 60 - (int)strlen(chapter) - (int)strlen(source);
    printf("\n%s -- %s%*s%3d / %d\n", chapter, source, pad > 0 ? pad : 1, "", cg, cm);
    const char *last_msg = NULL;
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (strcmp(r->chapter, chapter) != 0 || (r->hidden && !hidden_ran) || !r->ran)
            continue;
        if (did_not_build(r)) {   // its errors are printed once, first
            printf("  %s%s%s: every test of %s scores 0 until %s (see above)\n",
                   paint(r->status), r->status, unpaint(), chapter,
                   strcmp(r->status, "MISSING") == 0 ? "the file is there" : "it compiles");
            break;
        }
        printf("  %s%-8s%s %2d/%-2d %s%s\n", paint(r->status), r->status, unpaint(), r->earned,
               r->points, r->name, r->hidden ? " (hidden)" : "");
        if (r->earned == r->points)
            continue;
        if (last_msg && strcmp(last_msg, r->message) == 0) {
            printf("           (the same reason as above)\n");
            continue;
        }
        print_indented(r->message, "           ", 12);
        if (shows_table_hint(r->message))
            printf("           hint: %s\n", r->hint);
        last_msg = r->message;
    }
    *got += cg;
    *max += cm;
    *hidden_pts += ch;
    return cg;
}

static void write_json(const Table *t, const char *path, double seconds, const char *summary)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "{\n  \"execution_time\": %.3f,\n  \"visibility\": \"visible\",\n"
            "  \"stdout_visibility\": \"hidden\",\n  \"output\": ", seconds);
    json_string(f, summary);
    fprintf(f, ",\n  \"tests\": [");
    int first = 1, number = 0;
    const char *chapter = "";
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (!r->ran)
            continue;
        number = strcmp(chapter, r->chapter) == 0 ? number + 1 : 1;
        chapter = r->chapter;
        Buf name = { 0 }, num = { 0 }, out = { 0 };
        buf_printf(&name, "%s %s: %s", r->chapter, r->exercise, r->name);
        buf_printf(&num, "%d.%d", atoi(r->chapter + strcspn(r->chapter, "0123456789")), number);
        if (r->earned < r->points && shows_table_hint(r->message))
            buf_printf(&out, "%s\nhint: %s", r->message, r->hint);
        else if (r->earned < r->points)
            buf_puts(&out, r->message);
        fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
        json_string(f, name.s);
        fprintf(f, ", \"number\": ");
        json_string(f, num.s);
        fprintf(f, ", \"score\": %d, \"max_score\": %d, \"status\": \"%s\", \"visibility\": \"%s\","
                " \"tags\": [", r->earned, r->points, r->earned == r->points ? "passed" : "failed",
                r->hidden ? "after_published" : "visible");
        json_string(f, r->chapter);
        fprintf(f, ", ");
        json_string(f, r->exercise);
        fprintf(f, "], \"output\": ");
        json_string(f, out.s ? out.s : "");
        fprintf(f, "}");
        first = 0;
        free(name.s);
        free(num.s);
        free(out.s);
    }
    fprintf(f, "\n  ]\n}\n");
    if (fclose(f) != 0)
        die("%s: cannot write: %s", path, strerror(errno));
}

static void write_junit(const Table *t, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (!r->ran || (i > 0 && t->rows[i - 1].ran && strcmp(t->rows[i - 1].chapter, r->chapter) == 0))
            continue;
        int tests = 0, failures = 0;
        for (int j = i; j < t->n; j++)
            if (t->rows[j].ran && strcmp(t->rows[j].chapter, r->chapter) == 0) {
                tests++;
                failures += t->rows[j].earned < t->rows[j].points;
            }
        fprintf(f, "  <testsuite name=\"");
        xml_text(f, r->chapter);
        fprintf(f, "\" tests=\"%d\" failures=\"%d\">\n", tests, failures);
        for (int j = i; j < t->n; j++) {
            const Row *s = &t->rows[j];
            if (!s->ran || strcmp(s->chapter, r->chapter) != 0)
                continue;
            fprintf(f, "    <testcase classname=\"");
            xml_text(f, s->chapter);
            fprintf(f, "\" name=\"");
            xml_text(f, s->name);
            fprintf(f, "\" time=\"%.3f\">", s->seconds);
            if (s->earned < s->points) {
                fprintf(f, "\n      <failure message=\"");
                xml_text(f, s->status);
                fprintf(f, "\">");
                xml_text(f, s->message);
                if (shows_table_hint(s->message)) {
                    fprintf(f, "\nhint: ");
                    xml_text(f, s->hint);
                }
                fprintf(f, "</failure>\n    ");
            }
            fprintf(f, "</testcase>\n");
        }
        fprintf(f, "  </testsuite>\n");
    }
    fprintf(f, "</testsuites>\n");
    if (fclose(f) != 0)
        die("%s: cannot write: %s", path, strerror(errno));
}

// build/grade/ch01/summary.tsv: what `make status` and later summaries read.
static void write_summary(const Table *t, const char *dir, const char *chapter)
{
    char *path = path_in(dir, "summary.tsv");
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "# test\texercise\tearned\tpoints\tstatus\n");
    for (int i = 0; i < t->n; i++) {
        const Row *r = &t->rows[i];
        if (r->ran && strcmp(r->chapter, chapter) == 0)
            fprintf(f, "%s\t%s\t%d\t%d\t%s\n", r->test, r->exercise, r->earned, r->points, r->status);
    }
    fclose(f);
    free(path);
}

// ---------------------------------------------------------------- main

int main(int argc, char **argv)
{
    const char *table_path = NULL, *out = NULL;
    double seconds = 0.0;
    int strict = 0, ndirs = 0;
    char **dirs = xmalloc((size_t)argc * sizeof *dirs);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--table") == 0 && i + 1 < argc)
            table_path = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--strict") == 0)
            strict = 1;
        else if (strcmp(argv[i], "--partial") == 0)
            partial = 1;
        else if (strcmp(argv[i], "--color") == 0)
            color = 1;
        else if (strcmp(argv[i], "--sanitized") == 0)
            sanitized = 1;
        else if (argv[i][0] == '-')
            die("unknown argument `%s`\nusage: report --table FILE --out DIR [--seconds S] [--strict] [--partial] [--color] [--sanitized] CHAPTER_DIR...",
                argv[i]);
        else
            dirs[ndirs++] = argv[i];
    }
    if (!table_path || !out)
        die("usage: report --table FILE --out DIR [--seconds S] [--strict] CHAPTER_DIR...");

    Table t = read_table(table_path);
    int got = 0, max = 0, hidden_pts = 0;
    int *hidden_ran = xmalloc((size_t)(ndirs + 1) * sizeof *hidden_ran);
    for (int d = 0; d < ndirs; d++)
        grade_chapter(&t, dirs[d], basename_of(dirs[d]), &hidden_ran[d]);
    print_build_failures(&t);
    for (int d = 0; d < ndirs; d++) {
        const char *chapter = basename_of(dirs[d]);
        char *source = read_word(dirs[d], "source");
        print_chapter(&t, chapter, source, hidden_ran[d], &got, &max, &hidden_pts);
        if (!partial)
            write_summary(&t, dirs[d], chapter);
        free(source);
    }
    free(hidden_ran);

    Buf summary = { 0 };
    buf_printf(&summary, "Total: %d / %d points", got, max);
    if (hidden_pts)
        buf_printf(&summary, " (%d more points in tests that run only at submission)", hidden_pts);
    printf("\n%s\n", summary.s);

    char *json = path_in(out, "results.json"), *xml = path_in(out, "junit.xml");
    write_json(&t, json, seconds, summary.s);
    write_junit(&t, xml);
    printf("Results: %s (Gradescope), %s (JUnit)\n", json, xml);
    free(json);
    free(xml);
    free(summary.s);
    free(dirs);
    free_table(&t);
    return strict && got < max ? 1 : 0;
}
