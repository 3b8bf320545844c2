#!/bin/sh
# hint.sh -- the next hint for the first exercise of a chapter that fails.
#
# Usage: CH=03 sh tools/hint.sh   (make hint CH=03; EX=name for a given exercise)
# Hints live in chapters/NN-topic/hints.txt, three levels per exercise: a nudge, the formula,
# the shape of the code; never the solution. Each call shows the next level, remembered in
# $O/hints/; the first failing exercise comes from the last `make grade` of the chapter.
set -u
O=${O:-build}
IMPL=${IMPL:-skeletons}
if [ -z "${CH:-}" ]; then
    echo "hint: say which chapter, e.g. make hint CH=01" >&2
    exit 2
fi
nn=$(printf '%02d' "$(printf '%s' "$CH" | sed 's/^0*//; s/^$/0/')" 2>/dev/null) || nn=x
hints=$(ls chapters/"$nn"-*/hints.txt 2>/dev/null | head -n 1)
if [ -z "$hints" ]; then
    echo "hint: no hints for chapter $CH (chapters/$nn-*/hints.txt)" >&2
    exit 2
fi
summary="$O/grade/ch$nn/summary.tsv"
src=$(ls "$IMPL"/"$nn"_*.c 2>/dev/null | head -n 1)
# Results of another folder's files (IMPL=solutions, a submission) are not the student's.
if [ -f "$summary" ] && [ "$(cat "$O/grade/ch$nn/source" 2>/dev/null)" != "$src" ]; then
    summary=/nonexistent
fi
# The last grading is out of date once the file changed since (as make status says).
stale=0
[ -f "$summary" ] && [ -n "$src" ] && [ "$src" -nt "$summary" ] && stale=1
ex=${EX:-}
if [ -z "$ex" ]; then
    if [ ! -f "$summary" ]; then
        echo "Grade the chapter first (make grade CH=$nn): the hint is for the first exercise that fails."
        exit 0
    fi
    ex=$(awk -F'\t' '!/^#/ && $3 < $4 { print $2; exit }' "$summary")
    if [ -z "$ex" ] && [ "$stale" = 1 ]; then
        echo "Every test of chapter $nn passed at the last grading, but $src changed since:"
        echo "make grade CH=$nn to see where it stands now, then make hint CH=$nn again."
        exit 0
    fi
    if [ -z "$ex" ]; then
        echo "Every test of chapter $nn passed at the last grading: no hint needed."
        exit 0
    fi
fi
mkdir -p "$O/hints"
state="$O/hints/$ex"
level=$(( $(cat "$state" 2>/dev/null || echo 0) + 1 ))
levels=$(awk -v ex="$ex" '/^== / { on = ($2 == ex) } on && /^[0-9]: / { n++ } END { print n + 0 }' "$hints")
if [ "$levels" = 0 ]; then
    echo "hint: $hints has no hints for $ex" >&2
    exit 2
fi
[ "$level" -gt "$levels" ] && level=$levels
echo "$level" > "$state"
names="a nudge|the formula|the shape of the code"
[ "$stale" = 1 ] && [ -z "${EX:-}" ] &&
    echo "(from the last grading: $src changed since -- make grade CH=$nn brings this up to date)"
echo "$ex, hint $level of $levels ($(echo "$names" | cut -d'|' -f"$level")):"
awk -v ex="$ex" -v lv="$level" '
    /^== / { on = ($2 == ex); next }
    on && /^[0-9]: / { cur = substr($0, 1, 1); if (cur == lv) { sub(/^[0-9]: /, ""); print "  " $0 }; next }
    on && /^  / && cur == lv { sub(/^  /, ""); print "  " $0 }' "$hints"
if [ "$level" -lt "$levels" ]; then
    echo "(make hint CH=$nn again for the next level)"
else
    echo "(that was the last level; the notes of chapter $nn work the same idea through)"
fi
