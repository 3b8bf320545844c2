#!/bin/sh
# gradebooks.sh -- a graded class as the gradebook files that Canvas, Moodle and Blackboard
# import: one row per student, one column per chapter (the points of all its tests, the hidden
# ones included), and the total. How to import each: tools/gradebooks.md.
#
# Usage: sh tools/gradebooks.sh CLASS_DIR          (make grade-class runs it after grading)
# Reads each student's CLASS_DIR/NNN-name/student.txt (the name of their submission folder, which
# is their identifier in the LMS) and results.json; writes CLASS_DIR/canvas.csv, moodle.csv and
# blackboard.csv (UTF-8, comma-separated, quoted as RFC 4180 says). A student without results
# gets empty cells, which an LMS leaves alone, and a line on stderr. The chapters and their
# points come from grader/points.txt, their names from skeletons/ (ch01 perceptron, ...).
#
# The three files (each LMS's own column names; sources in tools/gradebooks.md):
#   canvas.csv      Student, ID, SIS User ID, SIS Login ID, Section, the chapters, Final Points;
#                   a "Points Possible" row under the header. The identifier is the SIS Login ID
#                   (and the Student column); Canvas skips a last column named Final Points.
#   moodle.csv      Username, the chapters, Total.
#   blackboard.csv  Username, the chapters, Total; every field in quotes, as Blackboard asks.
set -u
class=${1:-}
if [ -z "$class" ] || [ ! -d "$class" ]; then
    echo "gradebooks: give the folder of a graded class (build/class), not \`$class\`" >&2
    exit 2
fi

# The chapters, in order, as JSON: [{"id": "ch01", "name": "ch01 perceptron", "max": 18}, ...]
chapters=$(for skel in skeletons/[0-9][0-9]_*.c; do
        base=${skel##*/}
        topic=${base#*_}
        printf 'ch%s\t%s\n' "${base%%_*}" "$(printf '%s' "${topic%.c}" | tr _ ' ')"
    done | awk -F'\t' '
        NR == FNR { name[$1] = $2; order[++n] = $1; next }
        !/^[ \t]*#/ && NF >= 5 { split($1, part, "/"); max[part[1]] += $3 }
        END {
            printf "["
            for (i = 1; i <= n; i++)
                printf "%s{\"id\": \"%s\", \"name\": \"%s %s\", \"max\": %d}", (i > 1 ? ", " : ""),
                       order[i], order[i], name[order[i]], max[order[i]]
            printf "]\n"
        }' - FS=' ' grader/points.txt)
if ! printf '%s' "$chapters" | jq -e 'length > 0' > /dev/null 2>&1; then
    echo "gradebooks: could not read the chapters from skeletons/ and grader/points.txt" >&2
    exit 1
fi

# One JSON line per student, in the class's order: {"id": ..., "points": [per chapter] or null}.
rows="$class/gradebook-rows.jsonl"
: > "$rows"
for name in $(ls "$class" | grep '^[0-9][0-9]*-' | sort -n); do
    dir="$class/$name"
    [ -f "$dir/student.txt" ] || continue
    id=$(jq -R -s 'sub("\n$"; "")' "$dir/student.txt")
    if jq -e '.tests | type == "array"' "$dir/results.json" > /dev/null 2>&1; then
        jq -c --argjson id "$id" --argjson chapters "$chapters" '
            . as $r | {id: $id, points: [$chapters[] | .id as $c
                | [$r.tests[] | select(.tags[0] == $c) | .score]
                | if length == 0 then null else add end]}' "$dir/results.json" >> "$rows"
    else
        printf '{"id": %s, "points": null}\n' "$id" >> "$rows"
        echo "gradebooks: $(cat "$dir/student.txt"): no results.json in $dir; their cells are empty" >&2
    fi
done

# write FILE PROGRAM: the rows through a jq program that prints the file's lines
write() {
    jq -r -s --argjson chapters "$chapters" '
        def cells: if .points == null then [$chapters[] | ""] + [""]
                   else [.points[] | if . == null then "" else . end]
                        + [if any(.points[]; . == null) then "" else (.points | add) end] end;
        def total_max: [$chapters[].max] | add;
        '"$2" "$rows" > "$class/$1" || { echo "gradebooks: could not write $class/$1" >&2; exit 1; }
}
write canvas.csv '
    (["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [$chapters[].name] + ["Final Points"] | @csv),
    (["Points Possible", "", "", "", ""] + [$chapters[].max] + [total_max] | @csv),
    (.[] | [.id, "", "", .id, ""] + cells | @csv)'
write moodle.csv '
    (["Username"] + [$chapters[].name] + ["Total"] | @csv),
    (.[] | [.id] + cells | @csv)'
write blackboard.csv '
    (["Username"] + [$chapters[].name] + ["Total"] | map(tostring) | @csv),
    (.[] | [.id] + cells | map(tostring) | @csv)'
rm -f "$rows"
