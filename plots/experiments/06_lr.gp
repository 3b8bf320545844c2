# 06_lr.gp -- the figure of chapter 6's experiment on the learning rate and the curvature,
# from 06_lr.c's data.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 06_lr.gp

load "plots/style.gp"
load dir . "/values.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"
RED = "#b2182b"
# the curves' colours, from light blue (small rates) to dark red (large)
COLOURS = "#9ecae1 #4292c6 #08306b #f59322 #d94801 #7f0000"
cval(i) = value(sprintf("c%d", i))

eval term(1240, 520)
set output out . "/lr." . ext
set multiplot layout 1, 2 title "Full-batch descent on the 2-16-16-1 network: the rate against the largest curvature" font ",12"

set title sprintf("The loss, step by step, at rates c 2/{/Symbol l}_0 ({/Symbol l}_0 = %.3g at the start)", lambda0)
set xlabel "step"; set ylabel "training loss"
set logscale y
set yrange [0.01:3]
set grid
set key bottom left opaque box title "c" samplen 2
plot for [i = 1:rates:2] dir . "/losses.dat" using 1:(column(i + 1)) with lines lw 1.6 lc rgb word(COLOURS, (i + 1) / 2) title sprintf("%.3g", cval(i))

set title "Where each run ends up: {/Symbol l}_{max} over the last half of the run"
set xlabel "rate {/Symbol a}"; set ylabel "{/Symbol l}_{max}"
set logscale xy
set xrange [0.1:10]; set yrange [0.3:30]
set format x "%g"; set format y "%g"
set key top right opaque box noautotitle title ""
mine = dir . "/curves.dat"
set samples 50
# diverged runs (-1): a cross on the bottom edge
div(y) = (y < 0) ? 0.4 : NaN
ok(y) = (y > 0) ? y : NaN
if (ref ne "") {
    plot [a = 0.1:10] 2 / a with lines lw 1.5 dt 2 lc rgb DARK title "the ceiling 2/{/Symbol a}", \
         lambda0 with lines lw 1 dt 3 lc rgb DARK title "{/Symbol l}_{max} at the start", \
         mine using 2:(ok($6)) with points pt 7 ps 1.3 lc rgb BLUE title "your runs", \
         mine using 2:(div($6)) with points pt 2 ps 1.6 lw 2 lc rgb RED title "diverged", \
         ref using 2:(ok($6)) with points pt 6 ps 2.2 lw 1.2 lc rgb DARK title "the reference's"
} else {
    plot [a = 0.1:10] 2 / a with lines lw 1.5 dt 2 lc rgb DARK title "the ceiling 2/{/Symbol a}", \
         lambda0 with lines lw 1 dt 3 lc rgb DARK title "{/Symbol l}_{max} at the start", \
         mine using 2:(ok($6)) with points pt 7 ps 1.3 lc rgb BLUE title "the runs", \
         mine using 2:(div($6)) with points pt 2 ps 1.6 lw 2 lc rgb RED title "diverged"
}
unset multiplot
unset output
