#!/bin/sh
# grade.sh -- grades chapter files: compiles each with its tests, runs them boxed in, reports.
#
# Called by `make grade`, which builds the libraries and test objects first and passes:
#   IMPL     folder holding the chapter files to grade (skeletons, solutions, a submission)
#   CH       chapters to grade, e.g. "01" or "01 03" (empty: every chapter)
#   HIDDEN   1 to compile in the hidden tests (instructor and Gradescope grading)
#   BUILD    the build folder; results go to $BUILD/grade
#   CC, STUDENT_CFLAGS, LINK_LIBS, SANITIZE, STRICT, GRADE_LIMIT (seconds for a whole chapter),
#   GRADE_OUT (where results go; default $BUILD/grade), GRADE_JOBS (tests run at once; 2)
#
# Per chapter NN it leaves $BUILD/grade/chNN/ as grader/report.c expects it, then runs the
# report over every chapter graded. A chapter that does not compile scores 0 and the others
# are graded anyway; the report is always written. Exit status: the report's (0 unless STRICT).
set -u

: "${IMPL:=skeletons}" "${CH:=}" "${HIDDEN:=0}" "${BUILD:=build}" "${CC:=cc}"
: "${STUDENT_CFLAGS:=-std=c11 -O2 -g -Wall -Wextra -Ilib}" "${LINK_LIBS:=}"
: "${SANITIZE:=0}" "${STRICT:=0}" "${GRADE_LIMIT:=240}" "${GRADE_OUT:=$BUILD/grade}" "${GRADE_JOBS:=2}"

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
        left=""
        for status in /proc/[0-9]*/status; do
            uid=$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "$status" 2>/dev/null)
            [ "$uid" = "$GRADE_UID" ] || continue
            pid=${status#/proc/}
            left="$left ${pid%/status}"
        done
        [ -n "$left" ] || return 0
        kill -KILL $left 2>/dev/null
        sleep 0.2
    done
}

dirs=""
for base in $chapters; do
    nn=${base%%_*}
    dir="$out/ch$nn"
    rm -rf "$dir"
    mkdir -p "$dir"
    dirs="$dirs $dir"
    src="$IMPL/$base"
    printf '%s\n' "$src" > "$dir/source"
    printf '%s\n' "$HIDDEN" > "$dir/hidden"

    # 1. Compile the chapter file, then link it with its tests.
    if [ ! -f "$src" ]; then
        echo missing > "$dir/compile.status"
        continue
    fi
    # A chapter that builds on earlier ones names their files in its test file, on lines
    # `// @needs NN_topic.c`; those are compiled from the same folder and linked in too.
    needs=$(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base" 2>/dev/null)
    extra=""
    for need in $needs; do
        if [ ! -f "$IMPL/$need" ]; then
            echo missing > "$dir/compile.status"
            printf '%s\n' "$IMPL/$need (this chapter builds on it)" > "$dir/source"
            continue 2
        fi
        if ! $CC $STUDENT_CFLAGS -c "$IMPL/$need" -o "$dir/need_${need%.c}.o" >> "$dir/compile.log" 2>&1; then
            echo failed > "$dir/compile.status"
            printf '%s\n' "$IMPL/$need (this chapter builds on it)" > "$dir/source"
            continue 2
        fi
        extra="$extra $dir/need_${need%.c}.o"
    done
    objs="$BUILD/grader/${base%.c}.o$extra"
    if [ "$HIDDEN" = 1 ] && [ -f "$BUILD/grader/hidden/${base%.c}.o" ]; then
        objs="$objs $BUILD/grader/hidden/${base%.c}.o"
    fi
    # shellcheck disable=SC2086 # the flags are lists
    if $CC $STUDENT_CFLAGS -c "$src" -o "$dir/student.o" > "$dir/compile.log" 2>&1 &&
       $CC $STUDENT_CFLAGS -o "$dir/tests" "$dir/student.o" $objs $LINK_LIBS >> "$dir/compile.log" 2>&1
    then
        echo ok > "$dir/compile.status"
        if grep -q 'warning:' "$dir/compile.log"; then
            echo "$src compiles with warnings (the first below; all in $dir/compile.log):"
            grep -A3 -m2 'warning:' "$dir/compile.log" | sed 's/^/    /'
        fi
    else
        echo failed > "$dir/compile.status"
        continue
    fi

    # 2. Run the tests: each in its own sandboxed process (runner.c), the whole run under a
    #    time limit. timeout puts the run in a process group of its own; whatever is left of
    #    that group afterwards (a stray child of the code under test) is killed.
    supp="$(pwd)/grader/lsan.supp"
    (
        cd "$dir" || exit 2
        GRADE_SOURCE="$src" GRADE_SANITIZE="$SANITIZE" GRADE_LOG="$dir/run.log" LSAN_OPTIONS="suppressions=$supp" \
            timeout -k 5 "$GRADE_LIMIT" ./tests --output=raw:raw.tsv -j"$GRADE_JOBS" --color=never \
            > run.log 2>&1 &
        pid=$!
        wait "$pid"
        rc=$?
        kill -KILL -- "-$pid" 2>/dev/null
        echo "$rc" > run.status
    )
    kill_sandbox_user
done

end=$(date +%s)
strict=""
[ "$STRICT" = 1 ] && strict="--strict"
# shellcheck disable=SC2086
"$BUILD/bin/report" --table grader/points.txt --out "$out" --seconds "$((end - start))" $strict $dirs
