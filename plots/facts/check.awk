# check.awk -- does a chapter's notes.md say its facts, and no number beyond them?
# Usage: awk -v notes=NOTES -f plots/facts/check.awk FACTS.txt NOTES.md    (run by facts.sh)
# Exit status 1, with one line per problem, when a fact's words are not in the notes or the
# notes state a number (decimal, percentage, power of ten, three or more digits) outside every
# fact's words. What is looked at is described in plots/facts.sh.

function squeeze(s) { gsub(/[ \t]+/, " ", s); return s }

# s with every occurrence of the literal w replaced by a marker
function cut(s, w,    i, r) {
    r = ""
    while ((i = index(s, w)) > 0) {
        r = r substr(s, 1, i - 1) " @ "
        s = substr(s, i + length(w))
    }
    return r s
}

FNR == NR {
    if ($0 ~ /^#/ || $0 !~ /^[a-z0-9_]+: /) next
    i = index($0, ": ")
    nf++
    name[nf] = substr($0, 1, i - 1)
    words[nf] = squeeze(substr($0, i + 2))
    next
}

# the notes
/^```/ { fenced = !fenced; all = all " " $0; next }
fenced { all = all " " $0; next }
/^# (Further reading|Sources)/ { reading = 1 }
{
    all = all " " $0
    if (!reading) prose = prose " " $0
}

END {
    bad = 0
    all = squeeze(all)
    prose = squeeze(prose)
    for (k = 1; k <= nf; k++) {
        if (index(all, words[k]) == 0) {
            printf "%s: does not say fact %s: %s\n", notes, name[k], words[k]
            bad = 1
        }
        prose = cut(prose, words[k])
    }
    gsub(/`[^`]*`/, " ", prose)                          # inline code
    gsub(/\([^()]*(1[89]|20)[0-9][0-9]\)/, " ", prose)   # (Cybenko, 1989), (1986)
    rest = prose
    while (match(rest, /10\^\{?-?[0-9]+\}?|[0-9]+\.[0-9]+|[0-9]+ ?\\?%|[0-9][0-9][0-9]+/)) {
        tok = substr(rest, RSTART, RLENGTH)
        before = RSTART > 1 ? substr(rest, RSTART - 1, 1) : " "
        if (before !~ /[A-Za-z_.]/) {
            from = RSTART > 40 ? RSTART - 40 : 1
            printf "%s: states %s, which no fact covers: ...%s...\n", notes, tok,
                squeeze(substr(rest, from, RSTART - from + RLENGTH + 30))
            bad = 1
        }
        rest = substr(rest, RSTART + RLENGTH)
    }
    exit bad
}
