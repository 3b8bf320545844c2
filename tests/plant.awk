# plant.awk -- plants one bug in a solution file: replaces a run of consecutive lines inside
# one exercise region with other lines.
#
# Usage: awk -v region=NAME -f tests/plant.awk OLD NEW SOLUTION > MUTANT
#   OLD   the lines to find (compared without leading and trailing blanks), consecutive, inside
#         the region `// @begin NAME` .. `// @end NAME`; they must occur there exactly once
#   NEW   the lines to put instead (may be empty), indented like the first old line
# A bug that no longer matches the solution is a stale catalogue entry: it fails with a message.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

FILENAME == ARGV[1] { old[++nold] = trim($0); next }
FILENAME == ARGV[2] { new[++nnew] = $0; next }   # relative indentation kept
{ src[++nsrc] = $0 }

END {
    if (nold == 0) { print "plant.awk: no lines to replace" > "/dev/stderr"; exit 2 }
    begin = end = 0
    for (i = 1; i <= nsrc; i++) {
        t = trim(src[i])
        if (t == "// @begin " region) begin = i
        if (t == "// @end " region) end = i
    }
    if (!begin || !end) { printf "plant.awk: no region %s in %s\n", region, ARGV[3] > "/dev/stderr"; exit 2 }
    found = 0
    for (i = begin + 1; i + nold - 1 < end; i++) {
        same = 1
        for (k = 1; k <= nold && same; k++) same = trim(src[i + k - 1]) == old[k]
        if (same) { found++; at = i }
    }
    if (found != 1) {
        printf "plant.awk: the lines to replace occur %d times in the region %s of %s (need exactly 1): `%s`\n", found, region, ARGV[3], old[1] > "/dev/stderr"
        exit 2
    }
    indent = src[at]; sub(/[^ \t].*$/, "", indent)
    for (i = 1; i < at; i++) print src[i]
    for (k = 1; k <= nnew; k++) print indent new[k]
    for (i = at + nold; i <= nsrc; i++) print src[i]
}
