#!/bin/sh
# make_course.sh -- the workbook as PrairieLearn questions, for a course repository: one question
# per chapter, graded by the workbook's own grader as a PrairieLearn external grader.
#
# Usage: sh tools/prairielearn/make_course.sh       (make prairielearn [PL_IMAGE=...] [PL_TOPIC=...]
#                                                   [EDITION=challenge])
# Writes $O/prairielearn/ (O as make's, default build), laid out as a course repository:
#   questions/backprop-workbook/NN_topic/   one question per chapter:
#       info.json       external grading: the image, the entrypoint tests/run_grader NN, the
#                       workbook from serverFilesCourse, a time limit
#       question.html   the chapter's task (its notes' opening and "The exercises", by pandoc),
#                       an editor per chapter file it needs, the grader's results
#       NN_topic.c      the skeleton, the editor's starting file (and those of the chapter files
#                       it builds on, // @needs), of the edition asked for (EDITION, guided by
#                       default; tools/editions.md)
#       tests/run_grader  the entrypoint (tools/prairielearn/run_grader)
#   serverFilesCourse/backprop-workbook/   what grading needs, hidden tests included, no solutions;
#                       the fixed hints of the edition's points table (tools/points.awk)
#   graders/backprop-workbook/Dockerfile    the image to build and push (Debian 12 + tools/deps.sh)
#   README.md       how to put it into a course (tools/prairielearn/README.md)
# PL_IMAGE names the image on Docker Hub; PL_TOPIC the questions' topic; PL_COURSE seeds the
# questions' UUIDs, which stay the same from one run to the next (so that a course keeps its
# questions' history when they are written again).
set -eu
O=${O:-build}
edition=${EDITION:-guided}
case "$edition" in
guided|challenge) ;;
*) echo "prairielearn: EDITION is guided (the default) or challenge, not \`$edition\`" >&2; exit 2 ;;
esac
image=${PL_IMAGE:-}
topic=${PL_TOPIC:-Backprop workbook}
seed=${PL_COURSE:-backprop-workbook}
if [ -z "$image" ]; then
    # A name Docker refuses (upper case), so that nothing is ever pulled by mistake.
    image=YOUR_DOCKERHUB_ACCOUNT/backprop-workbook-grader
    echo "note: PL_IMAGE is not set: the questions name the image $image;" \
         "build the image (README.md there) and run make prairielearn PL_IMAGE=account/name"
fi
case $image in
*[!A-Za-z0-9_./:-]*|"") echo "prairielearn: PL_IMAGE=$image is not an image name (account/name[:tag])" >&2; exit 2 ;;
esac
# The grading job's time limit (PrairieLearn allows at most 600 s): the build, then at most
# GRADE_LIMIT for the chapter's tests (run_grader), then the report.
timeout=${PL_TIMEOUT:-300}

out="$O/prairielearn"
rm -rf "$out"
mkdir -p "$out/questions/backprop-workbook" "$out/graders/backprop-workbook"

# ---------------------------------------------------------------- the shared grader
# As in the Gradescope autograder: the grader with its hidden tests, the skeletons (the list of
# chapters), the data; no solutions.
shared="$out/serverFilesCourse/backprop-workbook"
mkdir -p "$shared/tools"
cp -R Makefile lib grader skeletons data "$shared/"
awk -v edition="$edition" -v hidden=keep -v where="the chapter's notes derive the formula" \
    -f tools/points.awk grader/points.txt > "$shared/grader/points.txt"
cp tools/deps.sh tools/mkboundary.awk "$shared/tools/"

# The students' starting files: the committed skeletons (the guided edition), or the challenge
# edition generated from the one source.
starts=skeletons
if [ "$edition" = challenge ]; then
    starts="$out/.challenge"
    sh tools/skeletons.sh generate challenge "$starts"
fi

cp tools/deps.sh "$out/graders/backprop-workbook/deps.sh"
cp tools/prairielearn/Dockerfile "$out/graders/backprop-workbook/Dockerfile"
cp tools/prairielearn/README.md "$out/README.md"

# ---------------------------------------------------------------- one question per chapter

sha256() { if command -v sha256sum > /dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }
uuid_of() {   # uuid_of NAME: a UUID from a hash of the seed and NAME (the same every run)
    printf '%s/%s' "$seed" "$1" | sha256 |
        sed 's/^\(........\)\(....\).\(...\).\(...\)\(............\).*/\1-\2-5\3-8\4-\5/'
}

# The chapter's task as HTML: the notes' opening paragraph, then their section "The exercises"
# without its code blocks (the editor holds the code), headings two levels down, the file named
# as the editor names it. A "{{" would start a mustache tag in question.html: TeX reads "{ {" the
# same.
task_html() {   # task_html NOTES
    awk '
        /^---$/ && NR == 1 { front = 1; next }
        front { if (/^---$/) front = 0; next }
        !opened && /^$/ { if (started) opened = 1; next }
        !opened { started = 1; print; next }
        /^# The exercises/ { on = 1; print ""; print; next }
        on && /^# / { exit }
        on && /^```\{\.c include=/ { skip = 1; next }
        skip { if (/^```$/) skip = 0; next }
        on { print }
    ' "$1" | pandoc -f markdown-smart -t html --mathjax --shift-heading-level-by=2 |
        sed 's/{{/{ {/g; s|<code>skeletons/\([0-9][0-9]_[A-Za-z0-9_]*\.c\)</code>|<code>\1</code>|g'
}

html_escape() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g'; }

for skel in skeletons/[0-9][0-9]_*.c; do
    base=${skel##*/}
    name=${base%.c}
    nn=${base%%_*}
    notes=$(ls chapters/"$nn"-*/notes.md 2>/dev/null | head -n 1)
    [ -n "$notes" ] || { echo "prairielearn: no notes for chapter $nn (chapters/$nn-*/notes.md)" >&2; exit 1; }
    q="$out/questions/backprop-workbook/$name"
    mkdir -p "$q/tests"
    cp tools/prairielearn/run_grader "$q/tests/run_grader"
    chmod 755 "$q/tests/run_grader"
    needs=$(sed -n 's|^// @needs \([0-9][0-9]_[A-Za-z0-9_]*\.c\)$|\1|p' "grader/$base" | tr '\n' ' ')
    for f in $needs $base; do cp "$starts/$f" "$q/$f"; done
    title=$(sed -n '2,5s/^title: *"\(.*\)"$/\1/p' "$notes" | sed 's/ -- /: /')

    jq -n --arg uuid "$(uuid_of "$name")" --arg title "$title (Backprop Workbook)" --arg topic "$topic" \
        --arg ch "ch$nn" --arg image "$image" --arg entry "/grade/tests/run_grader $nn" \
        --argjson timeout "$timeout" '{
            uuid: $uuid, title: $title, topic: $topic, tags: ["backprop-workbook", $ch, "c"],
            type: "v3", singleVariant: true, gradingMethod: "External",
            externalGradingOptions: {image: $image, entrypoint: $entry,
                serverFilesCourse: ["backprop-workbook/"], timeout: $timeout}}' > "$q/info.json"

    {
        echo '<pl-question-panel>'
        echo "  <p><strong>$(printf '%s' "$title" | html_escape)</strong>, from the Backprop Workbook."
        echo "  Write the exercises in <code>$base</code> below: replace each block between its"
        echo "  <code>TODO</code> comment and <code>END TODO</code> with your code. <em>Save &amp; Grade</em>"
        echo "  runs the workbook's tests on it, some of them hidden: each visible test says what it"
        echo "  checks and, when it fails, why, with a hint.</p>"
        for f in $needs; do
            echo "  <p>This chapter builds on <code>$f</code>: paste your finished file from its own"
            echo "  question into the editor of that name. Its own tests are not graded here, but this"
            echo "  chapter's tests call its functions.</p>"
        done
        task_html "$notes" | sed 's/^/  /'
        echo '</pl-question-panel>'
        echo
        for f in $needs $base; do
            echo "<pl-file-editor file-name=\"$f\" source-file-name=\"$f\" ace-mode=\"ace/mode/c_cpp\"></pl-file-editor>"
        done
        echo
        echo '<pl-submission-panel>'
        echo '  <pl-external-grader-results></pl-external-grader-results>'
        echo '  <pl-file-preview></pl-file-preview>'
        echo '</pl-submission-panel>'
    } > "$q/question.html"
done
rm -rf "$out/.challenge"
n=$(ls "$out/questions/backprop-workbook" | wc -l)
echo "wrote $out/ ($edition edition): $n questions in questions/backprop-workbook/, the grader in" \
     "serverFilesCourse/backprop-workbook/, its image in graders/backprop-workbook/ (README.md says what to do)"
