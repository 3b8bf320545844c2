#!/bin/sh
# facts.sh -- the numbers the notes state, recomputed from the reference, and checked.
#
#   sh plots/facts.sh write     build and run plots/facts/NN_topic.c against solutions/ and
#                               write chapters/NN-topic/facts.txt (make facts; CH=03 for one)
#   sh plots/facts.sh check     the same into BUILD/facts/, then fail when (1) a number moved
#                               (the file differs from the committed facts.txt), (2) notes.md
#                               does not say the words of a fact, (3) notes.md states a number
#                               that no fact covers, or (4) a row of a chapter's notation table
#                               (under the header | symbol | meaning | in the code |) is not in
#                               chapters/notation.md, the book's, word for word (make test)
#
# A fact is a line `NAME: WORDS` (plots/facts/facts.h); WORDS are notes.md's own words, as
# written in Markdown, compared with line breaks and runs of spaces collapsed. The numbers that
# (3) looks for, in the prose and the math outside code blocks, inline code and the reading
# list: decimals (0.25), percentages (98%), powers of ten (10^{-7}) and numbers of three or more
# digits (1797), except years in parentheses (Cybenko (1989)). Small whole numbers (13
# mistakes, 18 steps) are facts too where the code computes them, but (3) does not look for them.
# Environment: CH, BUILD (default build), CC (default cc), WERROR=1 for -Werror.
set -u
LC_ALL=C
export LC_ALL
mode=${1:-}
case "$mode" in write|check) ;; *) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;; esac
: "${CH:=}" "${BUILD:=build}" "${CC:=cc}" "${WERROR:=0}"
werror=""
[ "$WERROR" = 1 ] && werror=-Werror
out="$BUILD/facts"
mkdir -p "$out"
[ -f "$BUILD/libworkbook.a" ] || { echo "facts: $BUILD/libworkbook.a is missing (make facts builds it)" >&2; exit 2; }

status=0
matched=0

# Builds and runs one chapter's driver into $out/NN.txt; $out/NN.ok when it ran, and what went
# wrong in $out/NN.msg otherwise. (Every chapter's at once: the drivers train networks.)
compute() {
    nn=$1 notes=$2
    driver=$(ls plots/facts/"$nn"_*.c 2>/dev/null | head -n 1)
    if [ -z "$driver" ]; then
        echo "$(dirname "$notes"): no plots/facts/${nn}_TOPIC.c recomputes the numbers of its notes" > "$out/$nn.msg"
        return
    fi
    base=${driver##*/}
    # its own chapter's solution, those it names on `// @needs NN_topic.c` lines, and other
    # sources of the workbook it names on `// @with PATH.c` lines (the playground's glue)
    srcs="solutions/$base"
    for need in $(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "$driver"); do
        srcs="$srcs solutions/$need"
    done
    for with in $(sed -n 's|^// @with \([A-Za-z0-9_/]*\.c\)$|\1|p' "$driver"); do
        srcs="$srcs $with -I$(dirname "$with")"
    done
    bin="$out/facts_$nn"
    # shellcheck disable=SC2086
    if ! $CC -std=c11 -O2 -Wall -Wextra -Wpedantic $werror -Ilib -Iplots/facts -o "$bin" "$driver" \
            plots/facts/[a-z]*.c $srcs "$BUILD/libworkbook.a" -lm > "$out/$nn.compile.log" 2>&1; then
        { echo "$driver does not build:"; sed 's/^/    /' "$out/$nn.compile.log" | head -n 20; } > "$out/$nn.msg"
        return
    fi
    [ -s "$out/$nn.compile.log" ] &&
        { echo "$driver: compiler warnings:"; sed 's/^/    /' "$out/$nn.compile.log"; } > "$out/$nn.warn"
    start=$(date +%s)
    {
        echo "# The numbers $notes states, recomputed from solutions/ by $driver:"
        echo "# \`make facts CH=$nn\` writes this file, \`make test\` checks it (plots/facts.sh)."
        echo "# Each line is a name, then the words of the notes that state the number(s)."
    } > "$out/$nn.txt"
    if ! timeout -k 5 600 "$bin" >> "$out/$nn.txt" 2> "$out/$nn.err"; then
        { echo "$driver stopped:"; sed 's/^/    /' "$out/$nn.err" | tail -n 10; } > "$out/$nn.msg"
        return
    fi
    echo $(( $(date +%s) - start )) > "$out/$nn.ok"
}

wanted=""
for notes in chapters/[0-9][0-9]-*/notes.md; do
    nn=$(basename "$(dirname "$notes")" | cut -c1-2)
    if [ -n "$CH" ] && ! printf ' %s ' "$CH" | grep -Eq " 0?${nn#0} "; then
        continue
    fi
    rm -f "$out/$nn.ok" "$out/$nn.msg" "$out/$nn.warn"
    compute "$nn" "$notes" &
    wanted="$wanted $notes"
done
wait

for notes in $wanted; do
    dir=${notes%/notes.md}
    nn=$(basename "$dir" | cut -c1-2)
    matched=$((matched + 1))
    driver=$(ls plots/facts/"$nn"_*.c 2>/dev/null | head -n 1)
    [ -f "$out/$nn.warn" ] && cat "$out/$nn.warn"
    if [ ! -f "$out/$nn.ok" ]; then
        cat "$out/$nn.msg"
        status=1
        continue
    fi
    secs=$(cat "$out/$nn.ok")
    if [ "$mode" = write ]; then
        cp "$out/$nn.txt" "$dir/facts.txt"
        echo "$dir/facts.txt: $(grep -c '^[a-z0-9_]*: ' "$dir/facts.txt") facts (${secs} s)"
        continue
    fi
    # (1) the numbers have not moved
    if ! cmp -s "$out/$nn.txt" "$dir/facts.txt"; then
        echo "$dir/facts.txt is not what $driver computes now (make facts CH=$nn, then fix the notes):"
        diff "$dir/facts.txt" "$out/$nn.txt" | sed 's/^/    /' | head -n 30
        status=1
    fi
    # (2), (3): notes.md says every fact, and no number beyond them
    if ! awk -v notes="$notes" -f plots/facts/check.awk "$out/$nn.txt" "$notes"; then
        status=1
    else
        echo "$notes: its $(grep -c '^[a-z0-9_]*: ' "$out/$nn.txt") facts hold and it states no other number (${secs} s)"
    fi
    # (4) the chapter's notation rows are the book's
    if [ -f chapters/notation.md ]; then
        awk '/^\| symbol \| meaning \| in the code \|/ { on = 1; next } on && /^\|/ { print; next } { on = 0 }' \
            "$notes" | grep -v '^|[-:]' | while IFS= read -r row; do
            grep -qxF "$row" chapters/notation.md ||
                printf '%s: notation row not in chapters/notation.md: %s\n' "$notes" "$row"
        done > "$out/$nn.notation"
        if [ -s "$out/$nn.notation" ]; then cat "$out/$nn.notation"; status=1; fi
    fi
done
if [ $matched = 0 ]; then
    echo "facts: no chapter matches CH=$CH" >&2
    status=2
fi
exit $status
