#!/bin/sh
# grade.sh -- grades chapter files: compiles each with its tests, runs them boxed in, reports.
#
# Called by `make grade`, which builds the libraries and test objects first and passes:
#   IMPL     folder holding the chapter files to grade (skeletons, solutions, a submission)
#   CH       chapters to grade, e.g. "01" or "01 03" (empty: every chapter)
#   HIDDEN   1 to compile in the hidden tests (instructor and Gradescope grading)
#   BUILD    the build folder; results go to $BUILD/grade
#   CC, STUDENT_CFLAGS, LINK_LIBS, SANITIZE, STRICT, GRADE_LIMIT (seconds for a whole chapter),
#   MAKE_SUITE (the make command that builds a chapter's test objects),
#   GRADE_OUT (where results go; default $BUILD/grade), GRADE_JOBS (tests run at once; 2),
#   TEST     run only the tests whose names match (a Criterion pattern without the suite:
#            TEST=predict_uses_every_feature, TEST='train_*')
#   VERBOSE  1 to show what the code under test printed, test by test
#   NO_COLOR set (to anything) for no colours; colours are used only on a terminal
#
# Per chapter NN it leaves $BUILD/grade/chNN/ as grader/report.c expects it, then runs the
# report over every chapter graded. A chapter that does not compile scores 0 and the others
# are graded anyway; the report is always written. Exit status: the report's (0 unless STRICT).
set -u

: "${IMPL:=skeletons}" "${CH:=}" "${HIDDEN:=0}" "${BUILD:=build}" "${CC:=cc}"
: "${STUDENT_CFLAGS:=-std=c11 -O2 -g -Wall -Wextra -Ilib}" "${LINK_LIBS:=}"
: "${SANITIZE:=0}" "${STRICT:=0}" "${GRADE_LIMIT:=240}" "${GRADE_OUT:=$BUILD/grade}" "${GRADE_JOBS:=2}"
: "${TEST:=}" "${VERBOSE:=0}"
# One test at a time when printing what the code printed, so that it stays in order.
[ "$VERBOSE" = 1 ] && GRADE_JOBS=1

out="$GRADE_OUT"
mkdir -p "$out"
rm -f "$out/results.json" "$out/junit.xml"
start=$(date +%s)

if [ ! -d "$IMPL" ]; then
    echo "grade: IMPL=$IMPL is not a folder. Use IMPL=skeletons (yours), IMPL=solutions, or the" \
         "folder of a submission." >&2
    exit 2
fi

# The chapters are the files of skeletons/: NN_topic.c.
chapters=""
for skel in skeletons/[0-9][0-9]_*.c; do
    [ -f "$skel" ] || continue
    base=${skel##*/}
    nn=${base%%_*}
    if [ -n "$CH" ]; then
        want=0
        for c in $CH; do
            c=$(printf '%02d' "$(printf '%s' "$c" | sed 's/^0*//; s/^$/0/')" 2>/dev/null) || c=x
            [ "$c" = "$nn" ] && want=1
        done
        [ "$want" = 1 ] || continue
    fi
    chapters="$chapters $base"
done
if [ -z "$chapters" ]; then
    echo "grade: no chapter matches CH=$CH (chapters: $(ls skeletons | sed -n 's/^\([0-9][0-9]\)_.*/\1/p' | tr '\n' ' '))" >&2
    exit 2
fi

# As root the tests run as a user id of this run's own (runner.c), which nothing else uses,
# not even another grading run at the same time: whatever still runs as it after a chapter (a
# detached grandchild, what is left of a fork bomb) is killed.
GRADE_UID=${GRADE_UID:-$((2000000 + $$))}
export GRADE_UID
kill_sandbox_user() {
    [ "$(id -u)" = 0 ] || return 0
    for round in 1 2 3; do
        # One awk over every process's status file: the pids whose real uid is the sandbox's.
        left=$(awk -v uid="$GRADE_UID" '/^Uid:/ && $2 == uid { f = FILENAME; sub(/^\/proc\//, "", f);
                                          sub(/\/status$/, "", f); print f; nextfile }' \
                   /proc/[0-9]*/status 2>/dev/null)
        [ -n "$left" ] || return 0
        # shellcheck disable=SC2086
        kill -KILL $left 2>/dev/null
        sleep 0.2
    done
}

# 1. Build: compile a chapter file and link it with its tests, leaving compile.status (ok,
#    failed, missing, or grader when the tests themselves do not build). Run for every chapter
#    at once, in the background: the compilers share the cores while nothing else runs yet.
build_chapter() {
    base=$1 dir=$2
    src="$IMPL/$base"
    if [ ! -f "$src" ]; then
        echo missing > "$dir/compile.status"
        return
    fi
    # A chapter that builds on earlier ones names their files in its test file, on lines
    # `// @needs NN_topic.c`; those are compiled from the same folder and linked in too.
    needs=$(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base" 2>/dev/null)
    extra=""
    for need in $needs; do
        if [ ! -f "$IMPL/$need" ]; then
            echo missing > "$dir/compile.status"
            printf '%s\n' "$IMPL/$need (this chapter builds on it)" > "$dir/source"
            return
        fi
        if ! $CC $STUDENT_CFLAGS -c "$IMPL/$need" -o "$dir/need_${need%.c}.o" >> "$dir/compile.log" 2>&1; then
            echo failed > "$dir/compile.status"
            printf '%s\n' "$IMPL/$need (this chapter builds on it)" > "$dir/source"
            return
        fi
        extra="$extra $dir/need_${need%.c}.o"
    done
    objs="$BUILD/grader/${base%.c}.o"
    if [ "$HIDDEN" = 1 ] && [ -f "grader/hidden/$base" ]; then
        objs="$objs $BUILD/grader/hidden/${base%.c}.o"
    fi
    # The chapter's tests: built here, so that a chapter whose tests do not build (a bug in the
    # workbook, not in the student's code) leaves the other chapters gradeable.
    # shellcheck disable=SC2086
    if ! ${MAKE_SUITE:-true} $objs > "$dir/suite.log" 2>&1; then
        echo grader > "$dir/compile.status"
        cp "$dir/suite.log" "$dir/compile.log"
        return
    fi
    # shellcheck disable=SC2086 # the flags are lists
    if $CC $STUDENT_CFLAGS -c "$src" -o "$dir/student.o" > "$dir/compile.log" 2>&1 &&
       $CC $STUDENT_CFLAGS -o "$dir/tests" "$dir/student.o" $objs $extra $LINK_LIBS >> "$dir/compile.log" 2>&1
    then
        echo ok > "$dir/compile.status"
    else
        echo failed > "$dir/compile.status"
    fi
}

dirs=""
for base in $chapters; do
    nn=${base%%_*}
    dir="$out/ch$nn"
    rm -rf "$dir"
    mkdir -p "$dir"
    dirs="$dirs $dir"
    printf '%s\n' "$IMPL/$base" > "$dir/source"
    printf '%s\n' "$HIDDEN" > "$dir/hidden"
    build_chapter "$base" "$dir" &
done
wait

for base in $chapters; do
    nn=${base%%_*}
    dir="$out/ch$nn"
    src="$IMPL/$base"
    [ "$(cat "$dir/compile.status" 2>/dev/null)" = ok ] || continue
    if grep -q 'warning:' "$dir/compile.log"; then
        echo "$src compiles with warnings (the first below; all in $dir/compile.log):"
        grep -A3 -m2 'warning:' "$dir/compile.log" | sed 's/^/    /'
    fi

    # 2. Run the tests: each in its own sandboxed process (runner.c), the whole run under a
    #    time limit. timeout puts the run in a process group of its own; whatever is left of
    #    that group afterwards (a stray child of the code under test) is killed.
    supp="$(pwd)/grader/lsan.supp"
    # The data files (chapter 7's digits), for tests that run in another folder.
    data=${WORKBOOK_DATA:-$(pwd)/data}
    # As root the tests run as the sandbox user, who may not be able to reach this folder (a
    # clone inside a private 0700 directory, say): then they run in a fresh folder it can read,
    # holding the test binary and copies of the data and the sanitizers' suppressions, and their
    # results come back here.
    # (The folder is box/ inside the fresh one, so that even its parent is not the user's to write.)
    rundir="$dir"
    if [ "$(id -u)" = 0 ] && runtmp=$(mktemp -d "${TMPDIR:-/tmp}/workbook-run.XXXXXX"); then
        rundir="$runtmp/box"
        mkdir -p "$rundir"
        cp "$dir/tests" "$rundir/"
        [ -d "$data" ] && cp -R "$data" "$runtmp/data" && data="$runtmp/data"
        cp "$supp" "$runtmp/lsan.supp" && supp="$runtmp/lsan.supp"
        chmod -R a+rX "$runtmp"
    fi
    (
        cd "$rundir" || exit 2
        filter="ch$nn/*"
        [ -n "$TEST" ] && filter="ch$nn/$TEST"
        GRADE_SOURCE="$src" GRADE_SANITIZE="$SANITIZE" GRADE_LOG="$dir/run.log" LSAN_OPTIONS="suppressions=$supp" \
            GRADE_VERBOSE="$VERBOSE" WORKBOOK_DATA="$data" \
            timeout -k 5 "$GRADE_LIMIT" ./tests --output=raw:raw.tsv -j"$GRADE_JOBS" --color=never \
            --filter "$filter" > run.log 2>&1 &
        pid=$!
        wait "$pid"
        rc=$?
        kill -KILL -- "-$pid" 2>/dev/null
        echo "$rc" > run.status
    )
    if [ "$rundir" != "$dir" ]; then
        for f in raw.tsv run.log run.status; do
            [ -f "$rundir/$f" ] && mv "$rundir/$f" "$dir/$f"
        done
        rm -rf "$runtmp"
    fi
    kill_sandbox_user

    # SANITIZE=1: each sanitizer report, by kind, at the first line of the student's file.
    if [ "$SANITIZE" = 1 ] && grep -q 'Sanitizer\|runtime error:' "$dir/run.log"; then
        echo "Sanitizer reports while testing $src (all of them in $dir/run.log):"
        awk -v src="$src" '
            /ERROR: (Address|Leak)Sanitizer:/ { kind = $0; sub(/.*Sanitizer: /, "", kind); sub(/ on address.*/, "", kind); want = 1; next }
            want && index($0, src ":") { n = split($0, f, " "); printf "  %s in %s at %s\n", kind, f[n - 1], f[n]; want = 0 }
            index($0, src ":") && /runtime error:/ { sub(/^.*\//, ""); print "  undefined behaviour: " $0 }
        ' "$dir/run.log" | sort | uniq -c | sort -rn | head -n 8 | sed 's/^ *\([0-9]*\) /  (x\1)/'
    fi
done

end=$(date +%s)
flags=""
[ "$STRICT" = 1 ] && flags="$flags --strict"
[ -n "$TEST" ] && flags="$flags --partial"
[ "$SANITIZE" = 1 ] && flags="$flags --sanitized"
[ -t 1 ] && [ -z "${NO_COLOR+set}" ] && flags="$flags --color"
# shellcheck disable=SC2086
"$BUILD/bin/report" --table grader/points.txt --out "$out" --seconds "$((end - start))" $flags $dirs
status=$?

# VERBOSE=1: what the code under test printed, under the name of the test it printed in.
if [ "$VERBOSE" = 1 ]; then
    for dir in $dirs; do
        [ -f "$dir/run.log" ] || continue
        echo
        echo "What the code printed while $(cat "$dir/source") was tested:"
        grep -v '^\[----\]\|^\[====\]\|^\[FAIL\]\|^\[PASS\]\|^\[SKIP\]' "$dir/run.log" |
            sed 's/^=== \(.*\)$/  -- during \1:/; t; s/^/     /'
    done
fi
if [ -n "$TEST" ] && [ -z "$(for d in $dirs; do cat "$d/raw.tsv" 2>/dev/null; done)" ]; then
    echo "grade: no test matches TEST=$TEST in the chapters graded (CH=$CH); the names are in" \
         "grader/points.txt" >&2
    exit 2
fi
exit $status
