#!/bin/sh
# grade.sh -- grades chapter files: builds each, runs its tests, reports.
#
# Called by `make grade`, which builds the grader's parts first and passes:
#   IMPL     folder holding the chapter files to grade (skeletons, solutions, a submission)
#   CH       chapters to grade, e.g. "01" or "01 03" (empty: every chapter)
#   HIDDEN   1 to run the hidden tests too (instructor and Gradescope grading)
#   BUILD    the build folder; results go to $BUILD/grade
#   GRADE_MODE  contained (the default): the student's files are compiled, checked and linked
#            into the student binary inside the sandbox (build/bin/sandbox run), and the tests
#            -- built once, holding no student code -- run it in the student process
#            (grader/boundary.h); linked (SANITIZE=1, make debug): the student's objects are
#            linked into the tests, so that the sanitizers and gdb see them
#   SIDE     the student binary's other objects (make's $(SIDE): never sanitized)
#   CC, STUDENT_CFLAGS, LINK_LIBS, SANITIZE, STRICT, GRADE_LIMIT (seconds for a whole chapter),
#   GRADE_BUILD_LIMIT (seconds for building one chapter's student binary),
#   MAKE_SUITE (the make command that builds a chapter's tests),
#   GRADE_OUT (where results go; default $BUILD/grade, or $BUILD/grade/one-test for a TEST= run,
#            which leaves the last full grading -- what make status and make hint read -- alone),
#   GRADE_JOBS (tests run at once; 2),
#   GRADE_UID (as root: the user id the student's code runs as; one of this run's own),
#   GRADE_HIDE (folders the compiler must not see besides this checkout, e.g. Gradescope's),
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
: "${SANITIZE:=0}" "${STRICT:=0}" "${GRADE_LIMIT:=240}" "${GRADE_JOBS:=2}"
: "${TEST:=}" "${VERBOSE:=0}" "${GRADE_MODE:=contained}" "${GRADE_BUILD_LIMIT:=20}" "${GRADE_HIDE:=}"
: "${SIDE:=${O:-build}/student-side}"
# One test at a time when printing what the code printed, so that it stays in order.
[ "$VERBOSE" = 1 ] && GRADE_JOBS=1

if [ -z "${GRADE_OUT:-}" ]; then
    GRADE_OUT=$BUILD/grade
    [ -z "$TEST" ] || GRADE_OUT=$BUILD/grade/one-test
fi
out="$GRADE_OUT"
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

# TEST=: refused before anything is built or written when no test of these chapters has a
# matching name in the points table. The pattern is Criterion's: * ? [...] and @(a|b) are read
# here; the rarer !(...) and friends are left to the run, which is checked again after it.
if [ -n "$TEST" ] && ! printf '%s' "$TEST" | grep -q '[!+*?]('; then
    matched=$(awk -v pat="$TEST" -v chapters="$chapters" -v hidden="$HIDDEN" '
        BEGIN {
            n = length(pat); re = ""; depth = 0
            for (i = 1; i <= n; i++) {
                c = substr(pat, i, 1)
                if (c == "*") re = re ".*"
                else if (c == "?") re = re "."
                else if (c == "@" && substr(pat, i + 1, 1) == "(") { re = re "("; depth++; i++ }
                else if (c == "|" && depth) re = re "|"
                else if (c == ")" && depth) { re = re ")"; depth-- }
                else if (c == "[" && (j = index(substr(pat, i), "]")) > 1) { re = re substr(pat, i, j); i += j - 1 }
                else if (index("\\^$.+{}()|[]", c)) re = re "\\" c
                else re = re c
            }
            re = "^(" re ")$"
        }
        /^[ \t]*#/ || NF < 4 { next }
        {
            slash = index($1, "/"); suite = substr($1, 1, slash - 1); name = substr($1, slash + 1)
            if (index(chapters, " " substr(suite, 3, 2) "_") == 0) next
            if ($4 == "hidden" && hidden != 1) next
            if (name ~ re) { print name; exit }
        }' grader/points.txt)
    if [ -z "$matched" ]; then
        echo "grade: no test matches TEST=$TEST in the chapters graded (CH=$CH); the names are in" \
             "grader/points.txt" >&2
        exit 2
    fi
fi

mkdir -p "$out"
rm -f "$out/results.json" "$out/junit.xml"

# As root the student's code (and the compiler reading it) runs as a user id of this run's
# own, one per chapter, which nothing else uses, not even another grading run at the same time:
# whatever still runs as it after a chapter is killed, and it can write nothing but its own
# scratch folder. GRADE_UID * 100 + NN is chapter NN's.
GRADE_UID=${GRADE_UID:-$((2000000 + $$))}
# (make test looks for processes left running by its own gradings only: it collects the ids)
[ -n "${GRADE_UID_LOG:-}" ] && echo "$GRADE_UID" >> "$GRADE_UID_LOG"
root=0
[ "$(id -u)" = 0 ] && root=1
chapter_uid() {   # chapter_uid NN
    echo $((GRADE_UID * 100 + $(printf '%s' "$1" | sed 's/^0//')))
}
kill_sandbox_user() {   # kill_sandbox_user NN
    [ "$root" = 1 ] && "$BUILD/bin/sandbox" kill-user "$(chapter_uid "$1")"
}

# Contained grading needs seccomp notifications (Linux 5.0+). Without them the student's code
# is linked into the tests, which is fine for practice and not for grading anyone else's.
if [ "$GRADE_MODE" = contained ] && ! "$BUILD/bin/sandbox" probe 2> "$out/probe.log"; then
    if [ "$HIDDEN" = 1 ]; then
        echo "grade: grading with the hidden tests runs the code in a sandboxed process, which this" \
             "machine cannot do: $(cat "$out/probe.log") (Linux 5.0 or newer with seccomp is needed)" >&2
        exit 2
    fi
    echo "note: this machine cannot run your code in a separate sandboxed process ($(cat "$out/probe.log"));" \
         "it is linked into the tests instead. The grade is the same for honest code."
    GRADE_MODE=linked
fi

# Linked in, the student's code runs in the tests' own process: fine for your own code, not for
# grading anyone else's with the hidden tests.
if [ "$GRADE_MODE" = linked ] && [ "$HIDDEN" = 1 ] && [ "$IMPL" != solutions ]; then
    echo "grade: SANITIZE=1 and make debug link the code into the tests' own process, which is for" \
         "finding bugs in code you trust; grade $IMPL with the hidden tests without them" >&2
    exit 2
fi

# Scratch space for the contained builds: a fresh folder outside the checkout (the compiler sees
# it and nothing of the checkout), removed at the end.
scratch=""
if [ "$GRADE_MODE" = contained ]; then
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/workbook-grade.XXXXXX") || exit 2
    chmod 755 "$scratch"
    [ -n "${GRADE_KEEP_SCRATCH:-}" ] || trap 'rm -rf "$scratch"' EXIT
    trap 'exit 130' INT TERM
fi
here=$(pwd)

# 1. Build, for every chapter at once in the background (the compilers share the cores while
#    nothing else runs yet), leaving compile.status: ok, failed, missing, or grader when the tests
#    themselves do not build (a bug in the workbook, not in the student's code: the other
#    chapters are graded anyway).

# The files a chapter needs, in link order: those its test file names on `// @needs NN_topic.c`
# lines (compiled from the same folder), then its own. Sets `files`; "missing" when one is not
# there, with the missing file in $dir/source.
chapter_files() {
    base=$1 dir=$2
    files=""
    for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base" 2>/dev/null) $base; do
        if [ ! -f "$IMPL/$need" ]; then
            echo missing > "$dir/compile.status"
            [ "$need" = "$base" ] || printf '%s\n' "$IMPL/$need (this chapter builds on it)" > "$dir/source"
            return 1
        fi
        files="$files $need"
    done
}

# The tests of a chapter, with the hidden ones under HIDDEN=1: a binary of their own (contained)
# or objects to link with the student's (linked).
chapter_tests() {
    base=$1 dir=$2
    name=${base%.c}
    hidden=0
    [ "$HIDDEN" = 1 ] && [ -f "grader/hidden/$base" ] && hidden=1
    if [ "$GRADE_MODE" = contained ]; then
        tests="$BUILD/grader/bin/$name.tests"
        [ "$hidden" = 1 ] && tests="$BUILD/grader/bin/$name.hidden.tests"
    else
        tests="$BUILD/grader/$name.o"
        [ "$hidden" = 1 ] && tests="$tests $BUILD/grader/hidden/$name.o"
    fi
    # shellcheck disable=SC2086
    if ! ${MAKE_SUITE:-true} $tests > "$dir/suite.log" 2>&1; then
        echo grader > "$dir/compile.status"
        cp "$dir/suite.log" "$dir/compile.log"
        return 1
    fi
}

# Linked: the student's objects and the tests in one binary, $dir/tests.
build_linked() {
    base=$1 dir=$2
    chapter_files "$base" "$dir" || return
    chapter_tests "$base" "$dir" || return
    objs=""
    : > "$dir/compile.log"
    for f in $files; do
        # shellcheck disable=SC2086 # the flags are lists
        if ! $CC $STUDENT_CFLAGS -c "$IMPL/$f" -o "$dir/${f%.c}.o" >> "$dir/compile.log" 2>&1; then
            echo failed > "$dir/compile.status"
            [ "$f" = "$base" ] || printf '%s\n' "$IMPL/$f (this chapter builds on it)" > "$dir/source"
            return
        fi
        objs="$objs $dir/${f%.c}.o"
    done
    # shellcheck disable=SC2086
    if $CC $STUDENT_CFLAGS -o "$dir/tests" $objs $tests $LINK_LIBS >> "$dir/compile.log" 2>&1; then
        echo ok > "$dir/compile.status"
    else
        echo failed > "$dir/compile.status"
    fi
}

# Contained: one build in the sandbox (build/bin/sandbox run), as a user id of its own, able to
# read only the scratch folder's copies -- the chapter files, the public headers (inc/), the
# grader's objects (obj/) -- and to write only its out/ and tmp/. Inside it, in two stages:
#   1. every chapter file graded or built upon, once, all at once: compiled, checked by
#      grader/objcheck.sh, and rewritten for the student binary (objcopy: only its exercise
#      functions stay global; malloc and friends become the grader's): out/FILE.linked.o;
#   2. every chapter whose files all passed: linked with the student process's main
#      (grader/student_main.c) into out/chNN.student.
# Each step has GRADE_BUILD_LIMIT seconds, so that a bomb in one file stops only its chapters.
# The build leaves a status per file (out/FILE.rc: 0, 10 did not compile, 11 refused, 124 out of
# time) and per chapter (out/chNN.rc), which link_results turns into each chapter's folder.
build_students() {
    b="$scratch/build"
    mkdir -p "$b/src" "$scratch/inc" "$scratch/obj"
    cp lib/*.h "$scratch/inc/"
    cp "$SIDE/student_main.o" "$SIDE/boundary_calls.o" "$SIDE/sandbox.o" "$SIDE/libworkbook.a" \
       "$BUILD/gen/libworkbook.syms" grader/objcheck.sh grader/boundary.txt grader/imports.txt \
       "$scratch/obj/"
    all=$(cat $(for d in $dirs; do [ -f "$d/files" ] && echo "$d/files"; done) /dev/null | sort -u)
    for f in $all; do cp "$IMPL/$f" "$b/src/"; done
    chmod -R a+rX "$scratch/inc" "$scratch/obj" "$b/src"   # copies of a private tree are private too
    limit="timeout -k 1 $GRADE_BUILD_LIMIT"
    o="'$scratch/obj'"
    {
        echo 'set -u'
        echo "cd '$b' || exit 2"
        echo "# 1. each file"
        for f in $all; do
            fneeds=$(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$f" 2>/dev/null | tr '\n' ' ')
            refuse="echo 'workbook: $f was refused (above: why)'; exit 11"
            [ "${GRADE_UNCHECKED:-0}" = 1 ] &&   # the workbook's own tests of the sandbox
                refuse="echo 'workbook: $f: would be refused (GRADE_UNCHECKED=1)'"
            echo "( exec > out/$f.log 2>&1"
            echo "  $limit $CC $STUDENT_CFLAGS -I'$scratch/inc' -c src/$f -o out/$f.o ||"
            echo "      { r=\$?; [ \$r = 124 ] && exit 124; echo 'workbook: $f did not compile'; exit 10; }"
            echo "  $limit sh $o/objcheck.sh out/$f.o '$IMPL/$f' $f $o/boundary.txt $o/imports.txt $o/libworkbook.syms $fneeds || { $refuse; }"
            echo "  objcopy --keep-global-symbols=out/$f.o.keep --redefine-sym malloc=student_malloc" \
                 "--redefine-sym calloc=student_calloc --redefine-sym realloc=student_realloc" \
                 "--redefine-sym free=student_free out/$f.o out/$f.linked.o || exit 12"
            echo "); echo \$? > out/$f.rc &"
        done
        echo "wait"
        echo "# 2. each chapter"
        for base in $chapters; do
            nn=${base%%_*}
            [ -f "$out/ch$nn/files" ] || continue
            ok="" objs=""
            for f in $(cat "$out/ch$nn/files"); do
                ok="$ok [ \"\$(cat out/$f.rc)\" = 0 ] &&"
                objs="$objs out/$f.linked.o"
            done
            echo "if $ok true; then ( exec > out/ch$nn.log 2>&1; $limit $CC -static -o out/ch$nn.student" \
                 "$o/student_main.o $o/boundary_calls.o $o/sandbox.o $objs $o/libworkbook.a -lm );" \
                 "echo \$? > out/ch$nn.rc; fi &"
        done
        echo "wait"
        echo "chmod 755 out; chmod 755 out/*.student 2>/dev/null; exit 0"
    } > "$b/build.sh"
    mkdir -p "$b/out" "$b/tmp"
    as=""
    if [ "$root" = 1 ]; then
        uid=$(chapter_uid 99)
        chown -R "$uid:$uid" "$b/out" "$b/tmp"
        chmod 700 "$b/out" "$b/tmp"
        as="--uid $uid"
    fi
    hide="--hide $here"
    for h in $GRADE_HIDE; do hide="$hide --hide $h"; done
    # What it must not read when grading with the hidden tests: they, and the reference.
    must=""
    if [ "$HIDDEN" = 1 ]; then
        must="--secret $here/grader/hidden"
        [ -d solutions ] && must="$must --secret $here/solutions"
    fi
    # shellcheck disable=SC2086
    "$BUILD/bin/sandbox" run $as --read "$scratch/inc" --read "$scratch/obj" --read "$b" \
        --write "$b/out" --write "$b/tmp" $hide $must \
        --env PATH=/usr/local/bin:/usr/bin:/bin --env LC_ALL=C --env "TMPDIR=$b/tmp" \
        --time $((4 * GRADE_BUILD_LIMIT + 10)) --cpu $((8 * GRADE_BUILD_LIMIT)) --address 4096 --files 8 \
        -- /bin/sh "$b/build.sh" > "$scratch/sandbox.log" 2>&1
    echo $? > "$scratch/sandbox.rc"
}

# A chapter's folder from the build: its files' logs (paths as the student knows them: src/ is
# the scratch copy), its status, and where its student binary is.
link_results() {
    base=$1 dir=$2
    b="$scratch/build"
    nn=${base%%_*}
    : > "$dir/compile.log"
    for f in $(cat "$dir/files"); do
        { head -c 262144 "$b/out/$f.log" 2>/dev/null; } |
            sed "s|^src/|$IMPL/|; s| src/\([0-9][0-9]_\)| $IMPL/\1|g" >> "$dir/compile.log"
        rc=$(cat "$b/out/$f.rc" 2>/dev/null || echo 1)
        [ "$rc" = 124 ] && echo "workbook: building $f took longer than $GRADE_BUILD_LIMIT s (the compiler was stopped)" >> "$dir/compile.log"
        if [ "$rc" != 0 ]; then
            # The sandbox refused to start (3: the hidden tests could not be kept from it).
            if [ "$(cat "$scratch/sandbox.rc")" = 3 ]; then
                cat "$scratch/sandbox.log" >> "$dir/compile.log"
                echo grader > "$dir/compile.status"
            else
                echo failed > "$dir/compile.status"
            fi
            [ "$f" = "$base" ] || printf '%s\n' "$IMPL/$f (this chapter builds on it)" > "$dir/source"
            return 0
        fi
    done
    if [ "$(cat "$b/out/ch$nn.rc" 2>/dev/null)" = 0 ]; then
        echo ok > "$dir/compile.status"
        printf '%s\n' "$b/out/ch$nn.student" > "$dir/student"
    else
        cat "$b/out/ch$nn.log" "$scratch/sandbox.log" >> "$dir/compile.log" 2>/dev/null
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
    if [ "$GRADE_MODE" = linked ]; then
        build_linked "$base" "$dir" &
        continue
    fi
    # Contained: the tests' binaries now (they hold no student code), the files below.
    { chapter_files "$base" "$dir" && chapter_tests "$base" "$dir" &&
      printf '%s\n' $files > "$dir/files"; } &
done
wait
if [ "$GRADE_MODE" = contained ]; then
    build_students
    for base in $chapters; do
        dir="$out/ch${base%%_*}"
        [ -f "$dir/files" ] && link_results "$base" "$dir"
    done
fi

for base in $chapters; do
    nn=${base%%_*}
    dir="$out/ch$nn"
    src="$IMPL/$base"
    [ "$(cat "$dir/compile.status" 2>/dev/null)" = ok ] || continue
    if grep -q 'warning:' "$dir/compile.log"; then
        echo "$src compiles with warnings (the first below; all in $dir/compile.log):"
        grep -A3 -m2 'warning:' "$dir/compile.log" | sed 's/^/    /'
    fi

    # 2. Run the tests, the whole run under a time limit. timeout puts the run in a process
    #    group of its own; whatever is left of that group afterwards is killed.
    supp="$here/grader/lsan.supp"
    # The data files (chapter 7's digits), for tests that run in another folder.
    data=${WORKBOOK_DATA:-$here/data}
    filter="ch$nn/*"
    [ -n "$TEST" ] && filter="ch$nn/$TEST"
    if [ "$GRADE_MODE" = contained ]; then
        # The tests run here, as whoever runs make (they hold no student code); each test starts
        # the student process, which drops to GRADE_UID before its first instruction. As root,
        # with a /tmp and /dev/shm of their own, where Criterion keeps its sockets.
        name=${base%.c}
        tests="$here/$BUILD/grader/bin/$name.tests"
        [ "$HIDDEN" = 1 ] && [ -f "grader/hidden/$base" ] && tests="$here/$BUILD/grader/bin/$name.hidden.tests"
        case $BUILD in /*) tests=${tests#"$here/"} ;; esac
        sandbox="$BUILD/bin/sandbox"
        case $sandbox in /*) ;; *) sandbox="$here/$sandbox" ;; esac
        (
            cd "$dir" || exit 2
            # The wrapper, as root: the scratch folder stays, and so do the checkout, the build,
            # this folder and the data when they lie in /tmp or /dev/shm themselves (a clone in
            # /tmp), or the tests would not find their binary
            set --
            if [ "$root" = 1 ]; then
                set -- "$sandbox" private-tmp --keep "$scratch"
                for keep in "$here" "$(cd "$here" && cd "$BUILD" && pwd)" "$(pwd)" "$data"; do
                    case $keep in /tmp/*|/dev/shm/*) set -- "$@" --keep "$keep" ;; esac
                done
                set -- "$@" --
            fi
            GRADE_STUDENT="$(cat student)" GRADE_UID="$(chapter_uid "$nn")" GRADE_SOURCE="$src" GRADE_LOG="$dir/run.log" \
                GRADE_VERBOSE="$VERBOSE" WORKBOOK_DATA="$data" \
                "$@" timeout -k 5 "$GRADE_LIMIT" "$tests" --output=raw:raw.tsv -j"$GRADE_JOBS" \
                --color=never --filter "$filter" > run.log 2>&1 &
            pid=$!
            wait "$pid"
            rc=$?
            kill -KILL -- "-$pid" 2>/dev/null
            echo "$rc" > run.status
        )
        kill_sandbox_user "$nn"
        continue
    fi
    # Linked: each test runs in its own process (runner.c's grade_sandbox), which as root
    # switches to GRADE_UID. That user may not be able to reach this folder (a clone inside a
    # private 0700 directory, say): then the tests run in a fresh folder it can read, holding
    # the test binary and copies of the data and the sanitizers' suppressions, and their results
    # come back here. (The folder is box/ inside the fresh one, so that even its parent is not
    # the user's to write.)
    rundir="$dir"
    # SANITIZE=1: each test's sanitizer reports go to a file of its own in san/ (runner.c), for
    # the report to quote under the test; the test's user must be able to write there.
    sandir=""
    if [ "$SANITIZE" = 1 ]; then
        mkdir -p "$dir/san" && chmod 1777 "$dir/san" && sandir=san
    fi
    if [ "$root" = 1 ] && runtmp=$(mktemp -d "${TMPDIR:-/tmp}/workbook-run.XXXXXX"); then
        rundir="$runtmp/box"
        mkdir -p "$rundir"
        cp "$dir/tests" "$rundir/"
        [ -d "$data" ] && cp -R "$data" "$runtmp/data" && data="$runtmp/data"
        cp "$supp" "$runtmp/lsan.supp" && supp="$runtmp/lsan.supp"
        chmod -R a+rX "$runtmp"
        [ -z "$sandir" ] || { mkdir -p "$rundir/san" && chmod 1777 "$rundir/san"; }
    fi
    (
        cd "$rundir" || exit 2
        GRADE_UID="$(chapter_uid "$nn")" GRADE_SOURCE="$src" GRADE_SANITIZE="$SANITIZE" \
            GRADE_LOG="$dir/run.log" LSAN_OPTIONS="suppressions=$supp" GRADE_SANDIR="$sandir" \
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
        [ -z "$sandir" ] || cp "$rundir"/san/* "$dir/san/" 2>/dev/null
        rm -rf "$runtmp"
    fi
    # The sanitizers' reports, test by test, at the end of the run log too.
    if [ -n "$sandir" ]; then
        for f in "$dir"/san/*; do
            [ -f "$f" ] || continue
            echo "== sanitizer report of ${f##*/}"
            cat "$f"
        done >> "$dir/run.log"
    fi
    kill_sandbox_user "$nn"

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

# A chapter at full marks, the first time: plain grading cannot see every memory mistake (a read
# past an array, a leak), so say once that the sanitizers can. Not for the hidden tests (a
# submission), a single test, or a run that already used them. GRADE_NOTES=0 holds it back.
if [ "$SANITIZE" != 1 ] && [ "$HIDDEN" != 1 ] && [ -z "$TEST" ] && [ "${GRADE_NOTES:-1}" = 1 ]; then
    for dir in $dirs; do
        ch=${dir##*/}
        full=$(awk -F'\t' '!/^#/ { n++; if ($3 < $4) bad = 1 } END { print (n > 0 && !bad) }' \
               "$dir/summary.tsv" 2>/dev/null)
        [ "$full" = 1 ] || continue
        grep -qx "$ch" "$out/sanitize-noted" 2>/dev/null && continue
        echo "$ch" >> "$out/sanitize-noted"
        echo "note: $ch has full marks. make grade CH=${ch#ch} SANITIZE=1 also runs your code under"\
             "AddressSanitizer and UndefinedBehaviorSanitizer, which catch what right answers can"\
             "hide: a read past an array, a leak, an integer overflow (said once per chapter)."
    done
fi

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
