#!/bin/sh
# similarity.sh -- how alike the students' chapter files are, pair by pair: evidence for a human
# to look at, never a verdict. Two honest students can write the same twenty lines (there are
# few ways to write a dot product), and a student who copies can rewrite enough to hide it; a
# high score says where to read first, and nothing more.
#
# Usage: SUBMISSIONS=dir sh tools/similarity.sh        (make similarity SUBMISSIONS=dir)
# SUBMISSIONS is laid out as for make grade-class: one folder per student, holding their chapter
# files named as in skeletons/ (at most one folder down).
#
# For each chapter, each student's file loses the skeleton's text first: every line that is, up
# to spaces, a line of skeletons/NN_topic.c is blanked (line numbers kept), so that what every
# student received -- scaffolding, signatures, comments, untouched stubs -- makes nobody alike.
# Then Dick Grune's similarity tester (sim_c, Debian's similarity-tester) compares what is left
# of every pair of files on its own (-e, both ways -a). sim_c compares tokens, not text: names of
# variables and functions, layout, comments, numbers and strings do not count, and a run of at
# least 24 tokens in the same order counts wherever it is in each file (so reordered functions
# still match). "a in b" is the share of a's own tokens found in b; a pair's score is the larger
# of a in b and b in a (one who copied and added code is mostly the other's text).
#
# Writes $O/similarity/:
#   similarity.csv   every pair of students of every chapter that both handed in code of their
#                    own, ranked by score: rank, chapter, student_a, student_b, score, a_in_b,
#                    b_in_a, own tokens of a and of b, the pair's page
#   index.html       the same ranking as a table, linking the pages
#   chNN/A--B.html   the two files side by side, the runs found in both in the same colour, the
#                    skeleton's lines greyed (for the pairs with a score, at most 50 per chapter)
#   chNN/own/        what sim_c compared: each file without the skeleton's lines
# Not here on purpose: any threshold or verdict; comparison with earlier years or the web.
set -u
O=${O:-build}
export LC_ALL=C

if [ -z "${SUBMISSIONS:-}" ] || [ ! -d "$SUBMISSIONS" ]; then
    echo "similarity: SUBMISSIONS must name a folder with one folder per student, e.g." \
         "make similarity SUBMISSIONS=submissions/" >&2
    exit 2
fi
command -v sim_c > /dev/null 2>&1 || { echo "similarity: sim_c is missing (sh tools/deps.sh similarity)" >&2; exit 2; }

out="$O/similarity"
rm -rf "$out"
mkdir -p "$out"

# Each student as NNN-NAME, as make grade-class names their folder of results.
folder_of() {   # folder_of NUMBER NAME
    printf '%03d-%s' "$1" "$(printf '%s' "$2" | tr -c 'A-Za-z0-9._-' '_')"
}
ls -1 "$SUBMISSIONS" | while IFS= read -r student; do
    [ -d "$SUBMISSIONS/$student" ] && printf '%s\n' "$student"
done > "$out/students.txt"
total=$(wc -l < "$out/students.txt")
[ "$total" -ge 2 ] || { echo "similarity: fewer than two student folders in $SUBMISSIONS" >&2; exit 2; }

# HTML-escapes stdin.
escape() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g'; }

: > "$out/pairs.tsv"
for skel in skeletons/[0-9][0-9]_*.c; do
    base=${skel##*/}
    nn=${base%%_*}
    ch="$out/ch$nn"
    mkdir -p "$ch/own" "$ch/files"
    : > "$ch/names.tsv"
    number=0
    while IFS= read -r student; do
        number=$((number + 1))
        f=$(find "$SUBMISSIONS/$student" -maxdepth 2 -type f -name "$base" 2>/dev/null | head -n 1)
        [ -n "$f" ] || continue
        safe=$(folder_of "$number" "$student")
        cp "$f" "$ch/files/$safe.c"
        # The student's own lines: those that are no line of the skeleton (spaces aside).
        awk 'function norm(s) { gsub(/[ \t\r]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
             FNR == NR { if (norm($0) != "") skel[norm($0)] = 1; next }
             { print (norm($0) in skel) ? "" : $0 }' "$skel" "$f" > "$ch/own/$safe.c"
        printf '%s\t%s\n' "$safe" "$student" >> "$ch/names.tsv"
    done < "$out/students.txt"
    [ "$(wc -l < "$ch/names.tsv")" -ge 2 ] || { rm -rf "$ch"; continue; }
    # Every pair on its own, both ways: "a.c consists for P % of b.c material", and each file's
    # own tokens ("File a.c: T tokens, L lines").
    (cd "$ch/own" && sim_c -a -e -p ./*.c) > "$ch/sim.txt" 2> "$ch/sim.err" ||
        { echo "similarity: sim_c failed on chapter $nn (see $ch/sim.err)" >&2; exit 1; }
    awk -v nn="$nn" -F '\t' '
        FILENAME ~ /names.tsv$/ { name[$1] = $2; order[++n] = $1; next }
        /^File .*: [0-9]+ tokens/ {
            f = $0; sub(/^File (\.\/)?/, "", f); t = f; sub(/\.c: .*/, "", f)
            sub(/^[^:]*: /, "", t); sub(/ tokens.*/, "", t); tokens[f] = t; next
        }
        / consists for [0-9]+ % of .* material$/ {
            a = $0; sub(/^(\.\/)?/, "", a); sub(/\.c consists for .*/, "", a)
            p = $0; sub(/.* consists for /, "", p); sub(/ %.*/, "", p)
            b = $0; sub(/.* % of (\.\/)?/, "", b); sub(/\.c material$/, "", b)
            if (a != b) pct[a, b] = p
        }
        END {
            for (i = 1; i <= n; i++)
                for (j = i + 1; j <= n; j++) {
                    a = order[i]; b = order[j]
                    ab = ((a, b) in pct) ? pct[a, b] : 0; ba = ((b, a) in pct) ? pct[b, a] : 0
                    if (tokens[a] + 0 == 0 || tokens[b] + 0 == 0) continue   # nothing of their own
                    score = ab > ba ? ab : ba
                    printf "%d\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", score, (ab < ba ? ab : ba), nn,
                        a, b, name[a] "\t" name[b], ab, ba, tokens[a], tokens[b]
                }
        }' "$ch/names.tsv" FS=' ' "$ch/sim.txt" >> "$out/pairs.tsv"
done

# Ranked: by score, then by the smaller share, then by chapter and names (a stable order).
sort -t "$(printf '\t')" -k1,1nr -k2,2nr -k3,3 -k4,4 -k5,5 "$out/pairs.tsv" > "$out/ranked.tsv"

# One page per pair with a score (at most 50 per chapter): the files side by side, the runs sim_c
# found between them numbered and coloured alike, the skeleton's lines grey.
page_of() {   # page_of NN A B
    printf 'ch%s/%s--%s.html' "$1" "$2" "$3"
}
awk -F '\t' '$1 > 0 && ++seen[$3] <= 50 { print $3 "\t" $4 "\t" $5 }' "$out/ranked.tsv" |
while IFS="$(printf '\t')" read -r nn a b; do
    ch="$out/ch$nn"
    (cd "$ch/own" && sim_c -e -n -T "$a.c" "$b.c") > "$ch/runs.txt" 2> /dev/null
    # runs as "k from to side": side a or b, lines from .. to, run k (only runs across the pair)
    awk -v a="$a" -v b="$b" '
        / \|.*\[[0-9]+\]$/ {
            l = $0; r = $0; sub(/ *\|.*/, "", l); sub(/^[^|]*\|/, "", r); sub(/ *\[[0-9]+\]$/, "", r)
            fl = l; sub(/:.*/, "", fl); fr = r; sub(/:.*/, "", fr)
            if (fl == fr) next
            k++
            for (s = 1; s <= 2; s++) {
                x = s == 1 ? l : r; f = s == 1 ? fl : fr
                sub(/.*line /, "", x); split(x, range, "-")
                print k, range[1], range[2], (f == a ".c" ? "a" : "b")
            }
        }' "$ch/runs.txt" > "$ch/runs.$a--$b"
    side() {   # side a|b SAFE: the file as a <pre>, its lines marked
        awk -v side="$1" -v esc=1 '
            FILENAME ~ /runs/ { if ($4 == side) for (i = $2; i <= $3; i++) run[i] = $1; next }
            FILENAME ~ /\/own\// { own[FNR] = $0; next }
            {
                t = $0; gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
                cls = (FNR in run) ? "run r" (run[FNR] % 8) : (own[FNR] == "" && $0 != "" ? "skel" : "own")
                title = (FNR in run) ? " title=\"run " run[FNR] "\"" : ""
                printf "<span class=\"%s\"%s><i>%4d</i> %s</span>", cls, title, FNR, t
            }' "$ch/runs.$a--$b" "$ch/own/$2.c" "$ch/files/$2.c"
    }
    na=$(awk -F '\t' -v s="$a" '$1 == s { print $2 }' "$ch/names.tsv" | escape)
    nb=$(awk -F '\t' -v s="$b" '$1 == s { print $2 }' "$ch/names.tsv" | escape)
    row=$(awk -F '\t' -v nn="$nn" -v a="$a" -v b="$b" '$3 == nn && $4 == a && $5 == b' "$out/ranked.tsv")
    ab=$(printf '%s' "$row" | cut -f 8) ba=$(printf '%s' "$row" | cut -f 9)
    {
        cat <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>chapter $nn: $na and $nb</title>
<link rel="stylesheet" href="../similarity.css"></head><body>
<p><a href="../index.html">all pairs</a></p>
<h1>Chapter $nn: $na and $nb</h1>
<p>$ab% of $na's own tokens are found in $nb's file, $ba% of $nb's in $na's. Runs that sim_c
found in both files have the same colour and number (hover a line); grey lines are the
skeleton's, which every student received and which do not count. Same tokens need not mean
copied code: read the two files, and the rest of the class's, before drawing any conclusion.</p>
<div class="pair"><div><h2>$na</h2><pre>
HTML
        side a "$a"
        printf '</pre></div><div><h2>%s</h2><pre>\n' "$nb"
        side b "$b"
        printf '</pre></div></div></body></html>\n'
    } > "$out/$(page_of "$nn" "$a" "$b")"
done

cat > "$out/similarity.css" <<'CSS'
body { font-family: sans-serif; margin: 1em 2em; max-width: 110em; }
table { border-collapse: collapse; } td, th { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.pair { display: flex; gap: 1em; } .pair > div { flex: 1; min-width: 0; overflow-x: auto; }
pre { font-size: 0.8em; line-height: 1.35; } pre span { display: block; white-space: pre; }
i { color: #999; font-style: normal; } .skel { color: #aaa; }
.r0 { background: #fde2e2; } .r1 { background: #e2effd; } .r2 { background: #e6f6df; } .r3 { background: #fff1cc; }
.r4 { background: #efe2fd; } .r5 { background: #dff6f4; } .r6 { background: #fde8d7; } .r7 { background: #eeeeee; }
CSS

# The CSV (quoted names: they may hold commas) and the index page.
{
    echo "rank,chapter,student_a,student_b,score,a_in_b,b_in_a,tokens_a,tokens_b,page"
    awk -F '\t' '
        function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
        { page = $1 > 0 && ++seen[$3] <= 50 ? "ch" $3 "/" $4 "--" $5 ".html" : ""
          printf "%d,%s,%s,%s,%d,%d,%d,%d,%d,%s\n", NR, $3, q($6), q($7), $1, $8, $9, $10, $11, page }' "$out/ranked.tsv"
} > "$out/similarity.csv"
{
    cat <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Similarity of the submissions</title>
<link rel="stylesheet" href="similarity.css"></head><body>
<h1>Similarity of the submissions, pair by pair</h1>
<p><b>Evidence for a human to look at, never a verdict.</b> For each chapter, the text of the
skeleton is taken out of every file, and sim_c (Dick Grune's similarity tester) compares what
is left of each pair of files token by token, ignoring names, layout and comments. "a in b" is
the share of a's own code found in b, in runs of at least 24 tokens; the score is the larger
of the two. Honest students can score high on short, constrained exercises, and a determined
copier can score low. Open a pair to read the two files side by side.</p>
<table><tr><th>rank</th><th>chapter</th><th>student a</th><th>student b</th><th>score</th>
<th>a in b</th><th>b in a</th><th>own tokens of a, b</th></tr>
HTML
    awk -F '\t' '
        function h(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
        { page = $1 > 0 && ++seen[$3] <= 50 ? "ch" $3 "/" $4 "--" $5 ".html" : ""
          pair = page == "" ? h($6) "</td><td>" h($7) : "<a href=\"" page "\">" h($6) "</a></td><td><a href=\"" page "\">" h($7) "</a>"
          printf "<tr><td class=\"n\">%d</td><td>%s</td><td>%s</td><td class=\"n\">%d%%</td><td class=\"n\">%d%%</td><td class=\"n\">%d%%</td><td class=\"n\">%d, %d</td></tr>\n",
                 NR, $3, pair, $1, $8, $9, $10, $11 }' "$out/ranked.tsv"
    echo '</table></body></html>'
} > "$out/index.html"
rm -f "$out/pairs.tsv"

pairs=$(wc -l < "$out/ranked.tsv")
echo "compared $pairs pairs of files of $total students: $out/similarity.csv and $out/index.html"
echo "(evidence for a human to read, never a verdict: see the top of $out/index.html)"
