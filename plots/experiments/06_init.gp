# 06_init.gp -- the figure of chapter 6's experiment on initialisation, from 06_init.c's data.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 06_init.gp

load "plots/style.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"
GREEN = "#2a9d5c"
RED = "#c0392b"
mine = dir . "/curves.dat"

eval term(1280, 520)
set output out . "/init." . ext
set multiplot title "Three starts for the 2-16-16-1 network on the spiral: zero, Glorot's U(-r, r), U(-0.5, 0.5)" font ",12"

# ---- left: the training loss, epoch by epoch
set lmargin at screen 0.06; set rmargin at screen 0.48
set tmargin at screen 0.84; set bmargin at screen 0.12
set title "Mean training loss of each epoch (over the seeds)"
set xlabel "epoch"; set ylabel "loss"
set logscale y
set yrange [0.008:1]
set grid
set key bottom left opaque box
if (ref ne "") {
    plot mine using 1:2 with lines lw 2.5 lc rgb BLUE title "Glorot", \
         mine using 1:3 with lines lw 2.5 lc rgb ORANGE title "U(-0.5, 0.5)", \
         mine using 1:4 with lines lw 2.5 lc rgb RED title "zero, tanh", \
         mine using 1:5 with lines lw 2.5 lc rgb GREEN title "zero, sigmoid", \
         ref using 1:2 with lines lw 1.2 dt 2 lc rgb DARK title "the reference's", \
         ref using 1:3 with lines lw 1.2 dt 2 lc rgb DARK notitle, \
         ref using 1:4 with lines lw 1.2 dt 2 lc rgb DARK notitle, \
         ref using 1:5 with lines lw 1.2 dt 2 lc rgb DARK notitle
} else {
    plot mine using 1:2 with lines lw 2.5 lc rgb BLUE title "Glorot", \
         mine using 1:3 with lines lw 2.5 lc rgb ORANGE title "U(-0.5, 0.5)", \
         mine using 1:4 with lines lw 2.5 lc rgb RED title "zero, tanh", \
         mine using 1:5 with lines lw 2.5 lc rgb GREEN title "zero, sigmoid"
}
unset logscale y
unset grid

# ---- right: the first hidden layer after training, one row a unit
set palette defined (-1 "#b2182b", 0 "#f7f7f7", 1 "#2166ac")
set cbrange [-6:6]
unset key
set xrange [-0.5:2.5]; set yrange [15.5:-0.5]
set xtics ("w_1" 0, "w_2" 1, "b" 2)
set ytics 0, 5, 15
set xlabel ""; set ylabel "hidden unit"
unset colorbox
set tmargin at screen 0.8; set bmargin at screen 0.12
set label 2 "The first hidden layer after training (seed 1): weights and bias of each unit" at screen 0.745, 0.895 center
do for [s = 0:3] {
    set lmargin at screen 0.575 + s * 0.095; set rmargin at screen 0.575 + s * 0.095 + 0.065
    if (s == 3) { set colorbox user origin 0.96, 0.2 size 0.012, 0.6; set cbtics 3 }
    set title word("Glorot U(-0.5,0.5) zero,tanh zero,sigmoid", s + 1) noenhanced
    if (s > 0) { set ylabel ""; set format y "" }
    if (s >= 2) { set label 1 "every row alike" at screen 0.575 + s * 0.095 + 0.0325, 0.05 center }
    plot dir . "/rows.dat" index s using 1:2:3 with image
    unset label 1
    unset label 2
}
unset multiplot
unset output
