/* test_digits.c -- unit tests of lib/digits.c (Criterion): the shipped data file, finding it,
 * reading it, every error the reader reports, the stratified split and scaling.
 *
 * The shipped file is checked against data/digits.csv.gz (Debian's original, decompressed with
 * gzip -dc) and pinned by its bytes (FNV-1a, 64-bit), its size in images and per digit, its
 * first and last image and the sum of all pixels: data/README.md says where it came from (its
 * SHA-256 too), and a changed file fails here. Malformed files are written to a mkdtemp
 * directory that the fixture removes; every message is checked for the path and the line.
 * The split is checked for its counts, for keeping the file's order, and draw for draw against
 * rng_shuffle_int, as digits.h states it. Run from the workbook's folder (make test does).
 */
#define _POSIX_C_SOURCE 200809L  // mkdtemp, setenv, chdir, mkdir, popen

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digits.h"
#include "scratch.h"

// ----------------------------------------------------------------------------
// Helpers: a scratch directory per test (with up to two levels of folders), files in it

// A line of the file: 64 pixels, all `pixel`, then the digit.
static void image_line(char *out, size_t cap, int pixel, int digit) {
    out[0] = '\0';
    for (int k = 0; k < DIGITS_PIXELS; k++)
        snprintf(out + strlen(out), cap - strlen(out), "%d,", pixel);
    snprintf(out + strlen(out), cap - strlen(out), "%d\n", digit);
}

static int is_empty(const Digits *ds) {
    return ds->n == 0 && ds->x == NULL && ds->y == NULL && ds->id == NULL;
}

// Reading `text` must fail with a message holding `line` (":3:") and `what`.
static void expect_read_error(const char *name, const char *text, const char *line,
                              const char *what) {
    const char *path = write_text(name, text);
    Digits ds;
    char err[512] = "";
    cr_assert_eq(digits_load(&ds, path, err, sizeof err), -1, "%s was accepted", name);
    cr_expect(is_empty(&ds), "%s: Digits not left empty", name);
    char want[640];
    snprintf(want, sizeof want, "%s%s", path, line);
    cr_expect(strstr(err, want) == err, "message `%s` should start with `%s`", err, want);
    cr_expect(strstr(err, what) != NULL, "message `%s` should contain `%s`", err, what);
    cr_expect(strchr(err, '\n') == NULL, "message `%s` spans lines", err);
}

static void load_shipped(Digits *ds) {
    char err[512] = "";
    cr_assert_eq(digits_load(ds, "data/digits.csv", err, sizeof err), 0, "%s", err);
}

TestSuite(digits, .init = make_tmpdir, .fini = remove_tmpdir, .timeout = 30.0);

// ----------------------------------------------------------------------------
// The shipped file

Test(digits, ships_the_uci_test_set_byte_for_byte) {
    // Pinned when the file was made from Debian's digits.csv.gz (data/README.md).
    cr_expect_eq(fnv1a_file("data/digits.csv"), 0x0b6db7d4442bbc5dULL,
                 "data/digits.csv changed: it must stay byte for byte the file data/README.md"
                 " describes");
}

Test(digits, holds_the_same_bytes_as_debians_compressed_file) {
    // data/digits.csv.gz is the original (data/README.md); the CSV must be it, decompressed.
    FILE *gz = popen("gzip -dc data/digits.csv.gz 2>/dev/null", "r");
    cr_assert_not_null(gz, "cannot run gzip -dc (gzip is needed to check data/digits.csv)");
    FILE *csv = fopen("data/digits.csv", "rb");
    cr_assert_not_null(csv, "cannot open data/digits.csv (run the unit tests from the workbook)");
    long at = 0, first_diff = -1;
    for (;;) {
        int a = fgetc(gz), b = fgetc(csv);
        if (a != b && first_diff < 0)
            first_diff = at;
        if (a == EOF || b == EOF)
            break;
        at++;
    }
    fclose(csv);
    int status = pclose(gz);
    cr_expect_eq(status, 0, "gzip -dc data/digits.csv.gz failed (status %d): is gzip installed,"
                 " and the file whole?", status);
    cr_expect_eq(first_diff, -1, "data/digits.csv differs from data/digits.csv.gz decompressed,"
                 " first at byte %ld: make it again with gzip -dc data/digits.csv.gz >"
                 " data/digits.csv", first_diff);
    cr_expect_eq(at, 264712, "%ld bytes compared, expected 264712", at);
}

Test(digits, reads_1797_images_with_the_documented_counts_per_digit) {
    Digits ds;
    load_shipped(&ds);
    cr_assert_eq(ds.n, 1797);
    cr_expect_eq(ds.d, DIGITS_PIXELS);
    const int want[10] = { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 };
    int count[10] = { 0 };
    double sum = 0.0;
    for (int n = 0; n < ds.n; n++) {
        cr_assert(ds.y[n] >= 0 && ds.y[n] <= 9);
        count[ds.y[n]]++;
        cr_expect_eq(ds.id[n], n, "image %d has id %d: ids count the lines from 0", n, ds.id[n]);
        for (int k = 0; k < DIGITS_PIXELS; k++) {
            double v = ds.x[n * DIGITS_PIXELS + k];
            cr_assert(v >= 0 && v <= 16 && v == floor(v), "image %d pixel %d is %g", n, k, v);
            sum += v;
        }
    }
    for (int c = 0; c < 10; c++)
        cr_expect_eq(count[c], want[c], "digit %d: %d images, expected %d", c, count[c], want[c]);
    cr_expect_eq(sum, 561718.0, "the sum of all pixels is %.0f", sum);
    digits_free(&ds);
}

Test(digits, reads_the_first_and_last_image_row_by_row) {
    Digits ds;
    load_shipped(&ds);
    // Line 1, a 0: its top row and its bottom row.
    const double top[8] = { 0, 0, 5, 13, 9, 1, 0, 0 }, bottom[8] = { 0, 0, 6, 13, 10, 0, 0, 0 };
    for (int c = 0; c < 8; c++) {
        cr_expect_eq(ds.x[c], top[c], "image 0, pixel (0, %d)", c);
        cr_expect_eq(ds.x[7 * 8 + c], bottom[c], "image 0, pixel (7, %d)", c);
    }
    cr_expect_eq(ds.y[0], 0);
    // Line 1797, an 8: pixel (1, 2) is 16 and (7, 4) is 14.
    const double *last = ds.x + 1796 * DIGITS_PIXELS;
    cr_expect_eq(last[1 * 8 + 2], 16.0);
    cr_expect_eq(last[7 * 8 + 4], 14.0);
    cr_expect_eq(ds.y[1796], 8);
    digits_free(&ds);
}

// ----------------------------------------------------------------------------
// Finding the file

Test(digits, finds_the_file_from_the_workbook_folder) {
    char path[256], err[256] = "";
    unsetenv("WORKBOOK_DATA");
    cr_assert_eq(digits_find(path, sizeof path, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(path, "data/digits.csv");
}

Test(digits, finds_the_file_from_three_folders_below) {
    char here[1024], path[256], err[512] = "";
    cr_assert_not_null(getcwd(here, sizeof here));
    unsetenv("WORKBOOK_DATA");
    cr_assert_eq(mkdir(tmp_path("data"), 0700), 0);
    char line[512];
    image_line(line, sizeof line, 3, 7);
    write_text("data/digits.csv", line);
    cr_assert_eq(mkdir(tmp_path("a"), 0700), 0);
    cr_assert_eq(mkdir(tmp_path("a/b"), 0700), 0);
    cr_assert_eq(mkdir(tmp_path("a/b/c"), 0700), 0);
    cr_assert_eq(chdir(tmp_path("a/b/c")), 0);
    int found = digits_find(path, sizeof path, err, sizeof err);
    Digits ds;
    int loaded = found == 0 ? digits_load(&ds, path, err, sizeof err) : -1;
    int ok = chdir(here);
    cr_assert_eq(found, 0, "%s", err);
    cr_expect_str_eq(path, "../../../data/digits.csv");
    cr_assert_eq(loaded, 0, "%s", err);
    cr_expect_eq(ds.n, 1);
    cr_expect_eq(ds.y[0], 7);
    cr_expect_eq(ok, 0);
    digits_free(&ds);
}

Test(digits, finds_the_file_in_the_folder_workbook_data_names) {
    char path[512], err[512] = "", line[512];
    image_line(line, sizeof line, 0, 1);
    write_text("digits.csv", line);
    cr_assert_eq(setenv("WORKBOOK_DATA", tmpdir, 1), 0);
    cr_assert_eq(digits_find(path, sizeof path, err, sizeof err), 0, "%s", err);
    cr_expect_str_eq(path, tmp_path("digits.csv"));
    // A folder without the file: the message names the variable, even though data/ exists here.
    cr_assert_eq(setenv("WORKBOOK_DATA", tmp_path("nowhere"), 1), 0);
    cr_assert_eq(digits_find(path, sizeof path, err, sizeof err), -1);
    cr_expect(strstr(err, "nowhere/digits.csv") != NULL && strstr(err, "WORKBOOK_DATA") != NULL,
              "message `%s`", err);
    unsetenv("WORKBOOK_DATA");
}

Test(digits, says_where_it_looked_when_there_is_no_file) {
    char here[1024], path[256], err[512] = "";
    cr_assert_not_null(getcwd(here, sizeof here));
    unsetenv("WORKBOOK_DATA");
    if (strncmp(tmpdir, here, strlen(here)) == 0)
        cr_skip_test("the scratch folder %s is inside the workbook, which holds the file", tmpdir);
    cr_assert_eq(chdir(tmpdir), 0);   // nothing above /tmp holds data/digits.csv
    int found = digits_find(path, sizeof path, err, sizeof err);
    int ok = chdir(here);
    cr_expect_eq(found, -1);
    cr_expect(strstr(err, "cannot find data/digits.csv") != NULL && strstr(err, "WORKBOOK_DATA"),
              "message `%s`", err);
    cr_expect_eq(ok, 0);
}

// ----------------------------------------------------------------------------
// Reading: what is accepted, and every error

Test(digits, reads_spaces_crlf_blank_lines_and_a_last_line_without_newline) {
    char a[512], b[512], text[1536];
    image_line(a, sizeof a, 16, 9);
    image_line(b, sizeof b, 2, 0);
    a[strlen(a) - 1] = '\0';
    b[strlen(b) - 1] = '\0';                        // no newline at the end of the file
    // A blank line, then a's first field written " 16 ," and a CRLF; a line of blanks; then b.
    snprintf(text, sizeof text, "\n 16 ,%s\r\n  \n%s", a + 3, b);
    const char *path = write_text("ok.csv", text);
    Digits ds;
    char err[256] = "";
    cr_assert_eq(digits_load(&ds, path, err, sizeof err), 0, "%s", err);
    cr_expect_eq(ds.n, 2);
    cr_expect_eq(ds.y[0], 9);
    cr_expect_eq(ds.y[1], 0);
    cr_expect_eq(ds.x[0], 16.0);
    cr_expect_eq(ds.x[DIGITS_PIXELS + 5], 2.0);
    cr_expect_eq(ds.id[0], 1, "the first image is on line 2 of the file: id 1");
    cr_expect_eq(ds.id[1], 3);
    digits_free(&ds);
    digits_free(&ds);   // twice is safe
}

Test(digits, names_the_file_it_cannot_open) {
    const char *path = tmp_path("missing.csv");
    Digits ds;
    char err[512];
    cr_assert_eq(digits_load(&ds, path, err, sizeof err), -1);
    cr_expect(is_empty(&ds));
    char want[600];
    snprintf(want, sizeof want, "%s: cannot open: ", path);
    cr_expect(strstr(err, want) == err, "message `%s`", err);
}

Test(digits, names_the_line_with_too_few_or_too_many_numbers) {
    char good[512], short_line[512], text[2048];
    image_line(good, sizeof good, 1, 3);
    snprintf(short_line, sizeof short_line, "%s", good);
    strcpy(strrchr(short_line, ','), "\n");         // the digit dropped: 64 numbers
    snprintf(text, sizeof text, "%s%s", good, short_line);
    expect_read_error("few.csv", text, ":2:",
                      "expected 65 comma-separated numbers (64 pixels, then the digit), found 64");
    good[strlen(good) - 1] = '\0';
    snprintf(text, sizeof text, "%s,4\n", good);
    expect_read_error("many.csv", text, ":1:", "found 66");
    expect_read_error("one.csv", "7\n", ":1:", "found 1");
}

Test(digits, names_the_line_and_pixel_of_a_count_outside_0_to_16) {
    char line[512];
    image_line(line, sizeof line, 0, 4);
    char text[1024];
    // Pixel 17 (index 16) is row 2, column 0: "0," repeated, so it starts at character 32.
    snprintf(text, sizeof text, "%s%.32s17%s", line, line, line + 33);
    expect_read_error("seventeen.csv", text, ":2:", "pixel 17 (row 2, column 0) must be a whole"
                      " number 0 .. 16, found `17`");
    snprintf(text, sizeof text, "%.2s3.5%s", line, line + 3);
    expect_read_error("fraction.csv", text, ":1:", "pixel 2 (row 0, column 1) must be a whole"
                      " number 0 .. 16, found `3.5`");
    snprintf(text, sizeof text, "-1%s", line + 1);
    expect_read_error("negative.csv", text, ":1:", "pixel 1 (row 0, column 0)");
    snprintf(text, sizeof text, "%.4s%s", line, line + 5);   // "0,0,,0,...": an empty field
    expect_read_error("empty_field.csv", text, ":1:", "pixel 3 (row 0, column 2) must be a whole"
                      " number 0 .. 16, found ``");
    snprintf(text, sizeof text, "0x%s", line + 1);
    expect_read_error("hex.csv", text, ":1:", "found `0x`");
}

Test(digits, names_the_line_of_a_digit_outside_0_to_9) {
    char line[512], text[1024];
    image_line(line, sizeof line, 5, 10);
    snprintf(text, sizeof text, "%s", line);
    expect_read_error("ten.csv", text, ":1:", "the digit (field 65) must be a whole number 0 .. 9,"
                      " found `10`");
    image_line(line, sizeof line, 5, 1);
    line[strlen(line) - 2] = 'x';
    expect_read_error("letter.csv", line, ":1:", "found `x`");
}

Test(digits, refuses_a_header_line) {
    char line[512], text[2048] = "pixel_0_0";
    for (int k = 1; k < 64; k++)
        snprintf(text + strlen(text), sizeof text - strlen(text), ",pixel_%d_%d", k / 8, k % 8);
    strcat(text, ",digit\n");
    image_line(line, sizeof line, 0, 0);
    strcat(text, line);
    expect_read_error("header.csv", text, ":1:", "found `pixel_0_0`");
}

Test(digits, names_a_line_too_long_to_read) {
    char text[3000];
    memset(text, ' ', sizeof text);
    memcpy(text, "1", 1);
    memcpy(text + 2000, ",2\n", 4);   // then '\0'
    expect_read_error("long.csv", text, ":1:", "line longer than 1023 characters");
}

Test(digits, refuses_a_file_without_images) {
    expect_read_error("empty.csv", "", ":", "no images");
    expect_read_error("blank.csv", "\n   \n\r\n", ":", "no images");
}

Test(digits, refuses_null_arguments_and_truncates_a_long_message) {
    Digits ds;
    char err[256] = "";
    cr_expect_eq(digits_load(NULL, "x", err, sizeof err), -1);
    cr_expect_neq(err[0], '\0');
    cr_expect_eq(digits_load(&ds, NULL, err, sizeof err), -1);
    cr_expect_eq(digits_load(&ds, tmp_path("missing.csv"), NULL, 0), -1, "NULL err is fine");
    char small[8];
    memset(small, 'z', sizeof small);
    cr_assert_eq(digits_load(&ds, tmp_path("missing.csv"), small, sizeof small), -1);
    cr_expect_eq(small[7], '\0');
    cr_expect_eq(strlen(small), 7u);
}

// ----------------------------------------------------------------------------
// The stratified split and scaling

Test(digits, splits_a_quarter_of_each_digit_into_test) {
    Digits all, train, test;
    load_shipped(&all);
    Rng rng;
    rng_seed(&rng, 7001, 7);
    cr_assert_eq(digits_split(&train, &test, &all, 0.25, &rng), 0);
    cr_expect_eq(train.n, 1346);
    cr_expect_eq(test.n, 451);
    // floor(n_c / 4 + 0.5) of each digit's n_c images: 178 -> 45 (44.5 rounds up), 177 -> 44.
    const int want[10] = { 45, 46, 44, 46, 45, 46, 45, 45, 44, 45 };
    int count[10] = { 0 };
    for (int n = 0; n < test.n; n++)
        count[test.y[n]]++;
    for (int c = 0; c < 10; c++)
        cr_expect_eq(count[c], want[c], "digit %d: %d held out, expected %d", c, count[c], want[c]);
    digits_free(&train), digits_free(&test), digits_free(&all);
}

Test(digits, keeps_the_file_order_in_both_parts_and_loses_no_image) {
    Digits all, train, test;
    load_shipped(&all);
    Rng rng;
    rng_seed(&rng, 3, 7);
    cr_assert_eq(digits_split(&train, &test, &all, 0.3, &rng), 0);
    cr_assert_eq(train.n + test.n, all.n);
    char *seen = calloc((size_t)all.n, 1);
    const Digits *parts[2] = { &train, &test };
    for (int p = 0; p < 2; p++)
        for (int n = 0; n < parts[p]->n; n++) {
            int id = parts[p]->id[n];
            cr_assert(id >= 0 && id < all.n && !seen[id], "id %d twice or out of range", id);
            seen[id] = 1;
            if (n > 0)
                cr_expect_lt(parts[p]->id[n - 1], id, "the %s part is not in file order",
                             p ? "test" : "train");
            cr_expect_eq(parts[p]->y[n], all.y[id]);
            cr_expect_eq(memcmp(parts[p]->x + n * 64, all.x + id * 64, 64 * sizeof(double)), 0);
        }
    free(seen);
    digits_free(&train), digits_free(&test), digits_free(&all);
}

Test(digits, draws_one_shuffle_per_digit_in_order_and_nothing_else) {
    Digits all, train, test;
    load_shipped(&all);
    Rng rng, mine;
    rng_seed(&rng, 11, 7);
    rng_seed(&mine, 11, 7);
    cr_assert_eq(digits_split(&train, &test, &all, 0.25, &rng), 0);
    // The same draws by hand: each digit's images in file order, shuffled, the first t_c held out.
    int *idx = malloc(sizeof(int) * (size_t)all.n);
    char *held = calloc((size_t)all.n, 1);
    for (int c = 0; c < 10; c++) {
        int n_c = 0;
        for (int n = 0; n < all.n; n++)
            if (all.y[n] == c)
                idx[n_c++] = n;
        rng_shuffle_int(&mine, idx, n_c);
        for (int j = 0; j < (int)floor(0.25 * n_c + 0.5); j++)
            held[idx[j]] = 1;
    }
    for (int n = 0; n < test.n; n++)
        cr_expect(held[test.id[n]], "image %d held out, but not by the documented draws",
                  test.id[n]);
    cr_expect_eq(rng_u32(&rng), rng_u32(&mine), "the split drew more or fewer numbers");
    free(idx), free(held);
    digits_free(&train), digits_free(&test), digits_free(&all);
}

Test(digits, splits_all_or_nothing_and_refuses_bad_arguments) {
    Digits all, train, test;
    load_shipped(&all);
    Rng rng;
    rng_seed(&rng, 1, 1);
    cr_assert_eq(digits_split(&train, &test, &all, 0.0, &rng), 0);
    cr_expect(train.n == 1797 && test.n == 0);
    digits_free(&train), digits_free(&test);
    cr_assert_eq(digits_split(&train, &test, &all, 1.0, &rng), 0);
    cr_expect(train.n == 0 && test.n == 1797);
    digits_free(&train), digits_free(&test);
    const double bad[3] = { -0.1, 1.5, NAN };
    for (int k = 0; k < 3; k++) {
        cr_expect_eq(digits_split(&train, &test, &all, bad[k], &rng), -1, "test_frac %g", bad[k]);
        cr_expect(is_empty(&train) && is_empty(&test));
    }
    cr_expect_eq(digits_split(&train, &test, &all, 0.5, NULL), -1);
    all.y[5] = 10;   // a label no digit has
    cr_expect_eq(digits_split(&train, &test, &all, 0.5, &rng), -1);
    digits_free(&all);
}

Test(digits, scales_every_pixel) {
    Digits all;
    load_shipped(&all);
    digits_scale(&all, 1.0 / 16);
    double top = 0.0;
    for (long k = 0; k < (long)all.n * all.d; k++)
        top = fmax(top, all.x[k]);
    cr_expect_eq(top, 1.0);
    cr_expect_eq(all.x[2], 5.0 / 16);
    digits_free(&all);
}
