# 06_dead.gp -- the figure of chapter 6's experiment on dead relus, from 06_dead.c's data.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 06_dead.gp

load "plots/style.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"
C1 = "#9ecae1"; C2 = BLUE; C3 = ORANGE; C4 = "#b2182b"
mine = dir . "/curves.dat"

eval term(1240, 500)
set output out . "/dead." . ext
set multiplot layout 1, 2 title "Dead relus in a 2-16-16-1 network on the spiral: units whose output is 0 on every training point" font ",12"
set xlabel "epoch (0 = the start)"
set ylabel "dead units (of 32, mean over the seeds)"
set yrange [-0.5:33]
set ytics 0, 4, 32
set grid
set key top left opaque box

set title "Four learning rates, biases starting at 0"
if (ref ne "") {
    plot mine using 1:2 with lines lw 2.5 lc rgb C1 title "rate 0.02", \
         mine using 1:3 with lines lw 2.5 lc rgb C2 title "rate 0.2", \
         mine using 1:4 with lines lw 2.5 lc rgb C3 title "rate 1", \
         mine using 1:5 with lines lw 2.5 lc rgb C4 title "rate 3", \
         for [c = 2:5] ref using 1:c with lines lw 1.2 dt 2 lc rgb DARK title (c == 2 ? "the reference's" : "")
} else {
    plot mine using 1:2 with lines lw 2.5 lc rgb C1 title "rate 0.02", \
         mine using 1:3 with lines lw 2.5 lc rgb C2 title "rate 0.2", \
         mine using 1:4 with lines lw 2.5 lc rgb C3 title "rate 1", \
         mine using 1:5 with lines lw 2.5 lc rgb C4 title "rate 3"
}

set title "Rate 0.2, every hidden bias starting at b"
if (ref ne "") {
    plot mine using 1:6 with lines lw 2.5 lc rgb C1 title "b = 0", \
         mine using 1:7 with lines lw 2.5 lc rgb C2 title "b = -1", \
         mine using 1:8 with lines lw 2.5 lc rgb C3 title "b = -2", \
         mine using 1:9 with lines lw 2.5 lc rgb C4 title "b = -4", \
         for [c = 6:9] ref using 1:c with lines lw 1.2 dt 2 lc rgb DARK title (c == 6 ? "the reference's" : "")
} else {
    plot mine using 1:6 with lines lw 2.5 lc rgb C1 title "b = 0", \
         mine using 1:7 with lines lw 2.5 lc rgb C2 title "b = -1", \
         mine using 1:8 with lines lw 2.5 lc rgb C3 title "b = -2", \
         mine using 1:9 with lines lw 2.5 lc rgb C4 title "b = -4"
}
unset multiplot
unset output
