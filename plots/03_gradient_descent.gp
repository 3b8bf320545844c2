# 03_gradient_descent.gp -- chapter 3's figures, from the data plots/03_gradient_descent.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/03_gradient_descent.gp

load "plots/style.gp"
DARK = "#404040"

# ---- rates_1d: gradient descent on f(w) = 2 (w - 1)^2 with three learning rates
eval term(1020, 380)
set output out . "/rates_1d." . ext
set multiplot layout 1, 3 title "Gradient descent on L(w) = 2 (w - 1)^2 from w = -1: curvature ".LAMBDA." = 4, so it converges only for lr < 2/".LAMBDA." = 0.5"
set xlabel "w"
set ylabel "L(w)"
set grid
unset key
path = "with linespoints pt 7 ps 0.9 lw 1.5"
set title "lr = 0.05: too small, creeps"
set xrange [-1.5:3.5]; set yrange [0:10]
plot dir . "/parabola.dat" using 1:2 with lines lw 2 lc rgb "#b0b0b0", \
     dir . "/path_small.dat" using 1:3 @path lc rgb BLUE
set title "lr = 0.2: about right"
plot dir . "/parabola.dat" using 1:2 with lines lw 2 lc rgb "#b0b0b0", \
     dir . "/path_good.dat" using 1:3 @path lc rgb BLUE
set title "lr = 0.55 > 2/".LAMBDA.": zigzags outwards"
set xrange [-7:9]; set yrange [0:130]
plot dir . "/parabola.dat" using 1:2 with lines lw 2 lc rgb "#b0b0b0", \
     dir . "/path_big.dat" using 1:3 @path lc rgb ORANGE
unset multiplot
unset output

# ---- bowl: the tilted bowl's contours, and the paths of two learning rates
set xrange [-3:3]; set yrange [-3:3]
set contour base
set cntrparam levels discrete 0.25, 1, 2, 4, 7, 11, 16, 22
unset surface
set view map
set table $contours
splot dir . "/bowl.dat" using 1:2:3 with lines
unset table
unset contour
set surface

eval term(560, 520)
set output out . "/bowl." . ext
set title "L(".THETA.") = 0.5 ".THETA."^T A ".THETA." with A = [[3, 1], [1, 2]]; ".LAMBDA."_{max} = 3.62"
set title font ",10"
set size ratio -1
set xlabel THETA."_1"; set ylabel THETA."_2"
set key bottom left Left reverse opaque
plot $contours using 1:2 with lines lw 1 lc rgb "#b0b0b0" notitle, \
     dir . "/bowl_slow.dat" using 1:2 with linespoints pt 7 ps 0.7 lw 1.5 lc rgb BLUE title "lr = 0.1", \
     dir . "/bowl_zigzag.dat" using 1:2 with linespoints pt 5 ps 0.7 lw 1.5 lc rgb ORANGE title "lr = 0.5 (2/".LAMBDA."_{max} = 0.553)"
unset output
set size noratio
set title font ""

# ---- epochs: train and test loss per epoch, for batch, stochastic and mini-batch descent
eval term(700, 420)
set output out . "/epochs." . ext
set title "Logistic regression, lr 0.1: the loss after each epoch (solid: train, dashed: test)"
set xlabel "epoch (one pass over the 200 training examples)"
set ylabel "mean cross-entropy"
set xrange [0:*]; set yrange [0:0.72]
set key top right opaque
set grid
plot dir . "/epochs.dat" using 1:2 with lines lw 2.5 lc rgb DARK title "batch (B = N: 1 step per epoch)", \
     dir . "/epochs.dat" using 1:3 with lines lw 2 dt 2 lc rgb DARK notitle, \
     dir . "/epochs.dat" using 1:6 with lines lw 2.5 lc rgb BLUE title "mini-batch (B = 10: 20 steps)", \
     dir . "/epochs.dat" using 1:7 with lines lw 2 dt 2 lc rgb BLUE notitle, \
     dir . "/epochs.dat" using 1:4 with lines lw 2.5 lc rgb ORANGE title "stochastic (B = 1: 200 steps)", \
     dir . "/epochs.dat" using 1:5 with lines lw 2 dt 2 lc rgb ORANGE notitle
unset output
