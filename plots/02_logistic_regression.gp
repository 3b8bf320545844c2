# 02_logistic_regression.gp -- chapter 2's figures, from the data plots/02_logistic_regression.c
# wrote. Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/02_logistic_regression.gp

load "plots/style.gp"

# ---- sigmoid: the sigmoid and its derivative
eval term(620, 360)
set output out . "/sigmoid." . ext
set title "The sigmoid squashes the logit z into a probability"
set xlabel "logit z"
set ylabel ""
set xrange [-8:8]; set yrange [0:1.05]
set ytics 0.25
set grid
set key top left Left reverse
set arrow 1 from 0, 0.5 to 2.2, 0.5 nohead dt 3 lc rgb "#808080"
set label 1 "sigmoid(0) = 1/2" at 2.4, 0.5 left
set label 2 "slope 1/4 at z = 0" at 0.6, 0.27 left
plot dir . "/sigmoid.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "sigmoid(z) = 1 / (1 + e^{-z})", \
     dir . "/sigmoid.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))"
unset output
unset arrow 1
unset label 1
unset label 2
set ytics autofreq

# ---- probability: the trained model's p over the plane, the p = 1/2 line, the data on top
# The p = 1/2 contour, traced into a datablock first (within the plane's ranges).
set xrange [-6:6]; set yrange [-6:6]
set contour base
set cntrparam levels discrete 0.5
unset surface
set view map
set table $boundary
splot dir . "/grid.dat" using 1:2:3 with lines
unset table
unset contour
set surface

eval term(580, 520)
set output out . "/probability." . ext
set title "p(y = 1 | x) after 100 steps of gradient descent"
set size ratio -1
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set xlabel "x_1"; set ylabel "x_2"
set ytics autofreq
set colorbox
set cblabel "p = sigmoid(b + w . x)"
set cbtics 0.25
unset grid
unset key
plot dir . "/grid.dat" using 1:2:3 with image, \
     $boundary using 1:2 with lines lw 2 lc rgb "black", \
     dir . "/blobs.dat" using 1:2 @ring, \
     dir . "/blobs.dat" using 1:2:(class_colour($3)) @dot
unset output
set size noratio
unset colorbox

# ---- logloss: the cross-entropy of one example against the probability the model gave it
eval term(620, 380)
set output out . "/logloss." . ext
set title "The log loss of one example"
set xlabel "p, the model's probability of class 1"
set ylabel "loss"
set xrange [0:1]; set yrange [0:7]
set grid
set key top center
plot dir . "/logloss.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "y = 1: -log p", \
     dir . "/logloss.dat" using 1:3 with lines lw 2.5 lc rgb ORANGE title "y = 0: -log(1 - p)"
unset output

# ---- ce_vs_se: cross-entropy against the squared error, from a confidently wrong start
eval term(960, 380)
set output out . "/ce_vs_se." . ext
set multiplot layout 1, 2 title "Both start confidently wrong about every point (z = 12 - 3 x_1 - 3 x_2), lr 0.5"
set title "accuracy"
set xlabel "step"; set ylabel "classified right (%)"
set xrange [0:150]; set yrange [-5:105]; set ytics 0, 20, 100
set key at graph 0.98, 0.5 right opaque
plot dir . "/compare.dat" using 1:(100 * $2) with lines lw 2.5 lc rgb BLUE title "cross-entropy", \
     dir . "/compare.dat" using 1:(100 * $5) with lines lw 3.5 dt 2 lc rgb ORANGE title "squared error (tanh): 0% throughout"
set title "size of the gradient"
set ylabel "|gradient|"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
set key top right opaque
plot dir . "/compare.dat" using 1:3 with lines lw 2.5 lc rgb BLUE title "cross-entropy", \
     dir . "/compare.dat" using 1:6 with lines lw 2.5 dt 2 lc rgb ORANGE title "squared error (tanh)"
unset multiplot
unset output
unset logscale y
set format y "%g"
