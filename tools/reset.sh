#!/bin/sh
# reset.sh -- puts one exercise of a student's chapter file back to its original TODO block.
#
# Usage: EX=perceptron_train sh tools/reset.sh   (make reset EX=...; YES=1 skips the question)
# The exercise is found by its markers in skeletons/NN_topic.c, from the line
# `// TODO(chNN NAME):` to the line `// END TODO(chNN NAME)`; what is between them is replaced
# by the original block (generated from solutions/ in the instructor's tree, or the copy the
# student release keeps in tools/pristine/). What was there is saved first, in $O/reset/.
set -u
O=${O:-build}
ex=${EX:-}
if [ -z "$ex" ] || ! printf '%s' "$ex" | grep -Eq '^[A-Za-z0-9_]+$'; then
    echo "reset: say which exercise, e.g. make reset EX=perceptron_train (its name is in its TODO line)" >&2
    exit 2
fi
file=$(grep -l "// TODO(ch[0-9][0-9] $ex):" skeletons/[0-9][0-9]_*.c 2>/dev/null | head -n 1)
if [ -z "$file" ]; then
    echo "reset: no skeleton file has the line \`// TODO(chNN $ex):\`. Check the name; if you deleted" \
         "the TODO or END TODO line, restore it by hand (the names are in grader/points.txt)." >&2
    exit 2
fi
base=${file##*/}
nn=${base%%_*}
tag="TODO(ch$nn $ex)"
if ! grep -q "// END $tag" "$file"; then
    echo "reset: $file has no line \`// END $tag\`; put it back after your code, then try again." >&2
    exit 2
fi

# The original file.
mkdir -p "$O/reset"
orig="$O/reset/$base.orig"
if [ -f "solutions/$base" ]; then
    awk -v chapter="$nn" -f tools/mkskel.awk "solutions/$base" > "$orig" || exit 1
elif [ -f "tools/pristine/$base" ]; then
    cp "tools/pristine/$base" "$orig"
else
    echo "reset: no original of $base to restore from (tools/pristine/$base is missing)" >&2
    exit 2
fi

if [ "${YES:-0}" != 1 ]; then
    printf 'Put %s in %s back to its TODO block? Your code there is saved first. [y/N] ' "$ex" "$file"
    read -r answer || answer=n
    case "$answer" in y|Y|yes|YES) ;; *) echo "Nothing changed."; exit 0 ;; esac
fi
backup="$O/reset/$base.$(date +%Y%m%d-%H%M%S)"
cp "$file" "$backup"

# Splice: the student's file up to the TODO line, the original block, the rest after END TODO.
awk -v tag="$tag" -v orig="$orig" '
    BEGIN {
        while ((getline line < orig) > 0) {
            if (index(line, "// " tag ":")) keep = 1
            if (keep) block = block line "\n"
            if (index(line, "// END " tag)) keep = 0
        }
    }
    index($0, "// " tag ":") { printf "%s", block; skip = 1; next }
    skip && index($0, "// END " tag) { skip = 0; next }
    !skip { print }' "$file" > "$O/reset/$base.new" && mv "$O/reset/$base.new" "$file"
echo "$ex in $file is back to its TODO block; what you had is in $backup"
