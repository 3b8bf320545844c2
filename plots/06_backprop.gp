# 06_backprop.gp -- chapter 6's figures, from the data plots/06_backprop.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/06_backprop.gp

load "plots/style.gp"

# ---- loss: the mean cross-entropy of the train and test halves after each epoch
eval term(700, 420)
set output out . "/loss." . ext
set title "Training a 2-16-16-1 tanh network on spiral data (lr 0.2, batches of 10)"
set xlabel "epoch"; set ylabel "mean cross-entropy"
set logscale y
set format y "%g"
set grid
set key top right
set xrange [0:*]
plot dir . "/loss.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "train", \
     dir . "/loss.dat" using 1:3 with lines lw 2.5 dt 2 lc rgb ORANGE title "test"
unset output
unset logscale y
set format y "% h"

# ---- boundary: the network this code trained, beside the reference's
set contour base
set cntrparam levels discrete 0.5
unset surface
set view map
set table $yours
splot dir . "/yours_grid.dat" using 1:2:3 with lines
unset table
set table $reference
splot dir . "/reference_grid.dat" using 1:2:3 with lines
unset table
unset contour

eval term(1100, 540)
set output out . "/boundary." . ext
set multiplot layout 1, 2 title "The decision boundary after 400 epochs, and the reference's"
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set size ratio -1
set xlabel "x_1"; set ylabel "x_2"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset colorbox
unset grid
# The probability lightened, so that each point shows in its class's colour and a point on the
# wrong side of the boundary stands out.
set key outside bottom center horizontal samplen 1
set title "trained by this code"
plot dir . "/yours_grid.dat" using 1:2:(light($3)) with image notitle, \
     $yours using 1:2 with lines lw 2 lc rgb "black" notitle, \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     @classkey0 title "class 0", @classkey1 title "class 1"
set title "trained by the reference"
plot dir . "/reference_grid.dat" using 1:2:(light($3)) with image notitle, \
     $reference using 1:2 with lines lw 2 lc rgb "black" notitle, \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     @classkey0 title "class 0", @classkey1 title "class 1"
unset key
unset multiplot
unset output

# ---- gradnorm: how big the weight gradients are, layer by layer, at initialisation
eval term(700, 440)
set output out . "/gradnorm." . ext
set size noratio
set title "Gradient size per layer of a 2-8-8-8-8-8-1 network at initialisation"
set xlabel "layer l (0 = nearest the input, 5 = the output layer)"
set ylabel "RMS of d loss / d weight[l]"
set xrange [-0.2:5.2]; set yrange [*:*]
set xtics 1
set logscale y
set format y "10^{%L}"
set grid
set key bottom right
plot dir . "/gradnorm.dat" using 1:2 with linespoints pt 7 lw 2.5 lc rgb BLUE title "sigmoid", \
     dir . "/gradnorm.dat" using 1:3 with linespoints pt 5 lw 2.5 lc rgb ORANGE title "tanh", \
     dir . "/gradnorm.dat" using 1:4 with linespoints pt 9 lw 2.5 lc rgb "#303030" title "relu"
unset output

# ---- backprop_graph: the example by hand as a computation graph. Each node's value going
#      forward (blue) and the gradient of the loss with respect to it coming back (orange): under
#      the nodes of the chain, over the parameters that feed it.
reset
load "plots/style.gp"
load dir . "/graph.gp"
eval term(1000, 400)
set output out . "/backprop_graph." . ext
unset border; unset tics; unset key; unset colorbox; unset title
set size ratio -1
set xrange [-0.4:16.0]; set yrange [-2.45:4.1]
set margins 0, 0, 0, 0
R = 0.5
INK = "#303030"
set style fill solid 1.0 border lc rgb INK
# the nodes: the chain x, z, a, o, p, l on one row; w0, b0 and w1, b1 above it
array NX[10] = [0.8, 4.0, 6.8, 9.8, 12.6, 15.2, 3.0, 5.0, 8.8, 10.8]
array NY[10] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.3, 2.3, 2.3, 2.3]
array NAME[10] = ["{/:Italic x}", "{/:Italic z}", "{/:Italic a}", "{/:Italic o}", "{/:Italic p}", ELL, \
                  "{/:Italic w}_0", "{/:Italic b}_0", "{/:Italic w}_1", "{/:Italic b}_1"]
array VAL[10] = [x, z, a, o, p, loss, w0, b0, w1, b1]
array BAR[10] = [dx, dz, da, do_, NaN, 1, dw0, db0, dw1, db1]
array FILL[10] = ["#eeeeee", "#cfe3f2", "#cfe3f2", "#cfe3f2", "#fbe2c6", "#fbe2c6", "#eeeeee", "#eeeeee", "#eeeeee", "#eeeeee"]
do for [k = 1:10] {
    set object k circle at NX[k], NY[k] size R fc rgb FILL[k] lw 1.5 front
    set label k NAME[k] at NX[k], NY[k] center front font ",14"
    up = (k > 6) ? 1 : -1                        # labels over the parameters, under the chain
    ylab = NY[k] + up * (R + (up > 0 ? 0.75 : 0.32))
    set label 20 + k sprintf("%.4g", VAL[k]) at NX[k], ylab center front font ",11" tc rgb BLUE
    if (BAR[k] == BAR[k]) {
        set label 40 + k sprintf("%.4g", BAR[k]) at NX[k], ylab - 0.43 center front font ",11" tc rgb ORANGE
    }
}
edge(n, a, b) = sprintf("set arrow %d from %f,%f to %f,%f head filled size 0.18,20 lw 1.3 lc rgb '%s' back", n, \
    NX[a] + R * (NX[b] - NX[a]) / sqrt((NX[b] - NX[a])**2 + (NY[b] - NY[a])**2), \
    NY[a] + R * (NY[b] - NY[a]) / sqrt((NX[b] - NX[a])**2 + (NY[b] - NY[a])**2), \
    NX[b] - (R + 0.04) * (NX[b] - NX[a]) / sqrt((NX[b] - NX[a])**2 + (NY[b] - NY[a])**2), \
    NY[b] - (R + 0.04) * (NY[b] - NY[a]) / sqrt((NX[b] - NX[a])**2 + (NY[b] - NY[a])**2), INK)
eval edge(1, 1, 2); eval edge(2, 7, 2); eval edge(3, 8, 2); eval edge(4, 2, 3); eval edge(5, 3, 4)
eval edge(6, 9, 4); eval edge(7, 10, 4); eval edge(8, 4, 5); eval edge(9, 5, 6)
# what each node computes
set label 60 "{/:Italic z} = {/:Italic w}_0{/:Italic x} + {/:Italic b}_0" at NX[2], -2.05 center font ",10" tc rgb "#505050"
set label 61 "{/:Italic a} = tanh {/:Italic z}" at NX[3], -2.05 center font ",10" tc rgb "#505050"
set label 62 "{/:Italic o} = {/:Italic w}_1{/:Italic a} + {/:Italic b}_1" at NX[4], -2.05 center font ",10" tc rgb "#505050"
set label 63 "{/:Italic p} = ".SIGMA."({/:Italic o})" at NX[5], -2.05 center font ",10" tc rgb "#505050"
set label 64 ELL." = -log {/:Italic p}" at NX[6], -2.05 center font ",10" tc rgb "#505050"
set label 67 sprintf("label {/:Italic y} = %d", y) at NX[6], 1.05 center font ",10" tc rgb "#505050"
# the key
set label 65 "value going forward" at 12.3, 3.75 left font ",10" tc rgb BLUE
set label 66 "d".ELL."/d(node) coming back" at 12.3, 3.3 left font ",10" tc rgb ORANGE
plot NaN notitle
unset output

# ---- gradcheck_h: the worst relative error of a gradient checker's centred differences
#      against the step h, this code's (line) and the reference's (circles): the difference
#      quotient's own error on the right, falling like h^2, and rounding on the left, growing
#      like 1/h. (Yours is missing, NaN, until gradcheck_numeric and gradcheck_compare are written.)
reset
load "plots/style.gp"
eval term(760, 470)
set output out . "/gradcheck_h." . ext
set title "The error of centred differences against the step h, on 8 entries of a smooth function\n" . \
    "(line: this code's gradient checker; circles: the reference's)"
set xlabel "step h"
set ylabel "worst relative error of the 8 entries"
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [1e-13:0.1]
set yrange [1e-11:1]
set xtics 1e-13, 100, 0.1
set grid
set key top left opaque box lc rgb "#c0c0c0" samplen 2
set arrow 1 from 1e-5, 1e-11 to 1e-5, 1 nohead dt 3 lw 1.5 lc rgb "#606060"
set label 1 "the grader's h = 10^{-5}" at 1.3e-5, 0.3 left font ",10" tc rgb "#404040"
set arrow 2 from 1e-13, 1e-7 to 0.1, 1e-7 nohead dt 2 lw 1.5 lc rgb "#606060"
set label 2 "rtol 10^{-7}: above it, entries fail" at 1.5e-13, 4e-8 left font ",10" tc rgb "#404040"
set label 3 "left: rounding in f,\ngrowing like 1/h" at 2e-13, 1e-9 left font ",10" tc rgb "#404040"
set label 4 "right: the quotient's\nown error, like h^2" at 7e-2, 8e-11 right font ",10" tc rgb "#404040"
plot dir . "/gradcheck_h.dat" using 1:2 with lines lw 2.5 lc rgb BLUE title "this code", \
     dir . "/gradcheck_h.dat" using 1:3 with points pt 6 ps 0.8 lc rgb "#303030" title "the reference"
unset output
