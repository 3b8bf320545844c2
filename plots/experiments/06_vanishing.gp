# 06_vanishing.gp -- the figure of chapter 6's experiment on vanishing gradients, from
# 06_vanishing.c's data.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 06_vanishing.gp

load "plots/style.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"
BLACK3 = "#303030"
pos(x) = x > 0 ? x : NaN

eval term(1240, 580)
set output out . "/vanishing." . ext
set multiplot layout 1, 2 title "Vanishing gradients: the RMS of d loss / d weight, from the output layer down to the input" font ",12"

set title "Each layer of a network with 10 hidden layers of 8 units"
set xlabel "layer (0 = next to the input, 10 = the output layer)"
set ylabel "RMS of dweight"
set logscale y
set format y "10^{%L}"
set xrange [-0.3:10.3]; set yrange [1e-9:1]
set xtics 0, 1, 10
set grid
set key below center horizontal maxcols 3 width -1 samplen 2.5
file = dir . "/layers.dat"
plot file using 1:(pos($2)) with linespoints pt 7 ps 0.9 lw 2.5 lc rgb BLUE title "sigmoid, at init", \
     file using 1:(pos($3)) with linespoints pt 5 ps 0.9 lw 2.5 lc rgb ORANGE title "tanh, at init", \
     file using 1:(pos($4)) with linespoints pt 9 ps 1.0 lw 2.5 lc rgb BLACK3 title "relu, at init", \
     file using 1:(pos($5)) with linespoints pt 6 ps 0.9 lw 1.5 dt 2 lc rgb BLUE title "sigmoid, trained", \
     file using 1:(pos($6)) with linespoints pt 4 ps 0.9 lw 1.5 dt 2 lc rgb ORANGE title "tanh, trained", \
     file using 1:(pos($7)) with linespoints pt 8 ps 1.0 lw 1.5 dt 2 lc rgb BLACK3 title "relu, trained (0: none)"

set title "Layer 0's gradient over the output layer's, at initialisation"
set xlabel "hidden layers"
set ylabel "ratio"
set xrange [0.7:10.3]; set yrange [1e-7:10]
set xtics 1, 1, 10
set key inside bottom left vertical opaque box width 1
mine = dir . "/curves.dat"
set samples 10
if (ref ne "") {
    plot [d = 1:10] 0.25 ** d with lines lw 1.2 dt 3 lc rgb DARK title "(1/4)^d", \
         mine using 1:2 with linespoints pt 7 ps 1.1 lw 2.5 lc rgb BLUE title "sigmoid", \
         mine using 1:3 with linespoints pt 5 ps 1.1 lw 2.5 lc rgb ORANGE title "tanh", \
         mine using 1:4 with linespoints pt 9 ps 1.2 lw 2.5 lc rgb BLACK3 title "relu", \
         ref using 1:2 with points pt 6 ps 2 lw 1.2 lc rgb DARK title "the reference's", \
         ref using 1:3 with points pt 6 ps 2 lw 1.2 lc rgb DARK notitle, \
         ref using 1:4 with points pt 6 ps 2 lw 1.2 lc rgb DARK notitle
} else {
    plot [d = 1:10] 0.25 ** d with lines lw 1.2 dt 3 lc rgb DARK title "(1/4)^d", \
         mine using 1:2 with linespoints pt 7 ps 1.1 lw 2.5 lc rgb BLUE title "sigmoid", \
         mine using 1:3 with linespoints pt 5 ps 1.1 lw 2.5 lc rgb ORANGE title "tanh", \
         mine using 1:4 with linespoints pt 9 ps 1.2 lw 2.5 lc rgb BLACK3 title "relu"
}
unset multiplot
unset output
