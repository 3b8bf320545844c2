#!/bin/sh
# grading.sh -- how long the workbook's own machinery takes (issue 8, "the grader's own speed"):
#   make grade IMPL=solutions       the whole book, from clean (an empty build folder), then warm
#   make grade IMPL=solutions HIDDEN=1   warm, with the hidden tests
#   make handouts                   from clean, when the Makefile has that target
#   make grade-class                100 submissions: copies of solutions/, some of them broken;
#                                   then the same with no two files alike (a comment line each)
# Each runs in a build folder of its own (build/benchgrade, build/benchhandouts, build/benchclass),
# so nothing else's build is touched. Prints a Markdown table for bench/RESULTS.md; the logs go to
# $O/bench/grading/ (O as make's, default build).
#
# Usage: sh bench/grading.sh            (make bench-grading)
# Exit status 1 when a command failed (its log's last lines are printed).
set -u
export LC_ALL=C
MAKE=${MAKE:-make}
logs=${O:-build}/bench/grading
mkdir -p "$logs"
status=0
rows=""

now() { date +%s.%N; }

# run LABEL LOG NOTE -- COMMAND...: times the command, adds a row to the table
run() {
    label=$1 log=$2 note=$3
    shift 4
    start=$(now)
    if "$@" > "$logs/$log" 2>&1; then ok=ok; else ok=FAILED; status=1; fi
    secs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
    echo "$label: $secs s ($ok; log $logs/$log)"
    [ "$ok" = ok ] || tail -n 15 "$logs/$log" | sed 's/^/    /'
    rows="$rows| \`$label\` | $secs | $ok | $note |
"
}

chapters=$(ls solutions/[0-9][0-9]_*.c | sed 's|solutions/||; s|_.*||' | tr '\n' ' ')
echo "chapters in solutions/: $chapters; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- make grade
rm -rf build/benchgrade
run "make grade IMPL=solutions" grade-clean.log "from clean (empty O=build/benchgrade)" -- \
    $MAKE --no-print-directory grade IMPL=solutions O=build/benchgrade
run "make grade IMPL=solutions" grade-warm.log "warm (again, nothing changed)" -- \
    $MAKE --no-print-directory grade IMPL=solutions O=build/benchgrade
run "make grade IMPL=solutions HIDDEN=1" grade-hidden-warm.log "warm, hidden tests too" -- \
    $MAKE --no-print-directory grade IMPL=solutions HIDDEN=1 O=build/benchgrade
score=$(grep -E '^(total|Total)|points' "$logs/grade-warm.log" | tail -n 1)
[ -n "$score" ] && echo "    ($score)"

# ---------------------------------------------------------------- make handouts
if $MAKE -n handouts O=build/benchhandouts > /dev/null 2>&1; then
    rm -rf build/benchhandouts
    run "make handouts" handouts-clean.log "from clean (empty O=build/benchhandouts)" -- \
        $MAKE --no-print-directory handouts O=build/benchhandouts
else
    echo "make handouts: no such target yet, skipped"
    rows="$rows| \`make handouts\` | - | skipped | the Makefile has no handouts target yet |
"
fi

# ---------------------------------------------------------------- make grade-class
# 100 students: 90 hand in the solutions; of the other 10, 4 have a planted bug (2 a wrong
# comparison in chapter 1, 2 an update that ignores the learning rate in chapter 6), 2 a chapter
# that does not compile, 2 left chapter 1 as the skeleton, 2 handed in only chapter 1.
# Graded twice: as they are (class grading grades identical files once, so the 90 copies cost
# one grading), then with a comment line of each student's own added to every file, so that no
# two students' files are the same and every chapter of every student is graded.
make_submissions() {   # make_submissions DIR [distinct]
    for i in $(seq 1 100); do
        d=$(printf '%s/student%03d' "$1" "$i")
        mkdir -p "$d"
        cp solutions/[0-9][0-9]_*.c "$d/"
        case $i in
        10|20) sed -i 's/return z >= 0.0 ? 1 : 0;/return z > 0.0 ? 1 : 0;/' "$d/01_perceptron.c" ;;
        30|40) sed -i 's/m->params\[k\] -= lr \* m->grads\[k\];/m->params[k] -= m->grads[k];/' \
                   "$d/06_backprop.c" ;;
        50|60) printf 'int broken(\n' >> "$d/02_logistic_regression.c" ;;
        70|80) cp skeletons/01_perceptron.c "$d/" ;;
        90|100) find "$d" -name '[0-9][0-9]_*.c' ! -name '01_perceptron.c' -exec rm {} + ;;
        esac
        if [ "${2:-}" = distinct ]; then
            for f in "$d"/[0-9][0-9]_*.c; do printf '/* student %03d */\n' "$i" >> "$f"; done
        fi
    done
}
book=build/benchclass/class/gradebook.csv
check_book() {
    if [ -f "$book" ]; then
        students=$(($(wc -l < "$book") - 1))
        full=$(awk -F, 'NR > 1 && $(NF-1) == $NF && $NF > 0' "$book" | wc -l)
        echo "    gradebook: $students students, $full with full marks"
        [ "$students" = 100 ] || { echo "    expected 100 rows"; status=1; }
    fi
}
subs=$(mktemp -d "${TMPDIR:-/tmp}/bench-submissions.XXXXXX")
make_submissions "$subs"
run "make grade-class (100 submissions)" grade-class.log \
    "O=build/benchclass; 90 full solutions, 10 broken in 5 ways" -- \
    $MAKE --no-print-directory grade-class SUBMISSIONS="$subs" O=build/benchclass
check_book
rm -rf "$subs"
subs=$(mktemp -d "${TMPDIR:-/tmp}/bench-submissions.XXXXXX")
make_submissions "$subs" distinct
run "make grade-class (100 submissions, no two alike)" grade-class-distinct.log \
    "the same, each file with a comment line of its student's own" -- \
    $MAKE --no-print-directory grade-class SUBMISSIONS="$subs" O=build/benchclass
check_book
rm -rf "$subs"

echo
echo "| command | seconds | | |"
echo "|---|---:|---|---|"
printf '%s' "$rows"
exit $status
