# points.awk -- grader/points.txt as a release shows it, for an edition of the skeletons.
#
#   awk -v edition=guided|challenge -v hidden=keep|anonymise -f tools/points.awk grader/points.txt
#
# hidden=anonymise (the student release, which holds no hidden tests): a hidden row keeps only
# its chapter and points, as chNN/hidden_K, so that students see how many points are left for
# submission. hidden=keep (the Gradescope and PrairieLearn graders, which run them): as it is.
# edition=challenge: no fixed hint states a formula; each points to make hint, as the challenge
# edition's TODO blocks do (tools/editions.md), or says instead what -v where=TEXT says (for a
# platform whose students have no terminal: "the chapter's notes derive it"). Comment lines are
# kept.
!/^[ \t]*#/ && NF >= 5 && $4 == "hidden" && hidden == "anonymise" {
    split($1, part, "/")
    n[part[1]]++
    printf "%s/hidden_%d  %s %s hidden  (a test that runs only at submission)\n", part[1], n[part[1]], $2, $3
    next
}
!/^[ \t]*#/ && NF >= 5 && edition == "challenge" {
    ch = substr($1, 3, 2)
    how = where != "" ? where : "make hint CH=" ch " gives a nudge, then the formula"
    printf "%s %s %s %s  %s; the TODO block states the contract.\n", $1, $2, $3, $4, how
    next
}
{ print }
