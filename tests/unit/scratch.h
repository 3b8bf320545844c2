/* scratch.h -- what the unit tests that read and write files share: a scratch directory per
 * test (made by the suite's .init, removed with everything in it by its .fini), paths and files
 * in it, and a hash of a file's bytes. Header-only, static: each test file gets its own copy.
 *
 *     TestSuite(data, .init = make_tmpdir, .fini = remove_tmpdir);
 *     const char *path = write_text("bad.txt", "1 2 x\n");
 */
#ifndef WORKBOOK_SCRATCH_H
#define WORKBOOK_SCRATCH_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

// mkdtemp under $TMPDIR (or /tmp).
static inline void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/workbook_test_XXXXXX", base && *base ? base : "/tmp");
    cr_assert_not_null(mkdtemp(tmpdir), "cannot create a scratch directory under %s", tmpdir);
}

// Removes dir and everything below it.
static inline void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    char path[1024];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;   // a name this long was not made by a test
        if (unlink(path) != 0)
            remove_tree(path);
    }
    closedir(d);
    rmdir(dir);
}

static inline void remove_tmpdir(void) { remove_tree(tmpdir); }

// The path of `name` inside the scratch directory (a static buffer per slot, four slots).
static inline const char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int slot = 0;
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", tmpdir, name);
    return buf[slot];
}

// Writes `text` verbatim to tmpdir/name and returns the path.
static inline const char *write_text(const char *name, const char *text)
{
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    return path;
}

// FNV-1a (64-bit) of a file's bytes.
static inline uint64_t fnv1a_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s (run the unit tests from the workbook's folder)", path);
    uint64_t h = 14695981039346656037ULL;
    for (int c; (c = fgetc(f)) != EOF;) {
        h ^= (uint64_t)(unsigned char)c;
        h *= 1099511628211ULL;
    }
    fclose(f);
    return h;
}

#endif
