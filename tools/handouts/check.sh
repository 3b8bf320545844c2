#!/bin/sh
# check.sh -- the tests of the lecture handouts (issue 5), on what `make handouts` built.
# Run by `make test-handouts` (and so by `make test`), from the top of the workbook:
#
#   O=build sh tools/handouts/check.sh
#
#  1. every chapter (chapters/NN-topic/notes.md) and the book exist in the three editions
#     (student, instructor, lecture), as HTML and PDF;
#  2. each HTML page, opened in headless Chromium (node check.js browse): no request leaves
#     the machine, no raw $...$, KaTeX rendered every formula, every <img> loaded; a screenshot
#     of the top of the page and of its first listing, figure and display formula;
#  3. each PDF: pdfinfo's page count is sane, pdftoppm renders page 1, and pdftotext finds the
#     chapter's title (every chapter's, in the book), a formula and every line of its code
#     excerpts (node check.js text); the HTML text is held to the same; the typesetting, from
#     the LaTeX log: no overfull box (a line into the margin), no display formula wider than
#     the text (handout.sty logs it, and never shrinks one); the page layout, from pdftotext
#     -bbox (node check.js layout): no heading and no lead-in line last on a page, no page
#     but a chapter's last under 60% full; every page of the student edition's chapters rendered
#     small into check/student/pages/;
#  4. the student and lecture editions hold no line of any solution region, in HTML or PDF,
#     while the instructor edition does show them (node check.js leaks); the lecture edition
#     has none of the workbook's sections (exercises, grading, planted bugs), and takes its
#     date from config.yaml when one is set;
#  5. the build fails, naming file and line, on a missing region, a missing C file, a missing
#     figure and non-ASCII notes; and it is incremental: a chapter's notes rebuild that
#     chapter's handouts and the book only (make -n -W).
# Screenshots, page renders and texts go to $O/handouts/check/: look at them.
set -u
LC_ALL=C
export LC_ALL
O=${O:-build}
MAKE=${MAKE:-make}
H=$O/handouts
S=$H/check
HO=tools/handouts
status=0
rm -rf "$S"
mkdir -p "$S"

bad() { echo "FAIL $*"; status=1; }

chapters=$(for n in chapters/[0-9][0-9]-*/notes.md; do [ -f "$n" ] && basename "$(dirname "$n")"; done)
[ -n "$chapters" ] || { bad "no chapters/NN-topic/notes.md"; exit 1; }
nchapters=$(echo "$chapters" | wc -l)
echo "chapters: $(echo $chapters)"

# ---------------------------------------------------------------- 1. all there
editions="student instructor lecture"
for e in $editions; do
    for c in $chapters book; do
        for x in html pdf; do
            [ -s "$H/$e/$c.$x" ] || bad "$H/$e/$c.$x is missing (make handouts)"
        done
    done
done
[ $status = 0 ] || exit 1

# ---------------------------------------------------------------- 2. HTML in Chromium
# In the background while section 3 checks the PDFs: Chromium mostly waits for its pages, the
# PDF tools use the processor. Its findings are printed (and count) when section 3 is done.
for e in $editions; do mkdir -p "$S/$e"; done
(
    for e in $editions; do
        pages=""
        for c in $chapters book; do pages="$pages $H/$e/$c.html"; done
        # (The close-up screenshots, for people to look at, of the student edition only: each
        # takes seconds, and the other editions are set the same way.)
        shots=top
        [ "$e" = student ] && shots=all
        # shellcheck disable=SC2086
        HANDOUT_SHOTS=$shots node $HO/check.js browse "$S/$e" $pages || status=1
        for c in $chapters book; do
            [ -s "$S/$e/$c.png" ] || bad "no screenshot of $H/$e/$c.html"
            [ -f "$S/$e/$c.txt" ] && { node $HO/check.js text "$H/ast/$e/$c.json" "$S/$e/$c.txt" html || status=1; }
        done
    done
    exit $status
) > "$S/browse.log" 2>&1 &
browse=$!

# ---------------------------------------------------------------- 3. PDF
for e in $editions; do
    for c in $chapters book; do
        pdf=$H/$e/$c.pdf
        pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
        if [ "$c" = book ]; then min=$nchapters max=$((nchapters * 40)); else min=1 max=40; fi
        if [ -z "$pages" ]; then
            bad "$pdf: pdfinfo cannot read it"; continue
        elif [ "$pages" -lt $min ] || [ "$pages" -gt $max ]; then
            bad "$pdf: $pages pages (expected $min to $max)"
        fi
        pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$pdf" "$S/$e/$c.pdf-page1" 2>"$S/$e/$c.pdftoppm.err" ||
            bad "$pdf: pdftoppm cannot render page 1: $(head -n 3 "$S/$e/$c.pdftoppm.err")"
        [ "$(wc -c < "$S/$e/$c.pdf-page1.png" 2>/dev/null || echo 0)" -gt 10000 ] ||
            bad "$pdf: page 1 renders blank or not at all"
        # -layout: lines as printed (plain mode drops a "-" that ends a broken code line)
        pdftotext -layout "$pdf" "$S/$e/$c.pdf.txt" || { bad "$pdf: pdftotext failed"; continue; }
        node $HO/check.js text "$H/ast/$e/$c.json" "$S/$e/$c.pdf.txt" pdf || status=1
        # nothing runs off the page or is squeezed: LaTeX says "Overfull \hbox (NNpt too wide)"
        # for a line into the margin, handout.sty "display formula ... wider than the text"
        log=$H/tex/$e/$c/$c.log
        if [ -f "$log" ]; then
            over=$(grep -c '^Overfull \\[hv]box' "$log")
            [ "$over" = 0 ] || bad "$pdf: $over overfull boxes in $log: $(grep -m 3 -A 1 '^Overfull' "$log" | tr '\n' ' ' | cut -c 1-240)"
            disp=$(grep -c 'Package handout Warning: display formula' "$log")
            [ "$disp" = 0 ] || bad "$pdf: $disp display formulas wider than the text (break their lines in the notes): $(grep -m 2 -A 1 'display formula' "$log" | tr '\n' ' ' | cut -c 1-240)"
        else
            bad "$pdf: no LaTeX log $log to check for lines running into the margin"
        fi
        # the page layout, and every page small, to look at
        pdftotext -bbox "$pdf" "$S/$e/$c.bbox.html" || { bad "$pdf: pdftotext -bbox failed"; continue; }
        node $HO/check.js layout "$pdf" "$S/$e/$c.bbox.html" || status=1
        # (for people to look at, like the close-ups: the student edition's chapters; the book's
        # pages are the chapters' pages numbered on, the other editions are set the same way)
        mkdir -p "$S/$e/pages"
        if [ "$c" != book ] && [ "$e" = student ]; then
            pdftoppm -r 40 -png "$pdf" "$S/$e/pages/$c" 2>/dev/null || bad "$pdf: pdftoppm cannot render its pages"
        fi
        echo "$pdf: $pages pages, page 1 rendered"
    done
done

# section 2's findings
wait $browse || status=1
cat "$S/browse.log"

# ---------------------------------------------------------------- 4. no solutions for students
student_texts="" instructor_texts=""
for c in $chapters book; do
    student_texts="$student_texts $S/student/$c.txt $S/student/$c.pdf.txt $S/lecture/$c.txt $S/lecture/$c.pdf.txt"
    instructor_texts="$instructor_texts $S/instructor/$c.txt $S/instructor/$c.pdf.txt"
done
# shellcheck disable=SC2086
node $HO/check.js leaks $student_texts -- $instructor_texts || status=1

# the lecture edition: none of the workbook's own sections, no code from the exercises
for c in $chapters; do
    for dropped in "The exercises" "Checking your work" "Common mistakes"; do
        grep -q "^# $dropped" "chapters/$c/notes.md" || continue
        grep -q "$dropped" "$S/lecture/$c.txt" && bad "$H/lecture/$c.html still has the section \"$dropped\""
        grep -q "$dropped" "$S/lecture/$c.pdf.txt" && bad "$H/lecture/$c.pdf still has the section \"$dropped\""
    done
done
# its date is config.yaml's when one is set (the others' too), the build day otherwise; and with
# the workbook's own Playground page set there, each predict-then-check box links to it
cfg=$S/config-dated.yaml
sed 's/^# date: .*/date: "1 April 2031"/; s|^# playground: .*|playground: "https://example.org/pg/"|' \
    $HO/config.yaml > "$cfg"
grep -q '^date: "1 April 2031"' "$cfg" && grep -q '^playground: ' "$cfg" ||
    bad "could not set a date and a Playground page in a copy of $HO/config.yaml"
cp=$(grep -l '{\.playground' chapters/*/notes.md | head -n 1)
cp=$(basename "$(dirname "$cp")")
HANDOUT_CONFIG=$cfg sh $HO/build.sh ast "chapters/$cp/notes.md" lecture "$S/dated/$cp.json" > "$S/dated.log" 2>&1 &&
    HANDOUT_CONFIG=$cfg sh $HO/build.sh pdf "$S/dated/$cp.json" "$S/dated/lecture/$cp.pdf" >> "$S/dated.log" 2>&1 &&
    HANDOUT_CONFIG=$cfg sh $HO/build.sh html "$S/dated/$cp.json" "$S/dated/lecture/$cp.html" "$H/katex" >> "$S/dated.log" 2>&1 ||
    bad "the lecture edition does not build with a dated config.yaml: $(tail -n 3 "$S/dated.log")"
if [ -f "$S/dated/lecture/$cp.pdf" ]; then
    pdftotext "$S/dated/lecture/$cp.pdf" - | grep -q "1 April 2031" ||
        bad "the lecture edition does not show config.yaml's date (1 April 2031)"
    pdftotext "$H/lecture/$cp.pdf" - | grep -q "$(date +%Y)" ||
        bad "the lecture edition without a date in config.yaml does not show the build day's year"
    grep -q 'href="https://example.org/pg/#demo=' "$S/dated/lecture/$cp.html" ||
        bad "with playground: set in config.yaml, $cp's boxes do not link to that page"
    echo "the lecture edition's date: config.yaml's when set (1 April 2031), else the build day;" \
        "the boxes link to config.yaml's Playground page when it is set"
fi

# ---------------------------------------------------------------- 5. failures, and incremental builds
n=$S/neg/chapters/09-broken
mkdir -p "$n/fig"
first=$(ls solutions/[0-9][0-9]_*.c | head -n 1)
first=${first##*/}
cat > "$n/notes.md" <<EOF
---
title: "Chapter 9 -- Broken on purpose"
---

# Code

\`\`\`{.c include="$first" region="no_such_region"}
\`\`\`

\`\`\`{.c include="99_no_such_file.c" region="anything"}
\`\`\`

# Figure

![A figure that was never drawn.](fig/never_drawn.png)
EOF
printf 'The learning rate \316\267 is 0.5.\n' >> "$n/notes.md"    # a Greek eta in UTF-8, line 16
for e in student instructor; do
    if sh $HO/build.sh ast "$n/notes.md" $e "$S/neg/$e.json" > "$S/neg/$e.err" 2>&1; then
        bad "a broken chapter built ($e edition)"
        continue
    fi
    [ -f "$S/neg/$e.json" ] && bad "a broken chapter left $S/neg/$e.json"
    folder=skeletons; [ $e = instructor ] && folder=solutions
    for want in "notes.md:7: no region \"no_such_region\" in $folder/$first" \
                "notes.md:10: cannot read $folder/99_no_such_file.c" \
                "notes.md:15: figure fig/never_drawn.png does not exist" \
                "notes.md:16:19: non-ASCII text"; do
        grep -qF "$want" "$S/neg/$e.err" || bad "the $e build of a broken chapter does not say: $want"
    done
done
echo "a broken chapter fails the build, saying:"
sed 's/^/    /' "$S/neg/student.err"

# make -n -W: what would be rebuilt if a file changed (nothing is touched)
c1=$(echo "$chapters" | head -n 1)
src=$(sed -n 's/.*include="\([^"]*\)".*/\1/p' "chapters/$c1/notes.md" | head -n 1)
would() {   # would FILE: the handouts make would rebuild if FILE changed
    $MAKE --no-print-directory -n -W "$1" handouts-files O="$O" 2>&1 |
        sed -n 's#^sh tools/handouts/build.sh [a-z]* .* \([^ ]*/handouts/[a-z]*/[^ /]*\.\(html\|pdf\)\).*#\1#p' | sort -u
}
expected() { for e in $2; do for c in $1; do echo "$H/$e/$c.html"; echo "$H/$e/$c.pdf"; done; done | sort -u; }
check_would() {   # check_would FILE CHAPTERS EDITIONS
    got=$(would "$1")
    want=$(expected "$2" "$3")
    if [ "$got" = "$want" ]; then
        echo "a change to $1 rebuilds $(echo "$got" | wc -l) files: $(echo $got | sed "s|$H/||g")"
    else
        bad "a change to $1 would rebuild: $(echo $got) -- expected: $(echo $want)"
    fi
}
if ! $MAKE --no-print-directory -q handouts-files O="$O"; then
    bad "make handouts is not up to date right after building; it would run:"
    $MAKE --no-print-directory -n handouts-files O="$O" 2>&1 | grep -v '^mkdir' | cut -c 1-160 | head -n 5
else
    check_would "chapters/$c1/notes.md" "$c1 book" "student instructor lecture"
    fig=$(ls chapters/"$c1"/fig/*.png 2>/dev/null | head -n 1)
    [ -n "$fig" ] && check_would "$fig" "$c1 book" "student instructor lecture"
    [ -n "$fig" ] && check_would "${fig%.png}.pdf" "$c1 book" "student instructor lecture"
    check_would "chapters/notation.md" "book" "student instructor lecture"
    [ -n "$src" ] && check_would "skeletons/$src" "$c1 book" "student"
    [ -n "$src" ] && check_would "solutions/$src" "$c1 book" "instructor"
fi

echo
[ $status = 0 ] && echo "handouts: every check passed; screenshots and page renders in $S/" ||
    echo "handouts: some checks failed (FAIL lines above); screenshots and page renders in $S/"
exit $status
