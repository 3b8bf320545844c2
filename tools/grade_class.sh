#!/bin/sh
# grade_class.sh -- grades a whole class: every folder in SUBMISSIONS is one student's
# submission (their chapter files, named as in skeletons/), graded with the hidden tests. The
# tests are built once (make grade-class builds them); a chapter whose files another student
# handed in byte for byte is graded once and its results copied.
#
# Usage: SUBMISSIONS=dir sh tools/grade_class.sh        (make grade-class SUBMISSIONS=dir)
# Writes $O/class/STUDENT/results.json for each student and $O/class/gradebook.csv: one row per
# student, a column per test (its points), then total and max; and, for the LMS, canvas.csv,
# moodle.csv and blackboard.csv (tools/gradebooks.sh). Runs one job per core, each on its own
# copy of the submission with Criterion single-threaded inside; a broken submission (one that
# does not compile, crashes or hangs) scores what it scores and never stops the batch. On a
# terminal it shows a progress line: students graded, time elapsed, and an estimate of the rest.
# Expects the grader's parts built (make grade-class does that) and the environment make passes.
set -u
O=${O:-build}

# Each student's folder of results is NNN-NAME: their line number in students.txt, then their
# folder's name with anything but letters, digits, dot, dash and underscore replaced, so that
# two names that differ only there ("x y", "x_y") never share one.
folder_of() {   # folder_of NUMBER NAME
    printf '%03d-%s' "$1" "$(printf '%s' "$2" | tr -c 'A-Za-z0-9._-' '_')"
}

# What a chapter's grade depends on besides the grader: the bytes of its file and of those it
# builds on (// @needs). Two students with the same key get the same results, so a key is
# graded once per run: the untouched skeletons, a file handed in twice.
chapter_key() {   # chapter_key FOLDER NN_topic.c
    for f in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$2" 2>/dev/null) "$2"; do
        printf '== %s\n' "$f"
        cat "$1/$f" 2>/dev/null || echo '(missing)'
    done | sha256sum | cut -c1-32
}

# One student (the batch below runs `grade_class.sh --one NUMBER` for each): a private copy of
# their files, then grade.sh into their own folder, for the chapters no other student's
# identical files were graded for already; those are copied, with this student's paths. Each
# grade.sh picks user ids of its own for the student's code (grader/grade.sh), so no student's
# code can reach another's files.
if [ "${1:-}" = --one ]; then
    number=$2
    student=$(sed -n "${number}p" "$class/students.txt")
    safe=$(folder_of "$number" "$student")
    copy="$class/work/$safe"
    out="$class/$safe"
    mkdir -p "$copy" "$out"
    printf '%s\n' "$student" > "$out/student.txt"   # their identifier, for the gradebooks
    find "$SUBMISSIONS/$student" -maxdepth 2 -type f -name '[0-9][0-9]_*.c' -exec cp {} "$copy/" \; 2>/dev/null
    todo="" dirs=""
    for skel in skeletons/[0-9][0-9]_*.c; do
        base=${skel##*/}
        nn=${base%%_*}
        dirs="$dirs $out/ch$nn"
        [ -d "$class/cache/$(chapter_key "$copy" "$base")" ] || todo="$todo $nn"
    done
    started=$(date +%s)
    if [ -n "$todo" ]; then
        IMPL="$copy" CH="$todo" HIDDEN=1 GRADE_JOBS=1 GRADE_OUT="$out" GRADE_LIMIT=120 \
            sh grader/grade.sh > "$class/$safe.log" 2>&1
    fi
    for skel in skeletons/[0-9][0-9]_*.c; do
        base=${skel##*/}
        nn=${base%%_*}
        cached="$class/cache/$(chapter_key "$copy" "$base")"
        if [ -d "$cached" ]; then
            [ -d "$out/ch$nn" ] && continue   # graded just now by this student
            cp -R "$cached" "$out/ch$nn"
            find "$out/ch$nn" -type f -exec sed -i "s|@COPY@|$copy|g" {} +
        elif [ -d "$out/ch$nn" ]; then
            # Keep it for the students with the same files (their own paths put back on reuse).
            tmp="$class/cache/.tmp.$$.$nn"
            cp -R "$out/ch$nn" "$tmp"
            find "$tmp" -type f -exec sed -i "s|$copy|@COPY@|g" {} +
            mv -T "$tmp" "$cached" 2>/dev/null || rm -rf "$tmp"
        fi
    done
    # The report over every chapter, graded or copied.
    # shellcheck disable=SC2086
    "$BUILD/bin/report" --table grader/points.txt --out "$out" --seconds "$(( $(date +%s) - started ))" \
        $dirs >> "$class/$safe.log" 2>&1
    printf '%s\n' "$student" >> "$class/done.txt"
    # On a terminal: how far, how long, and how long still at this pace (m:ss).
    if [ "$progress" = 1 ]; then
        n=$(wc -l < "$class/done.txt")
        elapsed=$(( $(date +%s) - start ))
        left=$(( (elapsed * (total - n) + n - 1) / n ))
        printf '\r  %d of %d graded, %d:%02d elapsed, about %d:%02d left\033[K' "$n" "$total" \
            $((elapsed / 60)) $((elapsed % 60)) $((left / 60)) $((left % 60))
    fi
    exit 0
fi

if [ -z "${SUBMISSIONS:-}" ] || [ ! -d "$SUBMISSIONS" ]; then
    echo "grade-class: SUBMISSIONS must name a folder with one folder per student, e.g." \
         "make grade-class SUBMISSIONS=submissions/" >&2
    exit 2
fi
class="$O/class"
rm -rf "$class"
mkdir -p "$class/work" "$class/cache"
ls -1 "$SUBMISSIONS" | while IFS= read -r student; do
    [ -d "$SUBMISSIONS/$student" ] && printf '%s\n' "$student"
done > "$class/students.txt"
total=$(wc -l < "$class/students.txt")
if [ "$total" = 0 ]; then
    echo "grade-class: no student folders in $SUBMISSIONS" >&2
    exit 2
fi
jobs=$(nproc 2>/dev/null || echo 2)
echo "grading $total submissions from $SUBMISSIONS, $jobs at a time"
start=$(date +%s)

progress=0
[ -t 1 ] && progress=1
export class SUBMISSIONS total O BUILD SIDE start progress
: > "$class/done.txt"
# xargs runs the jobs: this script again, once per student (see --one above).
seq 1 "$total" | xargs -n 1 -P "$jobs" sh "$0" --one
[ "$progress" = 1 ] && echo

# The gradebook: the tests in the points table's order, from each student's results.json.
tests=$(awk '!/^[ \t]*#/ && NF >= 5 { print $1 }' grader/points.txt)
{
    printf 'student'
    for t in $tests; do printf ',%s' "$t"; done
    printf ',total,max\n'
    number=0
    while IFS= read -r student; do
        number=$((number + 1))
        safe=$(folder_of "$number" "$student")
        json="$class/$safe/results.json"
        printf '"%s"' "$(printf '%s' "$student" | sed 's/"/""/g')"
        if jq -e . "$json" > /dev/null 2>&1; then
            # One jq per student: the score of each test of the table, in the table's order.
            printf '%s\n' $tests | jq -R -r -s --slurpfile r "$json" '
                ($r[0].tests | map({key: ((.name | split(" ")[0]) + "/" + (.name | split(": ")[-1])),
                                    value: .score}) | from_entries) as $score
                | (split("\n") | map(select(length > 0)) | map("," + (($score[.] // "") | tostring)) | join(""))
                  + ",\([$r[0].tests[].score] | add // 0),\([$r[0].tests[].max_score] | add // 0)"'
        else
            for t in $tests; do printf ','; done
            printf ',0,0\n'
            echo "grade-class: $student: no results (see $class/$safe.log)" >&2
        fi
    done < "$class/students.txt"
} > "$class/gradebook.csv"
# The same points per chapter, as Canvas, Moodle and Blackboard import them.
sh tools/gradebooks.sh "$class"
echo "graded $total submissions in $(( $(date +%s) - start )) s: $class/gradebook.csv," \
     "and each student's $class/STUDENT/results.json"
echo "for the LMS: $class/canvas.csv, moodle.csv and blackboard.csv (how to import them: tools/gradebooks.md)"
