#!/bin/sh
# run.sh -- every check of the workbook, run by `make test`. Each check is a function below;
# the run prints "ok - NAME" or "not ok - NAME" with the evidence, then "N passed, N failed".
#
# Usage: sh tests/run.sh [NAME...]     (default: every check, in order; the two that mostly wait
#                                      for Chromium run beside the others, see `beside` below)
set -u
export LC_ALL=C
O=${O:-build}               # the build folder (make's O); each check's make calls inherit it
export O
T=$O/test                   # scratch space of the checks
rm -rf "$T"
mkdir -p "$T"
MAKE="make --no-print-directory -s"
BUILD_MAKE="$MAKE -j2"      # for builds: the Makefile's rules build in parallel (two cores)
passed=0 failed=0 failures=""

# run_check NAME: runs the function check_NAME, its output kept in $T/NAME.log, and writes its
# exit status and seconds to $T/NAME.rc; report NAME: says how it went (a check that left no
# status behind failed). Each check runs in a subshell, so the helpers and variables it defines
# (functions in sh are global) cannot change the runner or the checks after it.
run_check() {
    start=$(date +%s)
    ( "check_$1" ) > "$T/$1.log" 2>&1
    echo "$? $(( $(date +%s) - start ))" > "$T/$1.rc"
}
report() {
    rc=1 seconds=0
    [ -f "$T/$1.rc" ] && read -r rc seconds < "$T/$1.rc"
    if [ "$rc" = 0 ]; then
        passed=$((passed + 1))
        echo "ok - $1 ($seconds s)"
    else
        failed=$((failed + 1))
        failures="$failures $1"
        echo "not ok - $1 ($seconds s); the last lines of $T/$1.log:"
        tail -n 25 "$T/$1.log" | sed 's/^/    /'
    fi
}

fail() { echo "FAILED: $*"; return 1; }

# jq over a results.json: prints the expression's value
# (on a jq error it prints JQ_ERROR, so that a broken query never reads as "nothing found")
jqr() { jq -r "$2" "$1" 2>&1 || echo "JQ_ERROR in: $2"; }

# ---------------------------------------------------------------- building

check_build_gcc() {
    $BUILD_MAKE all CC=gcc WERROR=1
}

check_build_clang() {
    $BUILD_MAKE all CC=clang WERROR=1 O=$O/clang
}

check_unit_tests() {
    $BUILD_MAKE all CC=gcc WERROR=1 || return 1
    status=0
    for t in $O/tests/unit/test_*; do
        case "$t" in *.d) continue ;; esac
        echo "== $t"
        timeout -k 5 120 "$t" --color=never -j2 > "$T/$(basename "$t").log" 2>&1 || status=1
        tail -n 3 "$T/$(basename "$t").log"
    done
    return $status
}

check_unit_tests_sanitized() {
    $BUILD_MAKE all CC=gcc WERROR=1 SANITIZE=1 || return 1
    status=0
    for t in $O/san/tests/unit/test_*; do
        case "$t" in *.d) continue ;; esac
        echo "== $t"
        timeout -k 5 300 "$t" --color=never -j2 > "$T/$(basename "$t").san.log" 2>&1 || {
            status=1; tail -n 20 "$T/$(basename "$t").san.log"; }
    done
    return $status
}

# ---------------------------------------------------------------- skeletons

check_skeletons_in_sync() {
    sh tools/skeletons.sh check "$T/skeletons"
}

check_skeleton_generator_rejects_malformed_regions() {
    d="$T/mkskel"
    mkdir -p "$d"
    expect_error() {   # expect_error MESSAGE_PART LINE < source
        cat > "$d/bad.c"
        if awk -v chapter=09 -f tools/mkskel.awk "$d/bad.c" > "$d/out.c" 2> "$d/err"; then
            fail "mkskel accepted a file that should fail with: $1"; return 1
        fi
        grep -q "$1" "$d/err" || { fail "message lacks '$1': $(cat "$d/err")"; return 1; }
        grep -q "bad.c:$2:" "$d/err" || { fail "message lacks bad.c:$2: $(cat "$d/err")"; return 1; }
        echo "rejected as expected: $(cat "$d/err")"
    }
    printf 'int f(void) {\n    // @begin f\n    // @todo x\n    // @stub return 0;\n    return 1;\n}\n' |
        expect_error "has no @end" 2 || return 1
    printf '// @begin f\n// @todo x\n// @begin g\n' | expect_error "do not nest" 3 || return 1
    printf '// @begin f\n// @todo x\nreturn 1;\n// @end f\n' | expect_error "has no @stub" 4 || return 1
    printf '// @begin f\n// @stub return 0;\n// @end f\n' | expect_error "has no @todo" 3 || return 1
    printf '// @begin f\n// @todo x\n// @stub return 0;\n// @end g\n' | expect_error "closes the region of f" 4 || return 1
    printf '// @begin f-g\n' | expect_error "letters, digits" 1 || return 1
    printf '// @todo x\n' | expect_error "outside a region" 1 || return 1
    printf '// @begn f\n' | expect_error "unknown marker" 1 || return 1
}

check_make_skeletons_keeps_a_students_edits() {
    rm -rf "$T/clone"
    git clone -q . "$T/clone" || return 1
    (
        cd "$T/clone" || exit 1
        echo "/* my work */" >> skeletons/01_perceptron.c
        if sh tools/skeletons.sh write > ../refuse.out 2>&1; then
            fail "make skeletons overwrote or accepted a skeleton with local edits"; exit 1
        fi
        grep -q "has uncommitted edits: left alone (FORCE=1 overwrites them)" ../refuse.out ||
            { cat ../refuse.out; exit 1; }
        grep -q "my work" skeletons/01_perceptron.c || { fail "the edit is gone"; exit 1; }
        FORCE=1 sh tools/skeletons.sh write || exit 1
        git diff --quiet -- skeletons/ || { fail "FORCE=1 did not restore the skeleton"; exit 1; }
        cat ../refuse.out
    )
}

# Every exercise fails in the pristine skeleton with "not implemented yet" (or the failed
# dependency it needs), never a plausible value, and the grader survives it.
check_pristine_skeletons_score_zero() {
    $MAKE grade IMPL=skeletons HIDDEN=1 GRADE_OUT="$T/skel" > "$T/skel.out" 2>&1 || {
        cat "$T/skel.out"; fail "make grade failed on the skeletons"; return 1; }
    j="$T/skel/results.json"
    jq -e . "$j" > /dev/null || { fail "results.json is not valid JSON"; return 1; }
    score=$(jqr "$j" '[.tests[].score] | add')
    n=$(jqr "$j" '.tests | length')
    [ "$score" = 0 ] || { fail "the skeletons scored $score, expected 0"; return 1; }
    [ "$n" -gt 0 ] || { fail "no tests in results.json"; return 1; }
    bad=$(jqr "$j" '.tests[] | select((.output | test("is not implemented yet|^fix [^:]+ first")) | not) | .name')
    [ -z "$bad" ] || { fail "these failures do not say 'not implemented yet': $bad"; return 1; }
    unnamed=$(jqr "$j" '.tests[] | select(. as $t | $t.output | contains($t.tags[1]) | not) | .name')
    [ -z "$unnamed" ] || { fail "these failures do not name their function: $unnamed"; return 1; }
    echo "$n tests, all 0, each naming its function"
}

# ---------------------------------------------------------------- the two editions

# The editions of every chapter file and header, from the one source, into $T/editions/guided
# and $T/editions/challenge (skeletons/ and lib/); prints nothing when it worked.
make_editions() {
    for ed in guided challenge; do
        rm -rf "$T/editions/$ed"
        mkdir -p "$T/editions/$ed/lib"
        sh tools/skeletons.sh generate "$ed" "$T/editions/$ed/skeletons" || return 1
        for h in lib/*.h; do
            awk -v edition="$ed" -f tools/mkskel.awk "$h" > "$T/editions/$ed/$h" || return 1
        done
    done
}

# Both editions compile and score 0, every test saying "not implemented yet" (or "fix X
# first"). The guided edition is skeletons/, graded by pristine_skeletons_score_zero; here the
# challenge edition is graded with the hidden tests, and its code -- every line that is not a
# comment -- must be the guided edition's, line for line: the editions differ in words only.
check_both_editions_compile_and_score_zero_saying_not_implemented_yet() {
    make_editions || return 1
    for f in "$T"/editions/challenge/skeletons/*.c; do
        base=${f##*/}
        # the code without its comments (the preprocessor's own reading; no #include expanded)
        gcc -fpreprocessed -dD -E -P "$f" > "$T/editions/code.challenge" 2>&1
        gcc -fpreprocessed -dD -E -P "skeletons/$base" > "$T/editions/code.guided" 2>&1
        cmp -s "$T/editions/code.challenge" "$T/editions/code.guided" || {
            diff "$T/editions/code.guided" "$T/editions/code.challenge" | head
            fail "the challenge edition of $base differs from skeletons/$base in code, not only in comments"
            return 1
        }
    done
    $MAKE grade IMPL="$T/editions/challenge/skeletons" HIDDEN=1 GRADE_OUT="$T/editions/grade" \
        > "$T/editions/grade.out" 2>&1 || { cat "$T/editions/grade.out"; fail "make grade failed on the challenge edition"; return 1; }
    j="$T/editions/grade/results.json"
    score=$(jqr "$j" '[.tests[].score] | add')
    n=$(jqr "$j" '.tests | length')
    [ "$score" = 0 ] && [ "$n" -gt 0 ] || { fail "the challenge edition scored $score in $n tests, expected 0"; return 1; }
    bad=$(jqr "$j" '.tests[] | select((.output | test("is not implemented yet|^fix [^:]+ first")) | not) | .name')
    [ -z "$bad" ] || { fail "these failures do not say 'not implemented yet': $bad"; return 1; }
    echo "challenge edition: $n tests, all 0, each saying not implemented yet; its code is the guided edition's"
}

# Mechanically against the marks in the one source: no @formula line of any exercise or header
# is in the challenge edition, each is in the guided one; each @challenge line is in the
# challenge edition only. A line is compared as the text of a comment, trimmed.
check_the_challenge_edition_holds_no_formula_line_and_the_guided_one_all() {
    make_editions || return 1
    marked_texts() {   # marked_texts WORD FILE...: the text of each `// @WORD` / ` * @WORD` line
        word=$1; shift
        sed -n "s/^[ \t]*\(\/\/\|\*\) @$word\( \|\$\)//p" "$@" | sed 's/^[ \t]*//; s/[ \t]*$//' | grep . | sort -u
    }
    comment_texts() {   # comment_texts DIR: the text of every comment line under DIR, trimmed
        find "$1" -type f \( -name '*.c' -o -name '*.h' \) -exec cat {} + |
            sed -n 's/^[ \t]*\(\/\/\|\*\)//p' | sed 's/^[ \t]*//; s/[ \t]*$//' | grep . | sort -u
    }
    marked_texts formula solutions/*.c lib/*.h > "$T/editions/formula"
    marked_texts challenge solutions/*.c lib/*.h > "$T/editions/challenge_lines"
    [ -s "$T/editions/formula" ] || { fail "no @formula line found in solutions/ or lib/"; return 1; }
    for ed in guided challenge; do comment_texts "$T/editions/$ed" > "$T/editions/comments.$ed"; done
    leaked=$(comm -12 "$T/editions/formula" "$T/editions/comments.challenge")
    [ -z "$leaked" ] || { echo "$leaked"; fail "@formula lines in the challenge edition (above)"; return 1; }
    lost=$(comm -23 "$T/editions/formula" "$T/editions/comments.guided")
    [ -z "$lost" ] || { echo "$lost"; fail "@formula lines missing from the guided edition (above)"; return 1; }
    shown=$(comm -12 "$T/editions/challenge_lines" "$T/editions/comments.guided")
    [ -z "$shown" ] || { echo "$shown"; fail "@challenge lines in the guided edition (above)"; return 1; }
    lost=$(comm -23 "$T/editions/challenge_lines" "$T/editions/comments.challenge")
    [ -z "$lost" ] || { echo "$lost"; fail "@challenge lines missing from the challenge edition (above)"; return 1; }
    # and no marker of either kind is left in either edition
    if grep -rn '@formula\|@challenge' "$T/editions/guided" "$T/editions/challenge"; then
        fail "a marker is left in an edition"; return 1
    fi
    echo "$(wc -l < "$T/editions/formula") @formula lines: none in the challenge edition, all in the guided one;" \
         "$(wc -l < "$T/editions/challenge_lines") @challenge lines the other way round"
}

# EDITION defaults to guided in make skeletons, dist, gradescope and prairielearn; the committed
# skeletons/ are the guided edition; make dist gives the guided edition unless EDITION=challenge
# is asked for; the Gradescope and PrairieLearn graders then give the challenge edition's fixed
# hints (the rows otherwise the same), and PrairieLearn's editors start from its skeletons.
check_the_guided_edition_is_the_default_and_every_release_gives_either() {
    make_editions || return 1
    for target in skeletons dist gradescope prairielearn; do
        $MAKE -n "$target" INSTRUCTOR=1 2>&1 | grep -q "EDITION='guided'" ||
            { $MAKE -n "$target" INSTRUCTOR=1; fail "make $target does not default to EDITION=guided"; return 1; }
    done
    diff -r skeletons "$T/editions/guided/skeletons" > /dev/null ||
        { fail "skeletons/ is not the guided edition"; return 1; }
    for ed in default challenge; do
        arg=""
        [ "$ed" = challenge ] && arg="EDITION=challenge"
        # shellcheck disable=SC2086
        O="$T/editions/dist-$ed" $MAKE dist $arg O="$T/editions/dist-$ed" > /dev/null || return 1
        rel="$T/editions/dist-$ed/dist/backprop-workbook"
        want=$ed
        [ "$ed" = default ] && want=guided
        same=yes
        diff -r "$rel/skeletons" "$T/editions/$want/skeletons" > /dev/null || same=no
        for h in "$T/editions/$want"/lib/*.h; do cmp -s "$h" "$rel/lib/${h##*/}" || same=no; done
        [ "$same" = yes ] || { fail "make dist $arg did not give the $want edition's skeletons and headers"; return 1; }
        if [ "$want" = challenge ]; then
            grep -q "This is the challenge edition" "$rel/README.md" || { fail "the challenge release's README does not say so"; return 1; }
        else
            ! grep -q "challenge edition" "$rel/README.md" || { fail "the guided release's README speaks of the challenge edition"; return 1; }
        fi
    done
    # The graders' points tables: the same rows, tests, points and visibility; each hint the
    # repository's (guided) or one that points away from the formula (challenge).
    rows() { awk '!/^[ \t]*#/ && NF >= 5 { print $1, $2, $3, $4 }' "$1"; }
    hints_ok() {   # hints_ok TABLE EDITION
        rows grader/points.txt > "$T/editions/rows.want"
        rows "$1" | cmp -s - "$T/editions/rows.want" || { fail "$1: not the rows of grader/points.txt"; return 1; }
        if [ "$2" = guided ]; then
            cmp -s "$1" grader/points.txt || { fail "$1: the guided edition's table is not grader/points.txt"; return 1; }
        else
            n=$(awk '!/^[ \t]*#/ && NF >= 5 && !/(make hint CH=[0-9][0-9] gives|notes derive the formula).*the TODO block states the contract\.$/' "$1" | wc -l)
            [ "$n" = 0 ] || { fail "$1: $n fixed hints of the challenge edition do not point away from the formula"; return 1; }
        fi
    }
    for ed in guided challenge; do
        $MAKE gradescope EDITION=$ed O="$T/editions/gs-$ed" > /dev/null || return 1
        unzip -p "$T/editions/gs-$ed/gradescope/autograder.zip" grader/points.txt > "$T/editions/gs-$ed/points.txt"
        hints_ok "$T/editions/gs-$ed/points.txt" $ed || return 1
    done
    $MAKE prairielearn EDITION=challenge O="$T/editions/pl" > /dev/null || return 1
    pl="$T/editions/pl/prairielearn"
    hints_ok "$pl/serverFilesCourse/backprop-workbook/grader/points.txt" challenge || return 1
    for q in "$pl"/questions/backprop-workbook/*/; do
        for f in "$q"[0-9][0-9]_*.c; do
            cmp -s "$f" "$T/editions/challenge/skeletons/${f##*/}" ||
                { fail "$f is not the challenge edition's skeleton"; return 1; }
        done
    done
    echo "make skeletons, dist, gradescope and prairielearn default to the guided edition;" \
         "EDITION=challenge gives the other (skeletons, headers, fixed hints)"
}

# ---------------------------------------------------------------- the grader itself

check_solutions_get_full_marks() {
    $MAKE grade IMPL=solutions HIDDEN=1 STRICT=1 GRADE_OUT="$T/sol" > "$T/sol.out" 2>&1 || {
        cat "$T/sol.out"; fail "the solutions lost points"; return 1; }
    j="$T/sol/results.json"
    jq -e . "$j" > /dev/null || { fail "results.json is not valid JSON"; return 1; }
    got=$(jqr "$j" '[.tests[].score] | add')
    max=$(jqr "$j" '[.tests[].max_score] | add')
    [ "$got" = "$max" ] && [ "$max" -gt 0 ] || { fail "solutions: $got of $max"; return 1; }
    hidden=$(jqr "$j" '[.tests[] | select(.visibility == "after_published")] | length')
    [ "$hidden" -gt 0 ] || { fail "no hidden test ran with HIDDEN=1"; return 1; }
    echo "solutions: $got / $max, $hidden hidden tests"
}

check_solutions_get_full_marks_under_sanitizers() {
    $MAKE grade IMPL=solutions HIDDEN=1 STRICT=1 SANITIZE=1 CC=gcc GRADE_OUT="$T/san" \
        > "$T/san.out" 2>&1 || { cat "$T/san.out"; fail "the solutions lost points under ASan/UBSan"; return 1; }
    # The sanitizers report on stderr of the test processes, kept in run.log.
    if grep -l 'ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer' "$T"/san/ch*/run.log; then
        fail "a sanitizer reported a problem"; return 1
    fi
    tail -n 2 "$T/san.out"
}

check_results_json_follows_the_gradescope_schema() {
    for j in "$T/sol/results.json" "$T/skel/results.json"; do
        [ -f "$j" ] || { fail "$j missing (run the grading checks first)"; return 1; }
        jq -e '
            (.execution_time | type == "number") and (.output | type == "string") and
            (.visibility == "visible") and (.stdout_visibility == "hidden") and
            (.tests | type == "array") and
            all(.tests[]; (.name | type == "string") and (.number | type == "string") and
                (.score | type == "number") and (.max_score | type == "number") and
                (.score <= .max_score) and (.status == "passed" or .status == "failed") and
                (.visibility == "visible" or .visibility == "after_published") and
                (.output | type == "string") and (.tags | type == "array"))' "$j" > /dev/null ||
            { fail "$j does not follow the schema"; return 1; }
        xml=${j%results.json}junit.xml
        xmllint --noout "$xml" ||
            { fail "$xml is not well-formed XML"; return 1; }
    done
    echo "both results.json files and JUnit files are well formed"
}

check_a_chapter_that_does_not_compile_scores_zero_with_the_errors() {
    d="$T/broken/impl"
    mkdir -p "$d"
    sed 's/return z >= 0.0 ? 1 : 0;/return z >= 0.0 ? 1 : 0  \/* a missing semicolon *\//' \
        solutions/01_perceptron.c > "$d/01_perceptron.c"
    $MAKE grade IMPL="$d" GRADE_OUT="$T/broken/out" > "$T/broken.out" 2>&1 ||
        { cat "$T/broken.out"; fail "make grade must exit 0 when grading ran"; return 1; }
    j="$T/broken/out/results.json"
    jq -e . "$j" > /dev/null || { fail "results.json invalid"; return 1; }
    [ "$(jqr "$j" '[.tests[].score] | add')" = 0 ] || { fail "a broken chapter scored points"; return 1; }
    jqr "$j" '.tests[0].output' | grep -q "did not compile" || { fail "no 'did not compile'"; return 1; }
    jqr "$j" '.tests[0].output' | grep -q "01_perceptron.c:[0-9]*:[0-9]*: error" ||
        { fail "the compiler's error with file:line is not shown"; return 1; }
    # A missing file: the chapter scores 0 and says which file.
    mkdir -p "$T/empty"
    $MAKE grade IMPL="$T/empty" GRADE_OUT="$T/missing" > "$T/missing.out" 2>&1 || return 1
    jqr "$T/missing/results.json" '.tests[0].output' | grep -q "01_perceptron.c is missing" ||
        { fail "a missing file is not reported"; return 1; }
    grep -A3 'did not compile' "$T/broken.out" | head -n 4
}

check_strict_fails_below_full_marks() {
    if $MAKE grade IMPL=skeletons STRICT=1 GRADE_OUT="$T/strict" > "$T/strict.out" 2>&1; then
        fail "STRICT=1 exited 0 on the skeletons"; return 1
    fi
    echo "STRICT=1 exits non-zero on the skeletons"
}

check_bad_arguments_get_clear_errors() {
    out=$($MAKE grade CH=42 2>&1) && { fail "CH=42 was accepted"; return 1; }
    echo "$out" | grep -q "no chapter matches CH=42" || { fail "CH=42: $out"; return 1; }
    out=$($MAKE grade IMPL=no/such/folder 2>&1) && { fail "a missing IMPL was accepted"; return 1; }
    echo "$out" | grep -q "IMPL=no/such/folder is not a folder" || { fail "IMPL: $out"; return 1; }
    echo "CH and IMPL errors are clear"
}

check_points_table_matches_the_tests() {
    $MAKE grader-bins || return 1
    status=0
    for bin in $O/grader/bin/*.hidden.tests; do
        "$bin" --list --color=never | awk '
            /^[A-Za-z0-9_]+: [0-9]+ tests?$/ { suite = $1; sub(/:$/, "", suite); next }
            { print suite "/" $NF }' | sort > "$T/table.listed"
        ch=ch$(basename "$bin" | cut -c1-2)
        awk -v ch="$ch" '!/^[ \t]*#/ && NF && index($1, ch "/") == 1 { print $1 }' grader/points.txt |
            sort > "$T/table.rows"
        if ! diff "$T/table.rows" "$T/table.listed" > "$T/table.diff"; then
            echo "$ch: grader/points.txt (<) and the tests (>) disagree:"
            cat "$T/table.diff"
            status=1
        else
            echo "$ch: $(wc -l < "$T/table.rows") tests, all in the table"
        fi
    done
    return $status
}

# grader/boundary.txt lists exactly the global functions each chapter file defines: no test can
# call one the table forgets, and objcheck.sh keeps global exactly these.
check_the_boundary_table_lists_every_function_of_each_chapter_file() {
    $BUILD_MAKE all || return 1
    status=0
    for obj in $O/solutions/[0-9][0-9]_*.o; do
        base=$(basename "$obj" .o).c
        nm -g --defined-only "$obj" | awk '$2 == "T" { print $3 }' | sort > "$T/defined"
        awk -v f="$base" '!/^[ \t]*#/ && $1 == f { print $2 }' grader/boundary.txt | sort > "$T/listed"
        if diff "$T/listed" "$T/defined" > "$T/boundary.diff"; then
            echo "$base: $(wc -l < "$T/listed") functions, all in grader/boundary.txt"
        else
            echo "$base: grader/boundary.txt (<) and the functions the file defines (>) disagree:"
            cat "$T/boundary.diff"
            status=1
        fi
    done
    return $status
}

check_the_boundary_generator_rejects_a_malformed_table() {
    d="$T/mkboundary"
    mkdir -p "$d"
    bad() {   # bad MESSAGE_PART < table
        cat > "$d/table.txt"
        if awk -v out="$d" -f tools/mkboundary.awk "$d/table.txt" lib/*.h > "$d/out" 2>&1; then
            fail "mkboundary accepted a table that should fail with: $1"; return 1
        fi
        grep -q -- "$1" "$d/out" || { fail "no '$1' in: $(cat "$d/out")"; return 1; }
        cat "$d/out"
    }
    printf '01_perceptron.c perceptron_predict w[D]\n' | bad "argument x (const double \*) needs a size" || return 1
    printf '01_perceptron.c no_such_function\n' | bad "no prototype of no_such_function" || return 1
    printf '01_perceptron.c perceptron_predict w[D] x[D] q[1]\n' | bad "has no argument named q" || return 1
    printf '01_perceptron.c perceptron_predict w[D] x[D]\n01_perceptron.c perceptron_predict w[D] x[D]\n' |
        bad "table.txt:2: perceptron_predict is listed twice" || return 1
    printf 'perceptron.c perceptron_predict\n' | bad "table.txt:1: expected" || return 1
    printf '05_mlp.c mlp_forward m[sideways] X[N] return[N]\n' | bad "a network is written" || return 1
}

check_report_rejects_a_malformed_points_table() {
    $BUILD_MAKE grader-parts || return 1
    bad() {   # bad LINE MESSAGE_PART < table
        cat > "$T/points.bad"
        if $O/bin/report --table "$T/points.bad" --out "$T" > "$T/report.out" 2>&1; then
            fail "report accepted a bad table ($2)"; return 1
        fi
        grep -q "points.bad:$1: $2" "$T/report.out" || { fail "no 'points.bad:$1: $2': $(cat "$T/report.out")"; return 1; }
        cat "$T/report.out"
    }
    printf '# c\nch01/a f 1 visible a hint\nch01/a f 1 visible again\n' | bad 3 "the test ch01/a is listed twice" || return 1
    printf '# c\nch01/a f x visible hint\n' | bad 2 "points must be a whole number" || return 1
    printf '# c\nch01/a f 1 secret hint\n' | bad 2 "visibility must be visible or hidden" || return 1
    printf '# c\nch01-a f 1 visible hint\n' | bad 2 "the test .ch01-a. must be written suite/name" || return 1
    printf '# c\nch01/a f 1 visible\n' | bad 2 "the test ch01/a has no hint" || return 1
    printf '# c\nch01/a f\n' | bad 2 "expected" || return 1
    echo "every malformed table is rejected with its file and line"
}

# ---------------------------------------------------------------- plots and notes

check_plots_are_drawn_from_the_reference() {
    rm -rf $O/plots
    $MAKE plots IMPL=solutions || return 1
    n=0
    for f in $O/plots/ch*/*.png; do
        [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
            { fail "$f is not a PNG"; return 1; }
        [ "$(wc -c < "$f")" -gt 5000 ] || { fail "$f is suspiciously small"; return 1; }
        svg=${f%.png}.svg
        grep -q '<svg' "$svg" || { fail "$svg is missing or not SVG"; return 1; }
        n=$((n + 1))
    done
    [ $n -gt 0 ] || { fail "no figure drawn"; return 1; }
    echo "$n figures drawn, each as PNG and SVG"
}

check_plots_of_unfinished_code_name_the_exercise() {
    out=$($MAKE plots IMPL=skeletons 2>&1) || { echo "$out"; fail "make plots failed on the skeletons"; return 1; }
    echo "$out"
    echo "$out" | grep -q "not implemented yet: write it in skeletons/" || { fail "no exercise named"; return 1; }
}

# Chapters 5 and 6 written correctly in another order into DIR: linear_forward adds the inputs
# last to first and the bias last, bce_backward takes the sigmoid in its two-branch form. Their
# results differ from the reference's in the last bits, which long runs amplify.
write_chapters_in_another_order() {   # write_chapters_in_another_order DIR
    awk '/double z = bias\[h\];/ { sub(/bias\[h\]/, "0.0") }
         /for \(int i = 0; i < D; i\+\+\)/ && inside { sub(/int i = 0; i < D; i\+\+/, "int i = D - 1; i >= 0; i--") }
         /out\[n \* H \+ h\] = z;/ { sub(/= z;/, "= z + bias[h];") }
         /@begin linear_forward/ { inside = 1 } /@end linear_forward/ { inside = 0 }
         { print }' solutions/05_mlp.c > "$1/05_mlp.c"
    sed 's|^\( *\)double p = 1.0 / (1.0 + exp(-logits\[n\]));|\1double z = logits[n], e = exp(-fabs(z));\n\1double p = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);|' \
        solutions/06_backprop.c > "$1/06_backprop.c"
    grep -q 'i >= 0; i--' "$1/05_mlp.c" && grep -q 'z + bias\[h\]' "$1/05_mlp.c" &&
        grep -q 'e / (1.0 + e)' "$1/06_backprop.c" || { fail "the other orders were not planted"; return 1; }
}

# Correct code that adds in another order (chapter 5's sums reversed with the bias last, chapter
# 2's two-branch sigmoid in bce_backward) gets full marks, and make plots says its run is fine
# though its weights end elsewhere; a real mistake (the gradient of the sum) is told it differs
# from the start.
check_plots_after_a_valid_run_in_another_order_say_so() {
    d="$T/order"
    rm -rf "$d"
    mkdir -p "$d/valid" "$d/wrong"
    write_chapters_in_another_order "$d/valid" || return 1
    cp solutions/05_mlp.c "$d/wrong/"
    sed 's|dlogits\[n\] += (p - y\[n\]) / N;|dlogits[n] += (p - y[n]);|' solutions/06_backprop.c > "$d/wrong/06_backprop.c"
    $MAKE grade IMPL="$d/valid" CH="05 06" STRICT=1 GRADE_OUT="$T/order-grade" > "$T/order-grade.out" 2>&1 ||
        { cat "$T/order-grade.out"; fail "correct code in another order lost points"; return 1; }
    out=$($MAKE plots IMPL="$d/valid" CH=06 2>&1) || { echo "$out"; return 1; }
    echo "$out" | head -n 1
    echo "$out" | grep -q "note: your first 10 epochs match the reference's.*that is rounding, not a mistake" ||
        { fail "make plots does not say that the valid run is fine"; return 1; }
    ! echo "$out" | grep -q "says where" || { fail "make plots sends a valid run to make grade"; return 1; }
    out=$($MAKE plots IMPL="$d/wrong" CH=06 2>&1) || { echo "$out"; return 1; }
    echo "$out" | head -n 1
    echo "$out" | grep -q "note: your training differs from the reference's from the start: after epoch 1" ||
        { fail "make plots does not tell a wrong run from a valid one"; return 1; }
}

# Every figure of points names its class colours on the figure itself (the key), and what the
# notes say of a figure's numbers is what it draws: chapter 1's XOR mistakes.
check_figures_carry_their_class_key_and_agree_with_the_notes() {
    [ -f $O/plots/ch01/pass_boundary.svg ] || $MAKE plots IMPL=solutions CH="01 04 06" > /dev/null || return 1
    status=0
    for f in ch01/pass_boundary ch01/boundary_epochs ch04/xor_linear ch04/xor_product ch04/circle \
             ch04/feature_space ch04/knn ch06/boundary; do
        if grep -q '>class 0' "$O/plots/$f.svg" && grep -q '>class 1' "$O/plots/$f.svg"; then
            echo "$f: class key"
        else
            echo "NO CLASS KEY: $O/plots/$f.svg"; status=1
        fi
    done
    said=$(tr '\n' ' ' < chapters/01-perceptron/notes.md |
           sed -n 's/.*with \$\\alpha = 1\$ the mistakes per epoch are \([0-9, ]*[0-9]\), \.\.\..*/\1/p' | tr -d ' ')
    drawn=$(awk '!/^#/ && NR <= 6 { printf "%s%s", (NR > 2 ? "," : ""), $2 }' "$O/plots/ch01/data/mistakes_xor.dat")
    echo "XOR mistakes: the notes say $said, the figure draws $drawn"
    [ -n "$said" ] && [ "$said" = "$drawn" ] || { fail "the notes and the figure disagree"; status=1; }
    return $status
}

# The notes are for students: they cite nothing the student release leaves out.
check_notes_cite_only_what_students_receive() {
    if grep -n 'tests/\|solutions/\|grader/hidden' chapters/*/notes.md; then
        fail "the notes cite files students do not receive"; return 1
    fi
    echo "no note cites tests/, solutions/ or grader/hidden/"
}

check_every_figure_the_notes_show_exists() {
    status=0
    for notes in chapters/*/notes.md; do
        dir=$(dirname "$notes")
        for fig in $(grep -o '](fig/[^)]*)' "$notes" | sed 's/^](//; s/)$//'); do
            # the PNG the notes name, and beside it the SVG and PDF the handouts use
            for f in "$fig" "${fig%.png}.svg" "${fig%.png}.pdf"; do
                if [ -s "$dir/$f" ]; then echo "$dir/$f"; else echo "MISSING: $dir/$f"; status=1; fi
            done
        done
    done
    return $status
}

# Every number the notes state is recomputed from the reference (plots/facts/NN_topic.c) and
# must equal chapters/NN-topic/facts.txt, be said in the notes' own words, and no other number
# may appear; every chapter's notation table is the book's (chapters/notation.md).
check_notes_state_the_reference_facts() {
    $MAKE "$O/libworkbook.a" CC=gcc || return 1
    BUILD=$O CC=gcc WERROR=1 sh plots/facts.sh check
}

# Every experiment (plots/experiments/NN_name.c) runs, shortened, on the reference: each claim
# of the notes holds for its numbers (STRICT=1), and it draws its figures beside the reference's;
# on the pristine skeletons it names the first exercise it needs, without an error (as make
# plots), or with one under STRICT=1.
check_experiments_hold_their_claims_on_the_reference_and_name_what_unfinished_code_lacks() {
    status=0 n=0
    for driver in plots/experiments/[0-9][0-9]_*.c; do
        base=${driver##*/}; base=${base%.c}; nn=${base%%_*}; e=${base#*_}
        start=$(date +%s)
        out=$($MAKE experiment IMPL=solutions CH=$nn E=$e QUICK=1 STRICT=1 2>&1)
        rc=$?
        echo "== ch$nn $e on the reference ($(( $(date +%s) - start )) s):"
        echo "$out" | grep '^  claim: '
        holding=$(echo "$out" | grep -c '^  claim: .*: holds$')
        if [ $rc != 0 ] || [ "$holding" = 0 ] || echo "$out" | grep -q 'DOES NOT HOLD'; then
            echo "$out" | tail -n 20; fail "ch$nn $e: status $rc, $holding claims hold"; status=1
        fi
        figs=$(ls $O/experiments/ch$nn/$e.png $O/experiments/ch$nn/${e}_*.png 2>/dev/null)
        [ -n "$figs" ] || { fail "ch$nn $e drew no figure"; status=1; }
        for f in $figs; do
            [ "$(wc -c < "$f")" -gt 5000 ] && grep -q '<svg' "${f%.png}.svg" &&
                [ -s "chapters/$nn-"*"/fig/$(basename "$f")" ] ||
                { fail "$f: too small, no SVG beside it, or no reference figure in the chapter"; status=1; }
        done
        echo "$out" | grep -q "the reference's: chapters/" ||
            { fail "ch$nn $e does not point to the reference's figure"; status=1; }
        out=$($MAKE experiment IMPL=skeletons CH=$nn E=$e 2>&1) ||
            { fail "ch$nn $e on the skeletons: an error, where it should name what to write"; status=1; }
        $MAKE experiment IMPL=skeletons CH=$nn E=$e STRICT=1 > /dev/null 2>&1 &&
            { fail "ch$nn $e on the skeletons passed with STRICT=1"; status=1; }
        echo "$out" | grep 'not yet' || echo "$out" | tail -n 5
        echo "$out" | grep -q "not yet: this experiment needs [a-z_]*, which is not implemented yet: write it in skeletons/[0-9][0-9]_" ||
            { fail "ch$nn $e on the skeletons does not name the exercise it needs"; status=1; }
        file_ch=$(echo "$out" | sed -n 's|.*write it in skeletons/\([0-9][0-9]\)_.*|\1|p')
        echo "$out" | grep -q "(make grade CH=$file_ch checks it)" ||
            { fail "ch$nn $e on the skeletons does not send to make grade CH=$file_ch"; status=1; }
        n=$((n + 1))
    done
    [ $n -gt 0 ] || { fail "no experiment found"; return 1; }
    out=$($MAKE experiment CH=05 E=nosuch 2>&1) && { fail "an unknown experiment was accepted"; return 1; }
    echo "$out" | grep -q "no experiment E=nosuch in chapter 05" || { echo "$out"; fail "an unknown experiment is not named"; return 1; }
    return $status
}

# The claims are about the method, not the reference's last bits: correct code that adds in
# another order (chapter 5's sums reversed with the bias last, chapter 6's two-branch sigmoid,
# as in the check of make plots above) makes every claim of every experiment hold too.
check_experiments_claims_hold_for_correct_code_that_rounds_differently() {
    d="$T/rounding"
    rm -rf "$d"
    mkdir -p "$d"
    write_chapters_in_another_order "$d" || return 1
    cp solutions/03_gradient_descent.c "$d/"
    status=0
    for driver in plots/experiments/[0-9][0-9]_*.c; do
        base=${driver##*/}; base=${base%.c}; nn=${base%%_*}; e=${base#*_}
        out=$($MAKE experiment IMPL="$d" CH=$nn E=$e QUICK=1 STRICT=1 2>&1) ||
            { echo "$out" | tail -n 20; fail "ch$nn $e: a claim does not hold for correct code"; status=1; }
        echo "ch$nn $e: $(echo "$out" | grep -c ': holds$') claims hold"
    done
    return $status
}

check_notes_are_ascii() {
    if LC_ALL=C grep -n '[^ -~	]' chapters/*/notes.md chapters/notation.md; then
        fail "non-ASCII characters in the notes (pdflatex rejects them; use TeX macros)"; return 1
    fi
    echo "all notes are ASCII"
}

# Without root, a missing tool is reported with the exact command to run, not installed.
check_missing_tools_are_named_with_the_command_to_install_them() {
    fake="$T/fakebin"
    rm -rf "$fake"
    mkdir -p "$fake"
    printf '#!/bin/sh\necho 1000\n' > "$fake/id"
    printf '#!/bin/sh\nexit 0\n' > "$fake/apt-get"
    for tool in sed head tail cat; do ln -s "$(command -v $tool)" "$fake/$tool"; done
    chmod +x "$fake/id" "$fake/apt-get"
    out=$(PATH="$fake" /bin/sh tools/deps.sh jq gnuplot 2>&1) && { fail "deps.sh passed without jq"; return 1; }
    echo "$out"
    echo "$out" | grep -q "sudo apt-get update && sudo apt-get install -y --no-install-recommends jq gnuplot-nox" ||
        { fail "no apt-get command"; return 1; }
    rm "$fake/apt-get"
    printf '#!/bin/sh\necho Darwin\n' > "$fake/uname"
    chmod +x "$fake/uname"
    out=$(PATH="$fake" /bin/sh tools/deps.sh jq 2>&1) && { fail "deps.sh passed without jq"; return 1; }
    echo "$out"
    echo "$out" | grep -q "brew install jq" || { fail "no brew command"; return 1; }
}

# ---------------------------------------------------------------- working on a chapter

# A copy of the working tree (tracked and untracked files, not build/) to edit freely.
copy_tree() {
    rm -rf "$1"
    mkdir -p "$1"
    git ls-files -co --exclude-standard | grep -v '^build/' | tar -cf - -T - | tar -C "$1" -xf -
}

check_watch_regrades_on_save_and_shows_progress() {
    w="$T/watch"
    copy_tree "$w"
    (
        cd "$w" || exit 1
        CH=01 WATCH_ROUNDS=1 O=build timeout 120 make --no-print-directory -s watch > watch.out 2>&1 &
        pid=$!
        # Wait for the first screen, then save the chapter file with one exercise solved.
        for i in $(seq 1 60); do grep -q '^Book:' watch.out && break; sleep 1; done
        awk '/TODO\(ch01 perceptron_predict\)/ { print "    { double z = b; for (int i = 0; i < D; i++) z += w[i] * x[i]; return z >= 0.0; }" }
             { print }' skeletons/01_perceptron.c > p.c && mv p.c skeletons/01_perceptron.c
        wait $pid || { cat watch.out; exit 1; }
        cat watch.out
        [ "$(grep -c '^Book:' watch.out)" = 2 ] || { fail "expected two screens"; exit 1; }
        grep -q "^Book: 1 of [0-9]* exercises done, 3 of" watch.out || { fail "progress did not move"; exit 1; }
        tail -n 4 watch.out | grep -q "perceptron_update is not implemented yet" ||
            { fail "the next failing test is not shown"; exit 1; }
    )
}

check_hints_come_in_levels_and_every_exercise_has_them() {
    $MAKE grade CH=01 > /dev/null 2>&1
    rm -rf "$O/hints"
    for level in 1 2 3 3; do
        out=$($MAKE hint CH=01) || return 1
        echo "$out" | head -n 1
        echo "$out" | grep -q "perceptron_predict, hint $level of 3" || { fail "level $level: $out"; return 1; }
    done
    # Every exercise region of every chapter has three levels.
    status=0
    for sol in solutions/[0-9][0-9]_*.c; do
        nn=$(basename "$sol" | cut -c1-2)
        hints=$(ls chapters/"$nn"-*/hints.txt 2>/dev/null | head -n 1)
        for ex in $(sed -n 's|^ *// @begin \([A-Za-z0-9_]*\)$|\1|p' "$sol"); do
            n=$(awk -v ex="$ex" '/^== / { on = ($2 == ex) } on && /^[0-9]: / { n++ } END { print n + 0 }' "${hints:-/dev/null}")
            [ "$n" = 3 ] || { echo "MISSING: $ex has $n hint levels in ${hints:-chapters/$nn-*/hints.txt}"; status=1; }
        done
    done
    return $status
}

# make hint follows the file: after an edit since the last grading, it says so instead of
# "every test passed" or a hint for code that may be gone.
check_hint_notices_a_file_changed_since_the_last_grading() {
    d="$T/hintfile"
    rm -rf "$d"
    mkdir -p "$d/done" "$d/todo"
    cp solutions/01_perceptron.c "$d/done/"
    cp skeletons/01_perceptron.c "$d/todo/"
    edit() {   # edit FILE: saved after the grading (its time a few seconds on, to be sure)
        touch -d "@$(( $(date +%s) + 5 ))" "$1"
    }
    $MAKE grade IMPL="$d/done" CH=01 > /dev/null 2>&1 || return 1
    edit "$d/done/01_perceptron.c"
    out=$($MAKE hint CH=01 IMPL="$d/done") || return 1
    echo "$out"
    echo "$out" | grep -q "passed at the last grading, but $d/done/01_perceptron.c changed since" ||
        { fail "a changed file still reads 'no hint needed'"; return 1; }
    $MAKE grade IMPL="$d/todo" CH=01 > /dev/null 2>&1 || return 1
    edit "$d/todo/01_perceptron.c"
    out=$($MAKE hint CH=01 IMPL="$d/todo") || return 1
    echo "$out"
    echo "$out" | grep -q "(from the last grading: $d/todo/01_perceptron.c changed since" ||
        { fail "the hint does not say the grading is out of date"; return 1; }
    $MAKE grade CH=01 > /dev/null 2>&1   # the skeletons' state back, for the checks after
}

# make grade TEST=... runs one test without touching what the last full grading left (status,
# hints, results.json), and an unknown TEST is refused before anything is built or written.
check_one_test_leaves_the_last_grading_alone_and_an_unknown_test_is_refused_first() {
    $MAKE grade CH=01 > /dev/null 2>&1 || return 1
    before=$(cksum "$O/grade/results.json" "$O/grade/ch01/summary.tsv")
    status=$($MAKE status)
    $MAKE grade CH=01 TEST=predict_uses_every_feature > "$T/one.out" 2>&1 || { cat "$T/one.out"; return 1; }
    grep -q "predict_uses_every_feature" "$T/one.out" || { cat "$T/one.out"; fail "the test did not run"; return 1; }
    [ "$(cksum "$O/grade/results.json" "$O/grade/ch01/summary.tsv")" = "$before" ] ||
        { fail "TEST= changed the last full grading's files"; return 1; }
    [ "$($MAKE status)" = "$status" ] || { fail "TEST= changed what make status says"; return 1; }
    if $MAKE grade CH=01 TEST=no_such_test > "$T/unknown.out" 2>&1; then
        fail "an unknown TEST was accepted"; return 1
    fi
    cat "$T/unknown.out"
    grep -q "no test matches TEST=no_such_test" "$T/unknown.out" || { fail "no clear error"; return 1; }
    ! grep -q "Total:" "$T/unknown.out" || { fail "an unknown TEST still graded"; return 1; }
    [ "$(cksum "$O/grade/results.json" "$O/grade/ch01/summary.tsv")" = "$before" ] ||
        { fail "an unknown TEST changed the last grading's files"; return 1; }
    $MAKE grade CH=01 TEST='@(predict_uses_every_feature|update_*)' > "$T/glob.out" 2>&1 ||
        { cat "$T/glob.out"; fail "a pattern of Criterion's was refused"; return 1; }
    echo "one test ran; results.json, summary.tsv and make status unchanged; no_such_test refused"
}

# Plain grading cannot see every memory mistake: a chapter at full marks says, once, that
# SANITIZE=1 can. Here a read one past the end of x gets full marks, the note, then no note.
check_a_chapter_at_full_marks_says_once_that_the_sanitizers_check_memory() {
    d="$T/fullnote"
    rm -rf "$d" "$T/fullnote-out"
    mkdir -p "$d"
    sed 's|^    double z = b;$|    double z = b + 0.0 * x[D];|' solutions/01_perceptron.c > "$d/01_perceptron.c"
    out=$($MAKE grade IMPL="$d" CH=01 STRICT=1 GRADE_OUT="$T/fullnote-out" 2>&1) || { echo "$out"; return 1; }
    echo "$out" | tail -n 3
    echo "$out" | grep -q "^note: ch01 has full marks. make grade CH=01 SANITIZE=1 also runs your code" ||
        { fail "no note at full marks"; return 1; }
    out=$($MAKE grade IMPL="$d" CH=01 STRICT=1 GRADE_OUT="$T/fullnote-out" 2>&1) || { echo "$out"; return 1; }
    ! echo "$out" | grep -q "^note: ch01 has full marks" || { fail "the note came twice"; return 1; }
}

check_status_shows_points_and_the_next_thing_to_do() {
    $MAKE grade > /dev/null 2>&1
    out=$($MAKE status) || return 1
    echo "$out"
    echo "$out" | grep -q "^ch01 .* 0 / 14 .*graded" || { fail "no ch01 line"; return 1; }
    echo "$out" | grep -q "^Next: edit skeletons/01_perceptron.c: perceptron_predict" || { fail "no next step"; return 1; }
    touch skeletons/01_perceptron.c
    $MAKE status | grep -q "your file changed since: make grade CH=01" || { fail "stale results not noticed"; return 1; }
}

check_reset_restores_one_exercise_and_keeps_a_backup() {
    r="$T/reset"
    copy_tree "$r"
    (
        cd "$r" || exit 1
        cp skeletons/01_perceptron.c pristine.c
        sed -i 's|^    return -1;  // not implemented yet|    return 7; /* my attempt */|' skeletons/01_perceptron.c
        echo n | make --no-print-directory -s reset EX=perceptron_predict O=build > no.out
        grep -q "my attempt" skeletons/01_perceptron.c || { fail "answering n changed the file"; exit 1; }
        make --no-print-directory -s reset EX=perceptron_predict YES=1 O=build > yes.out || exit 1
        cmp -s skeletons/01_perceptron.c pristine.c || { fail "not restored"; diff pristine.c skeletons/01_perceptron.c; exit 1; }
        grep -q "my attempt" build/reset/01_perceptron.c.2* || { fail "no backup"; exit 1; }
        if make --no-print-directory -s reset EX=no_such_function YES=1 > bad.out 2>&1; then exit 1; fi
        cat yes.out bad.out
    )
}

check_one_test_verbose_output_and_the_debugger() {
    d="$T/verbose"
    mkdir -p "$d"
    sed 's|^\(    double z = b;\)$|\1 { extern int printf(const char *, ...); printf("z starts at %g\\n", b); }|' \
        solutions/01_perceptron.c > "$d/01_perceptron.c"
    out=$($MAKE grade IMPL="$d" CH=01 TEST=predict_uses_every_feature VERBOSE=1 2>&1) || { echo "$out"; return 1; }
    echo "$out"
    [ "$(echo "$out" | grep -c '^  PASS')" = 1 ] || { fail "TEST= ran more than one test"; return 1; }
    echo "$out" | grep -q -- "-- during ch01/predict_uses_every_feature:" || { fail "output not attributed"; return 1; }
    echo "$out" | grep -q "z starts at -0.5" || { fail "the code's output is not shown"; return 1; }
    out=$($MAKE grade CH=01 TEST=no_such_test 2>&1) && { fail "an unknown TEST was accepted"; return 1; }
    echo "$out" | grep -q "no test matches TEST=no_such_test" || { fail "$out"; return 1; }
    out=$(GDB_BATCH=1 timeout 120 $MAKE debug TEST=predict_uses_every_feature IMPL=solutions 2>&1)
    echo "$out" | tail -n 4
    echo "$out" | grep -q "Breakpoint 1.*perceptron_predict" || { fail "gdb did not stop in the function"; return 1; }
}

check_sanitize_reports_bad_accesses_and_leaks_by_file_and_line() {
    d="$T/sanitize"
    mkdir -p "$d/oob" "$d/leak"
    sed 's|^    double z = b;$|    double z = b + 0.0 * x[D];|' solutions/01_perceptron.c > "$d/oob/01_perceptron.c"
    sed 's|^    double z = b;$|    double z = b; { extern void *malloc(unsigned long); volatile char *p = malloc(64); p[0] = 1; }|' \
        solutions/01_perceptron.c > "$d/leak/01_perceptron.c"
    out=$($MAKE grade IMPL="$d/oob" CH=01 SANITIZE=1 GRADE_OUT="$T/sanitize-oob" 2>&1) || return 1
    echo "$out" | grep -A1 "Sanitizer reports"
    echo "$out" | grep -q "stack-buffer-overflow in perceptron_predict at $d/oob/01_perceptron.c:[0-9]" ||
        { fail "no out-of-bounds report with file and line"; return 1; }
    # Under each test the sanitizer stopped, its own line takes the place of the test's fixed
    # hint, which was written for another mistake (the sum over D, say).
    msg=$(jqr "$T/sanitize-oob/results.json" '.tests[] | select(.name | endswith(": predict_uses_every_feature")) | .output')
    echo "$msg"
    echo "$msg" | grep -q "hint: the sanitizer says: stack-buffer-overflow in perceptron_predict at $d/oob/01_perceptron.c:[0-9]" ||
        { fail "the sanitizer's line is not the hint"; return 1; }
    ! echo "$msg" | grep -q "Loop i from 0 to D-1" || { fail "the fixed hint is still shown"; return 1; }
    out=$($MAKE grade IMPL="$d/leak" CH=01 SANITIZE=1 GRADE_OUT="$T/sanitize-leak" 2>&1) || return 1
    echo "$out" | grep -A1 "Sanitizer reports"
    echo "$out" | grep -q "memory leaks in perceptron_predict at $d/leak/01_perceptron.c:[0-9]" ||
        { fail "no leak report with file and line"; return 1; }
    echo "$out" | grep -q "LeakSanitizer: memory allocated during this test was never freed" ||
        { fail "a leaking test did not fail"; return 1; }
    msg=$(jqr "$T/sanitize-leak/results.json" '.tests[] | select(.name | endswith(": predict_uses_every_feature")) | .output')
    echo "$msg"
    echo "$msg" | grep -q "hint: the sanitizer says: [0-9]* bytes allocated in perceptron_predict at $d/leak/01_perceptron.c:[0-9]* were never freed" ||
        { fail "the leak's place is not the hint"; return 1; }
    # Undefined behaviour (gcc's UBSan is a library of its own) gets its line too.
    mkdir -p "$d/ub"
    sed 's|^    double z = b;$|    double z = b; { volatile int big = 2147483647; big += D; }|' solutions/01_perceptron.c > "$d/ub/01_perceptron.c"
    out=$($MAKE grade IMPL="$d/ub" CH=01 SANITIZE=1 CC=gcc GRADE_OUT="$T/sanitize-ub" 2>&1) || return 1
    msg=$(jqr "$T/sanitize-ub/results.json" '.tests[] | select(.name | endswith(": predict_uses_every_feature")) | .output')
    echo "$msg"
    echo "$msg" | grep -q "hint: the sanitizer says: undefined behaviour, signed integer overflow.* at $d/ub/01_perceptron.c:[0-9]" ||
        { fail "the undefined behaviour's line is not the hint"; return 1; }
}

# A crash is named where it happened and points to SANITIZE=1: contained, the student process
# says which function it was in (linear_forward, called by mlp_forward); linked in (no sandbox
# here: SANDBOX_WITHOUT=seccomp), the message says it may be a function the tested one calls.
check_crashes_are_named_where_they_happen_and_point_to_the_sanitizer() {
    d="$T/crash"
    mkdir -p "$d"
    sed 's|^\( *\)out\[n \* H + h\] = z;|\1out[n * H + h] = z; if (N > 2) { volatile double *nowhere = 0; *nowhere = 1; }|' \
        solutions/05_mlp.c > "$d/05_mlp.c"
    grep -q nowhere "$d/05_mlp.c" || { fail "the crash was not planted"; return 1; }
    t=mlp_forward_of_random_networks_of_several_depths_matches_stored_outputs
    $MAKE grade IMPL="$d" CH=05 TEST=$t GRADE_OUT="$T/crash-in" > "$T/crash-in.out" 2>&1 || return 1
    msg=$(jqr "$T/crash-in/results.json" '.tests[0].output')
    echo "$msg"
    echo "$msg" | grep -q "^mlp_forward crashed in linear_forward, which it called, with SIGSEGV" ||
        { fail "the crash is not placed in linear_forward"; return 1; }
    echo "$msg" | grep -q "^hint: make grade CH=05 SANITIZE=1 shows the file and line" ||
        { fail "no SANITIZE=1 in the hint"; return 1; }
    ! echo "$msg" | grep -q "Loop over all L layers" || { fail "the fixed hint is still shown"; return 1; }
    SANDBOX_WITHOUT=seccomp $MAKE grade IMPL="$d" CH=05 TEST=$t GRADE_OUT="$T/crash-linked" \
        > "$T/crash-linked.out" 2>&1 || return 1
    msg=$(jqr "$T/crash-linked/results.json" '.tests[0].output')
    echo "$msg"
    echo "$msg" | grep -q "crashed with SIGSEGV.* while testing mlp_forward (in it, or in a function it calls)" ||
        { fail "the linked crash does not say it may be in a function it calls"; return 1; }
    echo "$msg" | grep -q "^hint: make grade CH=05 SANITIZE=1" || { fail "no SANITIZE=1 in the hint"; return 1; }
}

check_colour_only_on_a_terminal_and_never_with_NO_COLOR() {
    esc=$(printf '\033')
    script -qec "make --no-print-directory -s grade CH=01" /dev/null > "$T/tty.out" 2>&1
    grep -q "${esc}\[31m" "$T/tty.out" || { fail "no colour on a terminal"; return 1; }
    NO_COLOR=1 script -qec "make --no-print-directory -s grade CH=01" /dev/null > "$T/nocolor.out" 2>&1
    ! grep -q "${esc}\[3" "$T/nocolor.out" || { fail "colour despite NO_COLOR"; return 1; }
    $MAKE grade CH=01 > "$T/pipe.out" 2>&1
    ! grep -q "${esc}\[" "$T/pipe.out" || { fail "colour into a pipe"; return 1; }
    echo "colour on a terminal; none with NO_COLOR or into a pipe"
}

# ---------------------------------------------------------------- releases and class grading

check_make_submit_packs_exactly_the_chapter_files() {
    $MAKE submit > "$T/submit.out" || return 1
    unzip -Z1 "$O/submission.zip" | sort > "$T/zipped"
    ls skeletons/ | grep '^[0-9][0-9]_.*\.c$' | sort > "$T/chapters"
    diff "$T/chapters" "$T/zipped" || { fail "the zip does not hold exactly the chapter files"; return 1; }
    cat "$T/submit.out"
}

# The student release: no solution code in any form, no hidden tests, and its own make grade
# and make plots work from the tarball.
check_student_release_works_and_holds_no_solutions() {
    $MAKE dist > /dev/null || return 1
    rm -rf "$T/dist"
    mkdir -p "$T/dist"
    tar -C "$T/dist" -xzf "$O/dist/backprop-workbook.tar.gz" || return 1
    rel="$T/dist/backprop-workbook"
    for gone in solutions tests grader/hidden; do
        [ ! -e "$rel/$gone" ] || { fail "the release contains $gone"; return 1; }
    done
    ! grep -rq "@begin\|@stub\|@todo" "$rel" || { fail "solution markers in the release"; grep -rl "@begin\|@stub" "$rel"; return 1; }
    # No run of three consecutive lines of a solution region may appear, except runs that the
    # skeletons themselves hold (scaffolding such as a loop header kept for the student).
    # The runs of 3 consecutive non-blank lines of stdin, trimmed, one per line -- but not runs of
    # bare punctuation and keywords ("break; | } | }"), which any C file has and which tell
    # nothing of a solution.
    shingles() {
        sed 's/^[ \t]*//; s/[ \t]*$//' | awk '
            function bare(l) { return l ~ /^([{}]|[{}];?|break;|continue;|return;|else|} else {|default:)$/ }
            NF { a = b; b = c; c = $0; if (++n >= 3 && !(bare(a) && bare(b) && bare(c))) print a " | " b " | " c }'
    }
    for f in solutions/*.c; do
        awk '/@begin /{inside=1; next} /@end /{inside=0; print ""} inside && !/\/\/ @/' "$f" | shingles
    done | sort -u > "$T/solution_runs"
    for f in skeletons/*.c; do shingles < "$f"; done | sort -u > "$T/skeleton_runs"
    comm -23 "$T/solution_runs" "$T/skeleton_runs" > "$T/secret_runs"
    find "$rel" -type f \( -name '*.c' -o -name '*.h' -o -name '*.md' -o -name '*.txt' -o -name '*.gp' \) |
        while IFS= read -r f; do shingles < "$f"; done | sort -u > "$T/release_runs"
    leaked=$(comm -12 "$T/secret_runs" "$T/release_runs")
    [ -z "$leaked" ] || { fail "solution code in the release:"; echo "$leaked" | head; return 1; }
    echo "$(wc -l < "$T/secret_runs") runs of solution code checked: none in the release"
    if grep -q '^ch[0-9][0-9]/[a-z].* hidden ' "$rel/grader/points.txt" &&
       ! grep -q '^ch[0-9][0-9]/hidden_[0-9]' "$rel/grader/points.txt"; then
        fail "hidden test names are in the release's points table"; return 1
    fi
    grep -q "classroom-resources/autograding-command-grader" "$rel/.github/workflows/classroom.yml" ||
        { fail "no GitHub Classroom workflow"; return 1; }
    (
        cd "$rel" || exit 1
        O=build
        make --no-print-directory -s grade > grade.out 2>&1 || { cat grade.out; exit 1; }
        grep -q "points in tests that run only at submission" grade.out || { fail "no hidden-points line"; exit 1; }
        jq -e '[.tests[].score] | add == 0' build/grade/results.json > /dev/null || { fail "skeletons scored"; exit 1; }
        # make grade built the chapters' tests at once: wherever Criterion loads a libgit2, each
        # test binary loads grader/nogit.c's stand-in (grader/nogit.sh), none the real one
        for t in build/grader/bin/*.tests; do
            lib=$(ldd "$t" | awk '$1 ~ /^libgit2\.so/ { print $3 }')
            [ -z "$lib" ] || [ "$lib" -ef "build/grader/bin/nogit/${lib##*/}" ] ||
                { fail "$t loads $lib, not the stand-in"; cat build/grader/bin/nogit/probe.log; exit 1; }
        done
        make --no-print-directory -s plots > plots.out 2>&1 || { cat plots.out; exit 1; }
        grep -q "not implemented yet" plots.out || { fail "make plots did not name the exercise"; exit 1; }
        if make --no-print-directory test > test.out 2>&1; then fail "make test ran in the release"; exit 1; fi
        grep -q "for the instructor's tree" test.out || { cat test.out; exit 1; }
        tail -n 2 grade.out
    ) || return 1
    # Moving to a new release keeps the student's work.
    cp -R "$rel" "$T/dist/new"
    echo '/* my work */' >> "$rel/skeletons/01_perceptron.c"
    (cd "$T/dist/new" && make --no-print-directory -s upgrade FROM=../backprop-workbook) || return 1
    grep -q "my work" "$T/dist/new/skeletons/01_perceptron.c" || { fail "make upgrade lost the work"; return 1; }
}

# The Gradescope autograder, run in a simulated /autograder layout.
check_gradescope_autograder_always_writes_results() {
    $MAKE gradescope > /dev/null || return 1
    rm -rf "$T/autograder"
    mkdir -p "$T/autograder/source" "$T/autograder/results"
    ag=$(cd "$T/autograder" && pwd)
    unzip -q "$O/gradescope/autograder.zip" -d "$ag/source" || return 1
    [ ! -e "$ag/source/solutions" ] || { fail "solutions in the autograder zip"; return 1; }
    AUTOGRADER="$ag" O="$ag/source/build" bash "$ag/source/setup.sh" > "$T/setup.out" 2>&1 ||
        { cat "$T/setup.out"; return 1; }
    autograde() {   # autograde NAME: grades $ag/submission, leaves the score in $score
        rm -f "$ag/results/results.json"
        (cd "$ag/source" && AUTOGRADER="$ag" O="$ag/source/build" bash ./run_autograder) > "$T/ag-$1.out" 2>&1
        jq -e . "$ag/results/results.json" > /dev/null || { fail "$1: results.json invalid"; return 1; }
        score=$(jq '[.tests[].score] | add' "$ag/results/results.json")
        echo "$1: $score points"
    }
    rm -rf "$ag/submission"; mkdir -p "$ag/submission/inner"
    cp solutions/*.c "$ag/submission/inner/"           # one folder down, as a zip of a folder
    autograde solutions || return 1
    full=$(jq '[.tests[].max_score] | add' "$ag/results/results.json")
    [ "$score" = "$full" ] || { fail "the solutions got $score of $full"; return 1; }
    hidden=$(jq '[.tests[] | select(.visibility == "after_published")] | length' "$ag/results/results.json")
    [ "$hidden" -gt 0 ] || { fail "no hidden test ran"; return 1; }
    rm -rf "$ag/submission"; mkdir -p "$ag/submission"
    autograde empty || return 1
    [ "$score" = 0 ] || { fail "an empty submission scored"; return 1; }
    cp "$T/broken/impl/01_perceptron.c" "$ag/submission/" 2>/dev/null ||
        printf 'int broken(\n' > "$ag/submission/01_perceptron.c"
    autograde broken || return 1
    [ "$score" = 0 ] || { fail "a broken submission scored"; return 1; }
    # Grading itself fails (the grader's sources are gone): a valid file still explains it.
    mv "$ag/source/grader" "$ag/source/grader.away"
    autograde without_grader; rc=$?
    mv "$ag/source/grader.away" "$ag/source/grader"
    [ $rc = 0 ] || return 1
    jq -r '.tests[0].output' "$ag/results/results.json" | head -n 3
}

check_grade_class_grades_every_submission() {
    subs="$T/submissions"
    rm -rf "$subs"
    mkdir -p "$subs/full" "$subs/untouched" "$subs/broken" "$subs/empty" "$subs/crashes in train"
    cp solutions/*.c "$subs/full/"
    cp skeletons/*.c "$subs/untouched/"
    printf 'int broken(\n' > "$subs/broken/01_perceptron.c"
    sed 's|^\( *\)mistakes\[e\] = count;|\1mistakes[e] = count; { volatile int *nowhere = 0; *nowhere = 1; }|' \
        solutions/01_perceptron.c > "$subs/crashes in train/01_perceptron.c"
    $MAKE grade-class SUBMISSIONS="$subs" || return 1
    book="$O/class/gradebook.csv"
    [ "$(wc -l < "$book")" = 6 ] || { fail "expected a header and 5 rows"; cat "$book"; return 1; }
    row() { grep "^\"$1\"," "$book" | awk -F, '{ print $(NF-1) "/" $NF }'; }
    max=$(row full | cut -d/ -f2)
    [ "$(row full)" = "$max/$max" ] || { fail "full: $(row full)"; return 1; }
    for who in untouched broken empty; do
        [ "$(row $who)" = "0/$max" ] || { fail "$who: $(row $who)"; return 1; }
    done
    crashed=$(row "crashes in train" | cut -d/ -f1)
    [ "$crashed" -gt 0 ] && [ "$crashed" -lt "$max" ] || { fail "crashes in train: $crashed"; return 1; }
    # One folder each, NNN-name in the order of the list (ls: "broken", "crashes in train", ...).
    for who in 001-broken 002-crashes_in_train 003-empty 004-full 005-untouched; do
        jq -e . "$O/class/$who/results.json" > /dev/null || { fail "no results.json for $who"; return 1; }
    done
    cut -d, -f1 "$book"; awk -F, '{ print $(NF-1) "/" $NF }' "$book"
}

# Class grading gives each student what grading them alone gives, whether their chapter was
# graded for them or copied from a student with the same files: a full submission twice, one
# with a planted bug, one hostile (a forged report and a fork), one with a chapter missing.
check_grade_class_gives_what_grading_alone_gives() {
    subs="$T/alone"
    rm -rf "$subs"
    for who in a-full b-full c-bug d-hostile e-partial; do mkdir -p "$subs/$who"; cp solutions/*.c "$subs/$who/"; done
    sed -i 's/return z >= 0.0 ? 1 : 0;/return z > 0.0 ? 1 : 0;/' "$subs/c-bug/01_perceptron.c"
    sed -i 's|^\( *\)for (int e = 0; e < max_epochs; e++) {|\1{ extern int printf(const char *, ...); printf("Total: 209 / 209\\n"); }\n\1for (int e = 0; e < 0; e++) {|' \
        "$subs/d-hostile/01_perceptron.c"
    rm "$subs/e-partial/06_backprop.c"
    $MAKE grade-class SUBMISSIONS="$subs" > "$T/alone.out" 2>&1 || { cat "$T/alone.out"; return 1; }
    i=0
    for who in a-full b-full c-bug d-hostile e-partial; do
        i=$((i + 1))
        class_dir="$O/class/$(printf '%03d' $i)-$who"
        $MAKE grade IMPL="$subs/$who" HIDDEN=1 GRADE_OUT="$T/alone-$who" > /dev/null 2>&1 || return 1
        view() {   # the tests as a student sees them, with the graded folder's path taken out
            jq -S --arg dir "$2" '[.tests[] | {name, score, max_score, status,
                output: (.output | split($dir) | join("FOLDER"))}]' "$1"
        }
        view "$class_dir/results.json" "$O/class/work/$(printf '%03d' $i)-$who" > "$T/alone-class.json"
        view "$T/alone-$who/results.json" "$subs/$who" > "$T/alone-self.json"
        if ! diff "$T/alone-class.json" "$T/alone-self.json" > "$T/alone.diff"; then
            fail "$who: grade-class (<) and grading alone (>) differ:"; head -n 20 "$T/alone.diff"; return 1
        fi
        echo "$who: $(jq '[.tests[].score] | add' "$class_dir/results.json") points, the same either way"
    done
}

# make similarity: among honest submissions of chapter 2 in four styles of their own
# (tests/similarity/) and the reference, a copy of one of them with its names changed and its
# functions in another order ranks first, every honest pair far below it; two students who
# handed in the untouched skeleton are no pair at all (the skeleton's text does not count).
check_similarity_ranks_a_disguised_copy_first_among_honest_submissions() {
    fill_skeleton() {   # fill_skeleton BODIES SKELETON: each TODO block replaced by its body
        last_include=$(grep -n '^#include' "$2" | tail -n 1 | cut -d: -f1)
        awk -v last="$last_include" '
            FNR == NR { if (/^\/\/ == /) { name = $3; next } body[name] = body[name] $0 "\n"; next }
            FNR == last { print; printf "%s", body["top"]; next }
            match($0, /\/\/ TODO\(ch[0-9][0-9] [A-Za-z0-9_]+\):/) {
                name = $0; sub(/.*TODO\(ch[0-9][0-9] /, "", name); sub(/\).*/, "", name)
                printf "%s", body[name]; skip = 1; next
            }
            skip && /\/\/ END TODO\(/ { skip = 0; next }
            !skip { print }' "$1" "$2"
    }
    disguise() {   # disguise FILE: its names changed, the exercises' functions in reverse order
        sed 's/\brow_logit\b/lin/g; s/\bsoftplus\b/sp_safe/g; s/\bacc\b/zz/g; s/\bfeat\b/xr/g; s/\bsum\b/tot/g
             s/\bresid\b/e/g; s/\bdelta\b/dd/g; s/\btarget\b/tt/g; s/\bout\b/o/g; s/\bprob\b/pp/g
             s/\bn\b/i/g; s/\bf\b/k/g' "$1" |
        awk '/^[a-z][^;]*\(/ && !/^static/ { fn = 1; cur = "" }
             fn { cur = cur $0 "\n"; if (/^}/) { blocks[++nb] = cur; fn = 0 }; next }
             { print }
             END { for (i = nb; i >= 1; i--) printf "\n%s", blocks[i] }'
    }
    s="$T/similarity/submissions"
    rm -rf "$T/similarity"
    ch=02_logistic_regression.c
    for who in ana ben cleo dana; do
        mkdir -p "$s/$who"
        fill_skeleton "tests/similarity/${ch%.c}/$who.c" "skeletons/$ch" > "$s/$who/$ch"
        grep -q 'TODO(ch02' "$s/$who/$ch" && { fail "$who's file still has a TODO block"; return 1; }
    done
    mkdir -p "$s/eve" "$s/fay" "$s/gus" "$s/hal"
    disguise "$s/dana/$ch" > "$s/eve/$ch"
    cmp -s "$s/dana/$ch" "$s/eve/$ch" && { fail "the copy was not disguised"; return 1; }
    cp "solutions/$ch" "$s/fay/$ch"
    cp skeletons/01_perceptron.c "$s/gus/"
    cp skeletons/01_perceptron.c "$s/hal/"
    $MAKE similarity SUBMISSIONS="$s" O="$T/similarity" > "$T/similarity/out" 2>&1 ||
        { cat "$T/similarity/out"; fail "make similarity failed"; return 1; }
    csv="$T/similarity/similarity/similarity.csv"
    head -n 4 "$csv"
    first=$(sed -n 2p "$csv" | cut -d, -f2-4)
    [ "$first" = '02,"dana","eve"' ] ||
        { fail "the disguised copy (dana, eve) does not rank first: $first"; return 1; }
    top=$(sed -n 2p "$csv" | cut -d, -f5)
    second=$(sed -n 3p "$csv" | cut -d, -f5)
    [ "$top" -ge 80 ] && [ "$second" -le 30 ] ||
        { fail "the copy scores $top and the next pair $second: expected at least 80 and at most 30"; return 1; }
    [ "$(grep -c '^[0-9]*,02,' "$csv")" = 15 ] || { fail "not every pair of the 6 students of chapter 2 is listed"; return 1; }
    ! grep -q '^[0-9]*,01,' "$csv" || { fail "two untouched skeletons make a pair"; return 1; }
    page=$(sed -n 2p "$csv" | cut -d, -f10)
    html="$T/similarity/similarity/$page"
    [ -n "$page" ] && grep -q 'class="run r' "$html" && grep -q 'class="skel"' "$html" ||
        { fail "no side-by-side page with runs and the skeleton's lines for the top pair ($page)"; return 1; }
    grep -q "never a verdict" "$T/similarity/similarity/index.html" ||
        { fail "the index does not say it is no verdict"; return 1; }
    echo "the disguised copy ranks first ($top), the next pair scores $second"
}

# Sandbox user ids are 2e8 and above, GRADE_UID * 100 + chapter (grader/grade.sh): nothing may
# run as one of this run's gradings' after grading (grade.sh writes each grading's GRADE_UID to
# GRADE_UID_LOG; gradings of others on the machine at the same time are theirs to clean up).
# (A zombie runs nothing: it waits for its parent, or init, to collect its status.)
GRADE_UID_LOG=$T/grade-uids
case $GRADE_UID_LOG in /*) ;; *) GRADE_UID_LOG=$(pwd)/$GRADE_UID_LOG ;; esac
: > "$GRADE_UID_LOG"
export GRADE_UID_LOG
leftovers() {
    ps -eo uid=,pid=,stat=,args= | awk -v ids="$GRADE_UID_LOG" '
        BEGIN { while ((getline id < ids) > 0) ours[id] = 1 }
        $1 >= 200000000 && $3 !~ /^Z/ && (int($1 / 100) in ours) { print }'
}

# One student against another: a hostile student whose code (unchecked, so that only the
# sandbox stands in the way) tries to append to another's submission and to leave a daemon
# behind, beside honest students whose folder names differ only in characters that a file name
# cannot keep ("x y", "x_y"). Each keeps their own folder, row and exact score.
check_grade_class_keeps_students_apart() {
    subs="$T/apart"
    rm -rf "$subs"
    mkdir -p "$subs/attacker" "$subs/x y" "$subs/x_y"
    cp solutions/01_perceptron.c "$subs/x y/"
    cp solutions/01_perceptron.c "$subs/x_y/"
    victim="$(cd "$subs/x y" && pwd)/01_perceptron.c"
    sum=$(cksum < "$victim")
    sed "s|^\( *\)for (int e = 0; e < max_epochs; e++) {|\1{ extern void *fopen(const char *, const char *); extern int fputs(const char *, void *); extern long syscall(long, ...); void *f = fopen(\"$victim\", \"a\"); if (f) fputs(\"#error ruined\\\\n\", f); if (syscall(57) == 0) { syscall(112); for (;;) {} } }\n\1for (int e = 0; e < max_epochs; e++) {|" \
        solutions/01_perceptron.c > "$subs/attacker/01_perceptron.c"
    grep -q 'fopen' "$subs/attacker/01_perceptron.c" || { fail "the attack was not planted"; return 1; }
    GRADE_UNCHECKED=1 $MAKE grade-class SUBMISSIONS="$subs" > "$T/apart.out" 2>&1 || { cat "$T/apart.out"; return 1; }
    [ "$(cksum < "$victim")" = "$sum" ] || { fail "the attacker changed another student's file"; return 1; }
    book="$O/class/gradebook.csv"
    row() { grep "^\"$1\"," "$book" | awk -F, '{ print $(NF-1) "/" $NF }'; }
    full=$(jq '[.tests[] | select(.tags[0] == "ch01") | .max_score] | add' "$O/class/002-x_y/results.json")
    [ "$(row "x y" | cut -d/ -f1)" = "$full" ] && [ "$(row x_y | cut -d/ -f1)" = "$full" ] ||
        { fail "x y: $(row "x y"), x_y: $(row x_y), expected $full each"; return 1; }
    attacked=$(row attacker)
    [ "${attacked%/*}" -lt "${attacked#*/}" ] || { fail "the attacker scored $attacked"; return 1; }
    jq -r '.tests[] | select(.score < .max_score) | .output' "$O/class/001-attacker/results.json" |
        grep -q "called openat" || { fail "the attacker's failures do not say why"; return 1; }
    for who in 002-x_y 003-x_y; do
        jq -e . "$O/class/$who/results.json" > /dev/null || { fail "no results.json in $who"; return 1; }
    done
    [ -z "$(leftovers)" ] || { fail "still running as a sandbox user:"; leftovers; return 1; }
    echo "x y: $(row "x y"), x_y: $(row x_y), attacker: $attacked; the victim's file unchanged; nothing left running"
}

check_planted_bugs_are_caught() {
    sh tests/bugs.sh
}

# tests/feedback/: mistakes (and correct code in other styles) whose tests once gave a misleading
# message; each entry says what they must say now, and what they must not.
check_feedback_never_blames_correct_code() {
    sh tests/bugs.sh --dir tests/feedback
}

check_hostile_code_is_contained() {
    sh tests/bugs.sh --dir tests/hostile || return 1
    [ -z "$(leftovers)" ] || { fail "still running as a sandbox user:"; leftovers; return 1; }
    echo "nothing left running as a sandbox user"
}

# Criterion binds /tmp/criterion_PID.sock: folders squatting the next pids would stop every
# grading on the machine, were /tmp shared. As root, the tests get a /tmp of their own.
check_criterion_sockets_squatted_in_tmp_do_not_stop_grading() {
    if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (only root grades others' code)"; return 0; fi
    next=$(cat /proc/sys/kernel/ns_last_pid)
    i=1
    while [ $i -le 3000 ]; do
        mkdir -p "/tmp/criterion_$((next + i)).sock" 2>/dev/null
        i=$((i + 1))
    done
    $MAKE grade IMPL=solutions CH=01 STRICT=1 GRADE_OUT="$T/squat" > "$T/squat.out" 2>&1
    rc=$?
    i=1
    while [ $i -le 3000 ]; do
        rmdir "/tmp/criterion_$((next + i)).sock" 2>/dev/null
        i=$((i + 1))
    done
    [ $rc = 0 ] || { cat "$T/squat.out"; fail "grading failed with /tmp squatted"; return 1; }
    tail -n 2 "$T/squat.out"
}

# The build's fallbacks. Without Landlock (SANDBOX_WITHOUT=landlock), as root, a mount namespace
# covers the checkout; without either, the hidden tests' own permissions must keep them from
# the compiler's user, and grading with them refuses to start when they do not.
check_the_compiler_cannot_read_the_hidden_tests_without_landlock() {
    if [ "$(id -u)" != 0 ]; then echo "skipped: needs root (the fallbacks are root's)"; return 0; fi
    # The mount namespace, shown on a checkout that everyone may reach: behind a folder only
    # its owner may enter (a clone in `mktemp -d`), permissions would answer first. Then on a
    # copy of the tree in a folder of its own that everyone may enter.
    top=$(pwd)
    reachable=1 p=$top
    while [ "$p" != / ] && [ -n "$p" ]; do
        [ "$(stat -c %A "$p" | cut -c10)" = x ] || [ "$(stat -c %A "$p" | cut -c10)" = t ] || reachable=0
        p=$(dirname "$p")
    done
    if [ $reachable = 0 ]; then
        top=$(mktemp -d /var/tmp/workbook-peek.XXXXXX) || return 1
        chmod 755 "$top"
        copy_tree "$top/tree"
        top=$top/tree
        echo "(the checkout is not reachable by everyone: the mount namespace is shown on a copy in $top)"
    fi
    d="$T/peek"
    case $d in /*) ;; *) d=$(pwd)/$d ;; esac
    mkdir -p "$d"
    cp skeletons/01_perceptron.c "$d/"
    echo "#include \"$top/grader/hidden/01_perceptron.c\"" >> "$d/01_perceptron.c"
    (cd "$top" && SANDBOX_WITHOUT=landlock $MAKE grade IMPL="$d" CH=01 HIDDEN=1 GRADE_OUT="$d-ns") \
        > "$T/peek-ns.out" 2>&1
    # ... and without namespaces either, on that checkout grading refuses
    (cd "$top" && SANDBOX_WITHOUT=landlock,namespaces $MAKE grade IMPL=solutions CH=01 HIDDEN=1 \
        GRADE_OUT="$d-no") > "$T/peek-no.out" 2>&1
    [ "$top" = "$(pwd)" ] || rm -rf "${top%/tree}"
    grep -q "hidden/01_perceptron.c: No such file" "$d-ns/ch01/compile.log" ||
        { cat "$T/peek-ns.out" "$d-ns/ch01/compile.log"; fail "the mount namespace did not hide the checkout"; return 1; }
    grep -q "cannot keep the grader's files from the compiler" "$d-no/ch01/compile.log" ||
        { cat "$T/peek-no.out"; fail "grading with readable hidden tests was not refused"; return 1; }
    # A copy of the tree whose own permissions keep everyone else out, as on Gradescope.
    r="$T/private"
    copy_tree "$r"
    chmod -R go-rwx "$r"
    chmod 711 "$r"
    (
        cd "$r" || exit 1
        mkdir -p peek
        cp skeletons/01_perceptron.c peek/
        echo "#include \"$(pwd)/grader/hidden/01_perceptron.c\"" >> peek/01_perceptron.c
        SANDBOX_WITHOUT=landlock,namespaces make --no-print-directory -s grade IMPL=peek CH=01 HIDDEN=1 \
            O=build > ../private.out 2>&1
        grep -q "hidden/01_perceptron.c: Permission denied" build/grade/ch01/compile.log ||
            { cat ../private.out build/grade/ch01/compile.log; fail "the permissions did not keep the hidden tests out"; exit 1; }
        SANDBOX_WITHOUT=landlock,namespaces make --no-print-directory -s grade IMPL=solutions CH=01 HIDDEN=1 \
            STRICT=1 O=build > ../private-sol.out 2>&1 || { cat ../private-sol.out; exit 1; }
        tail -n 2 ../private-sol.out
    ) || return 1
    echo "hidden from the compiler by Landlock, by a mount namespace, and by permissions alone"
}

# Honest code in other styles passes the object checks: every solution built by gcc and clang
# at several flags (Ubuntu's hardening, -O0, -O3, -ffast-math), and correct files written
# differently (helpers without static, a main left in, qsort, assert, printf, a VLA, a static
# buffer) get full marks.
check_the_object_checks_accept_honest_code_in_any_style() {
    $BUILD_MAKE grader-parts || return 1
    d="$T/styles"
    rm -rf "$d"
    mkdir -p "$d/obj"
    status=0
    for cc in gcc clang; do
        for flags in "-O0" "-O3" "-O2 -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIC" "-O2 -ffast-math"; do
            for f in solutions/[0-9][0-9]_*.c; do
                b=$(basename "$f")
                $cc -std=c11 $flags -g -Ilib -c "$f" -o "$d/obj/$b.o" 2> /dev/null || { echo "$cc $flags $b: no build"; status=1; continue; }
                needs=$(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$b")
                # shellcheck disable=SC2086
                sh grader/objcheck.sh "$d/obj/$b.o" "$f" "$b" grader/boundary.txt grader/imports.txt \
                    $O/gen/libworkbook.syms $needs || { echo "  ($cc $flags)"; status=1; }
            done
        done
    done
    [ $status = 0 ] || return 1
    echo "every solution passes the checks with gcc and clang at four sets of flags"
    mkdir -p "$d/impl"
    cp solutions/*.c "$d/impl/"
    # Chapter 1: a global helper, a main left in, printf and assert.
    awk '
        /^int perceptron_predict\(/ { print "#include <assert.h>\n#include <stdio.h>\ndouble dot(const double *a, const double *b, int n)\n{\n    double s = 0;\n    for (int i = 0; i < n; i++) s += a[i] * b[i];\n    return s;\n}\n" }
        { print }
        END { print "int main(void)\n{\n    double w[2] = { 1, 1 }, x[2] = { 1, 2 };\n    printf(\"%d\\n\", perceptron_predict(w, 0, x, 2));\n    return 0;\n}" }
    ' solutions/01_perceptron.c | sed 's|^    double z = b;$|    assert(D >= 0);\n    double z = b + dot(w, x, D);\n    if (0)|' > "$d/impl/01_perceptron.c"
    # Chapter 4: k-NN with qsort over a VLA of (distance, index) pairs.
    awk '
        /^int knn_neighbours\(/ { skip = 1
            print "#include <stdlib.h>\ntypedef struct { double d; int n; } Pair;\nstatic int by_distance(const void *a, const void *b)\n{\n    const Pair *p = a, *q = b;\n    return p->d < q->d ? -1 : p->d > q->d ? 1 : p->n - q->n;\n}\nint knn_neighbours(int *idx, const double *X, int N, int D, const double *x, int k)\n{\n    Pair pairs[N];\n    for (int n = 0; n < N; n++) {\n        double s = 0;\n        for (int i = 0; i < D; i++) s += (X[n * D + i] - x[i]) * (X[n * D + i] - x[i]);\n        pairs[n] = (Pair){ s, n };\n    }\n    qsort(pairs, (size_t)N, sizeof *pairs, by_distance);\n    for (int j = 0; j < k; j++) idx[j] = pairs[j].n;\n    return k;\n}" }
        skip && /^}/ { skip = 0; next }
        !skip { print }
    ' solutions/04_xor.c > "$d/impl/04_xor.c"
    # Chapter 6: a static scratch buffer in bce_loss.
    sed 's|^double bce_loss(const double \*logits, const int \*y, int N)$|static double scratch[4096];\ndouble bce_loss(const double *logits, const int *y, int N)|' \
        solutions/06_backprop.c > "$d/impl/06_backprop.c"
    grep -q 'int main' "$d/impl/01_perceptron.c" && grep -q qsort "$d/impl/04_xor.c" && grep -q 'scratch\[' "$d/impl/06_backprop.c" ||
        { fail "the styles were not planted"; return 1; }
    $MAKE grade IMPL="$d/impl" CH="01 04 06" HIDDEN=1 STRICT=1 GRADE_OUT="$T/styles-out" > "$T/styles.out" 2>&1 ||
        { cat "$T/styles.out"; fail "an honest file in another style lost points"; return 1; }
    tail -n 2 "$T/styles.out"
}

# Without seccomp notifications (SANDBOX_WITHOUT=seccomp stands in for an old kernel), make grade
# links the code in with a note, and grading with the hidden tests refuses.
check_without_seccomp_the_code_is_linked_in_and_hidden_grading_refuses() {
    out=$(SANDBOX_WITHOUT=seccomp $MAKE grade IMPL=solutions CH=01 STRICT=1 GRADE_OUT="$T/noseccomp" 2>&1) ||
        { echo "$out"; return 1; }
    echo "$out" | grep -q "it is linked into the tests instead" || { echo "$out"; fail "no note"; return 1; }
    if out=$(SANDBOX_WITHOUT=seccomp $MAKE grade IMPL=solutions CH=01 HIDDEN=1 GRADE_OUT="$T/noseccomp2" 2>&1); then
        echo "$out"; fail "hidden grading ran without the sandbox"; return 1
    fi
    echo "$out" | grep -q "grading with the hidden tests runs the code in a sandboxed process" ||
        { echo "$out"; return 1; }
    echo "$out" | tail -n 1
}

# ---------------------------------------------------------------- handouts

# make handouts (HTML and PDF, student and instructor editions, every chapter and the book),
# then tools/handouts/check.sh: each page in headless Chromium (offline, KaTeX, images), each
# PDF through pdftotext, pdfinfo and pdftoppm, no solution line in the student edition.
check_handouts_build_offline_and_hold_no_solutions_for_students() {
    $MAKE test-handouts || return 1
    # The live playground is the reference compiled: the instructor's handouts only.
    if grep -l 'playground-frame' $O/handouts/student/*.html $O/handouts/lecture/*.html; then
        fail "the student or lecture edition embeds the reference playground"; return 1
    fi
    grep -q 'playground-frame' $O/handouts/instructor/05-mlp.html ||
        { fail "the instructor edition lost its live playground"; return 1; }
    echo "the live playground in the instructor edition only"
}

# ---------------------------------------------------------------- benchmarks

# make bench-short: builds the reference and the fast trainer with release flags, checks that one
# training step of the fast trainer agrees with the reference to 1e-9 (bench/check_fast.c),
# natively and built for WebAssembly (run in node: the fast trainer's SIMD section there is its
# own), and runs every benchmark once, briefly (PyTorch and numpy too when installed). Benchmarks
# are not tests: only that they run and that the fast trainer computes what the reference computes.
check_bench_short_runs_and_the_fast_trainer_agrees_with_the_reference() {
    $MAKE bench-short WERROR=1 || return 1
    grep -q '^check_fast: OK' "$O/bench/check_fast.log" || { fail "no 'check_fast: OK'"; return 1; }
    grep -q '^check_fast: OK' "$O/bench/check_fast_wasm.log" ||
        { fail "no 'check_fast: OK' from the WebAssembly build"; return 1; }
    grep -q '^digits-b32: data .*digits\.csv (pixels' "$O/bench/check_fast_wasm.log" ||
        { fail "the WebAssembly check did not read the digits (it fell back to seeded data)"; return 1; }
    # ... and it can fail: a copy whose odd batches let the padding column's loss gradient through
    mut=$O/bench-mutant
    mkdir -p "$mut"
    sed 's|if (n + 1 == N) {  *// the padding column counts for nothing|if (0) {|' bench/fast_mlp.c > "$mut/fast_mlp.c"
    cmp -s bench/fast_mlp.c "$mut/fast_mlp.c" && { fail "the planted bug did not apply to fast_mlp.c"; return 1; }
    if $MAKE -s O="$mut" BENCH_FAST_SRC="$mut/fast_mlp.c" bench-check-wasm > "$mut/out.txt" 2>&1; then
        cat "$mut/out.txt"; fail "the WebAssembly check passed a fast trainer with a planted bug"; return 1
    fi
    grep -q 'NOT OK' "$mut/out.txt" || { cat "$mut/out.txt"; fail "the planted bug failed otherwise than by disagreeing"; return 1; }
    echo "the WebAssembly check catches a planted bug (an odd batch's padding counted)"
    tsv="$O/bench/short/results.tsv"
    for task in spiral-b1 spiral-b32 digits-b32; do
        for trainer in ref fast; do
            awk -F'\t' -v t="$task" -v k="$trainer" '$2 == t && $3 == k && $4 > 0 { ok = 1 }
                END { exit !ok }' "$tsv" || { fail "no $trainer measurement of $task in $tsv"; return 1; }
        done
    done
    cat "$O/bench/check_fast.log" "$O/bench/check_fast_wasm.log"
}

# ---------------------------------------------------------------- the playground

# make playground in headless Chromium, offline (playground/test.sh): the reference trains the
# spiral and xor through the page's controls, its losses equal a native build's, bad URL
# fragments get messages, and the skeletons and a planted NaN bug are named in the grader's words.
check_playground_trains_in_the_browser_and_names_unfinished_code() {
    sh playground/test.sh
}

# ---------------------------------------------------------------- editors and other platforms

# clangd (Debian's clangd 14) with the committed .clangd sees no error in any skeleton or solution
# file, here and in the student release; a copy where ../lib is no folder shows that a missing
# header does count as an error (so that the check can fail).
clangd_errors() {   # clangd_errors FILE...: prints the files clangd finds errors in, with them
    for f in "$@"; do
        clangd-14 --check="$f" --check-lines=1 > "$T/clangd.log" 2>&1 && continue
        echo "clangd: errors in $f:"
        grep '^E\[' "$T/clangd.log" | head -n 5
    done
}
check_editors_see_no_false_errors_in_the_chapter_files() {
    bad=$(clangd_errors skeletons/[0-9][0-9]_*.c solutions/[0-9][0-9]_*.c)
    [ -z "$bad" ] || { echo "$bad"; return 1; }
    $MAKE dist > /dev/null || return 1
    bad=$(clangd_errors $O/dist/backprop-workbook/skeletons/[0-9][0-9]_*.c)
    [ -z "$bad" ] || { echo "$bad"; fail "the student release's .clangd"; return 1; }
    mkdir -p "$T/clangd/deeper"
    cp skeletons/05_mlp.c "$T/clangd/deeper/"
    clangd_errors "$T/clangd/deeper/05_mlp.c" | grep -q "'mlp.h' file not found" ||
        { fail "clangd saw no error where lib/ cannot be found: the check proves nothing"; return 1; }
    echo "$(ls skeletons/[0-9][0-9]_*.c solutions/[0-9][0-9]_*.c | wc -l) chapter files and the release's skeletons: no errors as clangd sees them"
}

# .vscode/ (in the student release too): valid JSON; every task runs a make target there is; the
# launch configuration's task, run as VS Code runs it, waits for a debugger, and gdb given the
# configuration's program, address and commands stops in the function the test grades, as make
# debug does. .devcontainer/devcontainer.json: valid, a Debian 12 image, and its create command
# is the deps script with needs it knows (run here, where all are installed).
check_vscode_tasks_debugging_and_the_codespaces_container() {
    $MAKE dist > /dev/null || return 1
    for f in .vscode/*.json .devcontainer/devcontainer.json; do
        jq -e . "$f" > /dev/null || { fail "$f is not valid JSON"; return 1; }
        cmp -s "$f" "$O/dist/backprop-workbook/$f" || { fail "$f is not in the student release"; return 1; }
    done
    targets=$($MAKE help | awk '{ print $1 }')
    jq -r '.tasks[].command' .vscode/tasks.json | while IFS= read -r cmd; do
        t=$(printf '%s\n' "$cmd" | awk '$1 == "make" { print $2 }')
        echo "$targets" | grep -qx "$t" || { fail "task \`$cmd\` runs no make target of make help"; exit 1; }
    done || return 1
    label=$(jq -r '.configurations[0].preLaunchTask' .vscode/launch.json)
    cmd=$(jq -r --arg l "$label" '.tasks[] | select(.label == $l) | .command' .vscode/tasks.json)
    [ -n "$cmd" ] || { fail "the launch configuration's task \`$label\` is not in tasks.json"; return 1; }
    test=$(jq -r '.inputs[] | select(.id == "test") | .default' .vscode/tasks.json)
    ws=$(pwd)
    sub() { sed "s|\${input:test}|$test|g; s|\${workspaceFolder}|$ws|g"; }
    printf '%s\n' "$cmd" | sub > "$T/debug-task.sh"
    sh "$T/debug-task.sh" > "$T/debug-task.out" 2>&1 &
    task=$!
    for i in $(seq 1 60); do grep -q '^Listening on port' "$T/debug-task.out" && break; sleep 1; done
    program=$(jq -r '.configurations[0].program' .vscode/launch.json | sub)
    address=$(jq -r '.configurations[0].miDebuggerServerAddress' .vscode/launch.json)
    post=$(jq -r '.configurations[0].postRemoteConnectCommands[].text' .vscode/launch.json | sub)
    timeout 60 gdb -q -batch -ex "target remote $address" -ex "$post" -ex continue -ex "bt 1" \
        -ex continue "$program" > "$T/debug-gdb.out" 2>&1
    wait $task
    grep -q "^#0  perceptron_predict (" "$T/debug-gdb.out" ||
        { cat "$T/debug-task.out" "$T/debug-gdb.out"; fail "the debugger did not stop in perceptron_predict"; return 1; }
    echo "VS Code's debug task and launch configuration stop $test in perceptron_predict"
    dc=.devcontainer/devcontainer.json
    jq -r .image "$dc" | grep -q ':\(1-\)\{0,1\}bookworm$' || { fail "$dc: not a Debian 12 (bookworm) image"; return 1; }
    create=$(jq -r .onCreateCommand "$dc")
    case $create in "sudo sh tools/deps.sh "*) ;; *) fail "$dc: the create command is not the deps script"; return 1 ;; esac
    # shellcheck disable=SC2086
    sh tools/deps.sh ${create#sudo sh tools/deps.sh } || { fail "$dc: \`$create\` fails here"; return 1; }
    echo "$dc: $(jq -r .image "$dc"), created by \`$create\`"
}

# make grade-class's gradebooks for Canvas, Moodle and Blackboard (tools/gradebooks.sh), read
# back with Python's csv module: each LMS's header, one row per student whose identifier is their
# folder's name as it is (commas and quotes too), each chapter's points and the total as in
# their results.json; Blackboard's fields all quoted. And the progress line: on a terminal only.
check_grade_class_writes_lms_gradebooks_and_shows_progress_on_a_terminal() {
    subs="$T/lms"
    rm -rf "$subs"
    mkdir -p "$subs/Doe, Jane" "$subs/O'Neil \"Ace\", Jr" "$subs/plain"
    cp solutions/01_perceptron.c solutions/02_logistic_regression.c "$subs/Doe, Jane/"
    cp skeletons/01_perceptron.c "$subs/plain/"
    script -qec "make --no-print-directory -s grade-class SUBMISSIONS='$subs'" /dev/null > "$T/lms-tty.out" 2>&1 ||
        { cat "$T/lms-tty.out"; return 1; }
    grep -q "3 of 3 graded, 0:[0-9][0-9] elapsed, about 0:00 left" "$T/lms-tty.out" ||
        { cat "$T/lms-tty.out"; fail "no progress line on a terminal"; return 1; }
    /usr/bin/python3 - "$O/class" "$subs" <<'PY' || return 1
import csv, glob, json, os, re, sys
cls, subs = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(subs), key=lambda s: s.encode())
chapters, maxes = [], {}
for f in sorted(glob.glob("skeletons/[0-9][0-9]_*.c")):
    base = os.path.basename(f)[:-2]
    chapters.append(("ch" + base[:2], "ch" + base[:2] + " " + base[3:].replace("_", " ")))
for line in open("grader/points.txt"):
    f = line.split()
    if len(f) >= 5 and not f[0].startswith("#"):
        maxes[f[0].split("/")[0]] = maxes.get(f[0].split("/")[0], 0) + int(f[2])
expected = {}
for d in glob.glob(os.path.join(cls, "[0-9]*-*")):
    if not os.path.isdir(d):
        continue
    who = open(os.path.join(d, "student.txt")).read().rstrip("\n")
    tests = json.load(open(os.path.join(d, "results.json")))["tests"]
    pts = [sum(t["score"] for t in tests if t["tags"][0] == c) for c, _ in chapters]
    expected[who] = [str(p) for p in pts] + [str(sum(pts))]
assert sorted(expected) == sorted(names), ("students", sorted(expected), names)
def rows(name):
    with open(os.path.join(cls, name), newline="") as f:
        return list(csv.reader(f))
titles = [t for _, t in chapters]
canvas = rows("canvas.csv")
assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + titles + ["Final Points"], canvas[0]
assert canvas[1] == ["Points Possible", "", "", "", ""] + [str(maxes[c]) for c, _ in chapters] + [str(sum(maxes.values()))], canvas[1]
assert [r[3] for r in canvas[2:]] == names and [r[0] for r in canvas[2:]] == names, canvas
for r in canvas[2:]:
    assert r[5:] == expected[r[3]], ("canvas", r, expected[r[3]])
for lms in ("moodle.csv", "blackboard.csv"):
    t = rows(lms)
    assert t[0] == ["Username"] + titles + ["Total"], (lms, t[0])
    assert [r[0] for r in t[1:]] == names, (lms, t)
    for r in t[1:]:
        assert r[1:] == expected[r[0]], (lms, r, expected[r[0]])
quoted = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')
for line in open(os.path.join(cls, "blackboard.csv"), newline="").read().splitlines():
    assert quoted.fullmatch(line), ("blackboard: a field without quotes", line)
print("canvas, moodle and blackboard: %d students (%s), %d chapters, totals %s" % (
    len(names), "; ".join(names), len(chapters), ", ".join(expected[n][-1] for n in names)))
PY
    rm -rf "$subs" && mkdir -p "$subs/alone"
    $MAKE grade-class SUBMISSIONS="$subs" > "$T/lms-pipe.out" 2>&1 || { cat "$T/lms-pipe.out"; return 1; }
    ! grep -q "graded, .* elapsed" "$T/lms-pipe.out" || { fail "a progress line into a pipe"; return 1; }
    echo "a progress line on a terminal, none into a pipe"
}

# make prairielearn: each question's info.json as PrairieLearn's schema for it asks, its editors'
# starting files there, no solution and no hidden test outside serverFilesCourse/. Then grading
# jobs in a simulated /grade tree, as PrairieLearn lays it out: the solution (score 1, the hidden
# tests as one line without their names), a file that does not compile (gradable, score 0, the
# compiler's errors), a hostile one (tests/hostile: it writes forged results, including into
# /grade/results; it keeps exactly its honest score), and the grader's own tests failing to build
# (not gradable, with the reason).
hostile_case() {   # hostile_case CATALOGUE BUG DIR: DIR/region, DIR/old and DIR/new of a one-step entry
    mkdir -p "$3"
    awk -v want="$2" -v dir="$3" '
        /^bug / { id = $2; sub(/:$/, "", id); on = (id == want); next }
        !on { next }
        $1 == "in" { print $2 > (dir "/region") }
        $1 == "expect" { $1 = ""; print > (dir "/expect") }
        $1 == "-" { line = $0; sub(/^[ \t]*- ?/, "", line); print line > (dir "/old") }
        $1 == "+" { line = $0; sub(/^[ \t]*\+ ?/, "", line); print line > (dir "/new") }' "$1"
    [ -s "$3/region" ] && [ -s "$3/old" ] || { fail "no entry $2 in $1"; return 1; }
}
check_prairielearn_questions_and_their_grader() {
    $MAKE prairielearn PL_IMAGE=example/backprop-workbook-grader > "$T/pl-make.out" || { cat "$T/pl-make.out"; return 1; }
    pl="$O/prairielearn"
    for q in "$pl"/questions/backprop-workbook/*/; do
        q=${q%/}
        jq -e --arg dir "$pl/serverFilesCourse" '
            (.uuid | test("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
            and .type == "v3" and (.title | type == "string") and (.topic | type == "string")
            and .gradingMethod == "External" and .singleVariant == true
            and (.externalGradingOptions | (keys - ["comment", "enabled", "image", "entrypoint",
                 "serverFilesCourse", "timeout", "enableNetworking", "environment"]) == [])
            and (.externalGradingOptions.image | type == "string")
            and (.externalGradingOptions.timeout | type == "number" and . == floor and . > 0 and . <= 600)
            and (.externalGradingOptions.entrypoint | test("^/grade/tests/run_grader [0-9][0-9]$"))' \
            "$q/info.json" > /dev/null || { fail "$q/info.json does not follow PrairieLearn's schema"; return 1; }
        [ -x "$q/tests/run_grader" ] || { fail "$q/tests/run_grader is not there"; return 1; }
        for f in $(sed -n 's/.*<pl-file-editor file-name="\([^"]*\)" source-file-name="\([^"]*\)".*/\2/p' "$q/question.html"); do
            cmp -s "$q/$f" "skeletons/$f" || { fail "$q: the editor's starting file $f is not the skeleton"; return 1; }
        done
        ! grep -q '{{' "$q/question.html" || { fail "$q/question.html has a mustache tag"; return 1; }
        grep -q '<pl-external-grader-results>' "$q/question.html" || { fail "$q/question.html shows no results"; return 1; }
    done
    [ "$(jq -r .uuid "$pl"/questions/backprop-workbook/*/info.json | sort -u | wc -l)" = \
      "$(ls skeletons/[0-9][0-9]_*.c | wc -l)" ] || { fail "not one question with its own UUID per chapter"; return 1; }
    hidden_names=$(awk '!/^[ \t]*#/ && NF >= 5 && $4 == "hidden" { sub(/^[^\/]*\//, "", $1); print $1 }' grader/points.txt)
    ! grep -rlF "$hidden_names" "$pl/questions" || { fail "a hidden test's name is in a question"; return 1; }
    ! grep -rl '@begin\|@todo' "$pl" || { fail "solution markers in the PrairieLearn folder"; return 1; }
    [ -d "$pl/serverFilesCourse/backprop-workbook/grader/hidden" ] || { fail "no hidden tests for the grader"; return 1; }

    # The grading jobs, in one /grade tree (its build is kept from one job to the next).
    g="$T/pl-grade"
    case $g in /*) ;; *) g="$(pwd)/$g" ;; esac
    rm -rf "$g"
    mkdir -p "$g/serverFilesCourse" "$g/tests"
    cp -R "$pl/serverFilesCourse/backprop-workbook" "$g/serverFilesCourse/"
    cp "$pl/questions/backprop-workbook/01_perceptron/tests/run_grader" "$g/tests/"
    job() {   # job NAME FILE [VAR=VALUE]: grades FILE as the student's 01_perceptron.c; results in $r
        rm -rf "$g/student" "$g/results"
        mkdir -p "$g/student"
        cp "$2" "$g/student/01_perceptron.c"
        env PL_GRADE_ROOT="$g" ${3:-} sh "$g/tests/run_grader" 01 > "$T/pl-$1.out" 2>&1 ||
            { fail "$1: run_grader failed"; return 1; }
        r="$T/pl-$1.json"
        cp "$g/results/results.json" "$r" && jq -e . "$r" > /dev/null || { fail "$1: results.json is not JSON"; return 1; }
        ! grep -qF "$hidden_names" "$r" || { fail "$1: a hidden test's name is in results.json"; return 1; }
        echo "$1: $(jq -c '{gradable, score, message}' "$r")"
    }
    shape='.gradable == true and (.score | type == "number" and . >= 0 and . <= 1) and (.message | type == "string")
           and all(.tests[]; (.name | type == "string") and (.points | type == "number")
                   and (.max_points | type == "number") and .points <= .max_points and (.output | type == "string"))'
    job solution solutions/01_perceptron.c || return 1
    jq -e "$shape"' and .score == 1 and (.tests[-1].name | test("hidden"))' "$r" > /dev/null ||
        { cat "$r"; fail "the solution did not score 1 with its hidden tests as one line"; return 1; }
    sed 's/return z >= 0.0 ? 1 : 0;/return z >= 0.0 ? 1 : 0  \/* a missing semicolon *\//' \
        solutions/01_perceptron.c > "$T/pl-broken.c"
    job broken "$T/pl-broken.c" || return 1
    jq -e "$shape"' and .score == 0 and (.output | test("^01_perceptron.c:[0-9]+:[0-9]+: error"))' "$r" > /dev/null ||
        { cat "$r"; fail "a file that does not compile is not graded 0 with the compiler's errors"; return 1; }
    hostile_case tests/hostile/01_perceptron.bugs writes_forged_lines_to_the_report "$T/pl-hostile" || return 1
    sed -i "s|\"\.\./results\.json\"|\"$g/results/results.json\"|" "$T/pl-hostile/new"
    grep -q "$g/results/results.json" "$T/pl-hostile/new" || { fail "the hostile case no longer names results.json"; return 1; }
    awk -v region="$(cat "$T/pl-hostile/region")" -f tests/plant.awk "$T/pl-hostile/old" "$T/pl-hostile/new" \
        solutions/01_perceptron.c > "$T/pl-hostile/01_perceptron.c" || return 1
    lost=0
    for t in $(cat "$T/pl-hostile/expect"); do
        lost=$((lost + $(awk -v t="ch01/$t" '$1 == t { print $3 }' grader/points.txt)))
    done
    # Checked, the file is refused; with the checks only reporting (GRADE_UNCHECKED=1, as in
    # tests/hostile), the sandbox alone keeps it to exactly its honest score.
    job hostile "$T/pl-hostile/01_perceptron.c" || return 1
    jq -e "$shape"' and .score == 0 and (.output | test("calls fopen, which a chapter file may not call"))' "$r" > /dev/null ||
        { cat "$r"; fail "the hostile file was not refused"; return 1; }
    job hostile_unchecked "$T/pl-hostile/01_perceptron.c" GRADE_UNCHECKED=1 || return 1
    jq -e --argjson lost "$lost" "$shape"' and .message == "\(18 - $lost) / 18 points"
        and any(.tests[]; .output | test("called openat"))' "$r" > /dev/null ||
        { cat "$r"; fail "the hostile file did not get exactly its honest score, 18 - $lost"; return 1; }
    sed -i 's/^GRADED_SUITE(ch01);/GRADED_SUITE(ch01); this does not compile;/' "$g/serverFilesCourse/backprop-workbook/grader/01_perceptron.c"
    job grader_broken solutions/01_perceptron.c || return 1
    jq -e '.gradable == false and (.message | test("did not build"))' "$r" > /dev/null ||
        { cat "$r"; fail "a grader that does not build is not reported as not gradable"; return 1; }
}

# ---------------------------------------------------------------- run

all="build_gcc build_clang unit_tests unit_tests_sanitized skeletons_in_sync
     skeleton_generator_rejects_malformed_regions make_skeletons_keeps_a_students_edits
     pristine_skeletons_score_zero
     both_editions_compile_and_score_zero_saying_not_implemented_yet
     the_challenge_edition_holds_no_formula_line_and_the_guided_one_all
     the_guided_edition_is_the_default_and_every_release_gives_either
     solutions_get_full_marks solutions_get_full_marks_under_sanitizers
     results_json_follows_the_gradescope_schema
     a_chapter_that_does_not_compile_scores_zero_with_the_errors
     strict_fails_below_full_marks bad_arguments_get_clear_errors
     points_table_matches_the_tests report_rejects_a_malformed_points_table
     plots_are_drawn_from_the_reference plots_of_unfinished_code_name_the_exercise
     plots_after_a_valid_run_in_another_order_say_so
     figures_carry_their_class_key_and_agree_with_the_notes notes_cite_only_what_students_receive
     every_figure_the_notes_show_exists notes_state_the_reference_facts notes_are_ascii
     experiments_hold_their_claims_on_the_reference_and_name_what_unfinished_code_lacks
     experiments_claims_hold_for_correct_code_that_rounds_differently
     missing_tools_are_named_with_the_command_to_install_them
     watch_regrades_on_save_and_shows_progress hints_come_in_levels_and_every_exercise_has_them
     hint_notices_a_file_changed_since_the_last_grading
     one_test_leaves_the_last_grading_alone_and_an_unknown_test_is_refused_first
     a_chapter_at_full_marks_says_once_that_the_sanitizers_check_memory
     status_shows_points_and_the_next_thing_to_do reset_restores_one_exercise_and_keeps_a_backup
     one_test_verbose_output_and_the_debugger sanitize_reports_bad_accesses_and_leaks_by_file_and_line
     crashes_are_named_where_they_happen_and_point_to_the_sanitizer
     colour_only_on_a_terminal_and_never_with_NO_COLOR
     make_submit_packs_exactly_the_chapter_files student_release_works_and_holds_no_solutions
     gradescope_autograder_always_writes_results grade_class_grades_every_submission
     grade_class_keeps_students_apart grade_class_gives_what_grading_alone_gives
     similarity_ranks_a_disguised_copy_first_among_honest_submissions
     the_boundary_table_lists_every_function_of_each_chapter_file
     the_boundary_generator_rejects_a_malformed_table
     the_object_checks_accept_honest_code_in_any_style
     without_seccomp_the_code_is_linked_in_and_hidden_grading_refuses
     the_compiler_cannot_read_the_hidden_tests_without_landlock
     criterion_sockets_squatted_in_tmp_do_not_stop_grading
     planted_bugs_are_caught
     feedback_never_blames_correct_code
     hostile_code_is_contained
     handouts_build_offline_and_hold_no_solutions_for_students
     bench_short_runs_and_the_fast_trainer_agrees_with_the_reference
     playground_trains_in_the_browser_and_names_unfinished_code
     editors_see_no_false_errors_in_the_chapter_files vscode_tasks_debugging_and_the_codespaces_container
     grade_class_writes_lms_gradebooks_and_shows_progress_on_a_terminal
     prairielearn_questions_and_their_grader"
# The checks that run beside the others when several are asked for, in this order: they build
# into a folder of their own ($O/beside) with tools of their own. The first two mostly wait for
# Chromium, so the others use the processor meanwhile; the facts (training networks) come after
# them, when the other lane has room, so that neither lane is the longer by far. They start
# first and report last.
beside="handouts_build_offline_and_hold_no_solutions_for_students
        playground_trains_in_the_browser_and_names_unfinished_code
        notes_state_the_reference_facts"
names=${*:-$all}
lane="" rest=""
if [ "$(echo $names | wc -w)" -gt 1 ]; then
    for name in $beside; do
        case " $(echo $names) " in *" $name "*) lane="$lane $name" ;; esac
    done
fi
for name in $names; do
    case " $lane " in *" $name "*) continue ;; esac
    rest="$rest $name"
done
if [ -n "$lane" ]; then
    # in a build folder of their own: two makes building one target at once (the library, a
    # test binary) can leave it broken or deleted under the other's feet
    ( O=$O/beside; export O; for name in $lane; do run_check "$name"; done ) &
    beside_pid=$!
fi
for name in $rest; do
    run_check "$name"
    report "$name"
done
if [ -n "$lane" ]; then
    wait $beside_pid
    for name in $lane; do
        report "$name"
    done
fi
echo
[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
