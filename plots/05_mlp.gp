# 05_mlp.gp -- chapter 5's figures, from the data plots/05_mlp.c wrote.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'" plots/05_mlp.gp

load "plots/style.gp"
load dir . "/values.gp"

# The p = 0.5 contour of a grid file into a datablock: the decision boundary as a line.
set contour base
set cntrparam levels discrete 0.5
unset surface
set view map
set table $circle_boundary
splot dir . "/circle_grid.dat" using 1:2:3 with lines
unset table
set table $spiral1_boundary
splot dir . "/spiral1_grid.dat" using 1:2:3 with lines
unset table
set table $spiral3_boundary
splot dir . "/spiral3_grid.dat" using 1:2:3 with lines
unset table
unset contour

# ---- activations: each function (top) and its derivative (bottom), drawn apart so that neither
#      hides the other; relu' jumps at 0, where the workbook's convention gives it the value 0
eval term(1200, 640)
set output out . "/activations." . ext
set multiplot layout 2, 3 title "Activation functions (top) and their derivatives (bottom)"
set xrange [-5:5]
set grid
unset key
set xlabel "z"
set yrange [-0.05:1.05]
set title "sigmoid: squashes to (0, 1)"
plot dir . "/act.dat" using 1:2 with lines lw 2.5 lc rgb BLUE
set yrange [-1.1:1.1]
set title "tanh: squashes to (-1, 1)"
plot dir . "/act.dat" using 1:4 with lines lw 2.5 lc rgb ORANGE
set yrange [-0.3:5.3]
set title "relu: thresholds at 0"
plot dir . "/act.dat" using 1:6 with lines lw 2.5 lc rgb "#303030"
set yrange [-0.01:0.28]
set title "sigmoid'(z) = s (1 - s): at most 1/4"
set arrow 1 from -5, 0.25 to 5, 0.25 nohead dt 3 lc rgb "#808080"
plot dir . "/act.dat" using 1:3 with lines lw 2.5 lc rgb BLUE
unset arrow 1
set yrange [-0.05:1.1]
set title "tanh'(z) = 1 - t^2: at most 1"
plot dir . "/act.dat" using 1:5 with lines lw 2.5 lc rgb ORANGE
set yrange [-0.1:1.15]
set title "relu'(z): 0 or 1, and 0 at z = 0"
plot dir . "/act.dat" using 1:($1 < 0 ? $7 : NaN) with lines lw 2.5 lc rgb "#303030", \
     dir . "/act.dat" using 1:($1 > 0 ? $7 : NaN) with lines lw 2.5 lc rgb "#303030", \
     "+" using (0):(0) every ::0::0 with points pt 7 ps 1.1 lc rgb "#303030", \
     "+" using (0):(1) every ::0::0 with points pt 6 ps 1.1 lw 2 lc rgb "#303030"
unset multiplot
unset output

# The plane, as in the Playground.
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set size ratio -1
set xlabel "x_1"; set ylabel "x_2"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset grid

# ---- circle_1x3: one hidden layer of 3 units; each unit's own line (dashed), and what the
#      output layer makes of them (the boundary, black)
eval term(600, 600)
set output out . "/circle_1x3." . ext
set title "2-3-1 tanh network on circle data: 3 lines make a triangle"
set colorbox
set cblabel "p(y = 1 | x)"
set key outside bottom center horizontal
plot dir . "/circle_grid.dat" using 1:2:3 with image notitle, \
     dir . "/circle_units.dat" using 1:2 with lines lw 1.5 dt 2 lc rgb "#505050" title "hidden units: z = 0", \
     $circle_boundary using 1:2 with lines lw 2.5 lc rgb "black" title "network: p = 0.5", \
     dir . "/circle.dat" using 1:2 @ring notitle, \
     dir . "/circle.dat" using 1:2:(class_colour($3)) @dot notitle
unset output

# ---- spiral_depth: one hidden layer against three, same data, same training budget
eval term(1100, 580)
set output out . "/spiral_depth." . ext
set multiplot layout 1, 2 title "Spiral data, tanh units, 2000 epochs each: one hidden layer of 8 units against three"
unset colorbox
set key outside bottom center horizontal samplen 1
set title sprintf("1 hidden layer, 2-8-1 (train accuracy %.2f)", spiral1_train)
plot dir . "/spiral1_grid.dat" using 1:2:3 with image notitle, \
     $spiral1_boundary using 1:2 with lines lw 2 lc rgb "black" title "p = 0.5", \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     NaN with points pt 7 ps 1.2 lc rgb BLUE title "class 1", \
     NaN with points pt 7 ps 1.2 lc rgb ORANGE title "class 0"
set title sprintf("3 hidden layers, 2-8-8-8-1 (train accuracy %.2f)", spiral3_train)
plot dir . "/spiral3_grid.dat" using 1:2:3 with image notitle, \
     $spiral3_boundary using 1:2 with lines lw 2 lc rgb "black" title "p = 0.5", \
     dir . "/spiral.dat" using 1:2 @ring notitle, \
     dir . "/spiral.dat" using 1:2:(class_colour($3)) @dot notitle, \
     NaN with points pt 7 ps 1.2 lc rgb BLUE title "class 1", \
     NaN with points pt 7 ps 1.2 lc rgb ORANGE title "class 0"
unset multiplot
unset output

# ---- network: the 2-3-1 network drawn as nodes and links (no data: the same for everyone)
eval term(760, 400)
set output out . "/network." . ext
reset
load "plots/style.gp"
unset border; unset tics; unset key; unset colorbox; unset title
set size ratio -1
set xrange [-0.9:12.1]; set yrange [-0.35:6.45]
set margins 0, 0, 0, 0
R = 0.42                                    # a node's radius
# the nodes: inputs, hidden units, output
xi = 1.0; xh = 5.4; xo = 9.4
array IY[2] = [4.3, 2.1]
array HY[3] = [5.2, 3.2, 1.2]
OY = 3.2
INK = "#303030"
set style fill solid 1.0 border lc rgb INK
do for [i = 1:2] {
    set object 10 + i circle at xi, IY[i] size R fc rgb "#eeeeee" lw 1.5 front
    set label 10 + i sprintf("{/:Italic x}_%d", i) at xi, IY[i] center front font ",13"
}
do for [h = 1:3] {
    set object 20 + h circle at xh, HY[h] size R fc rgb "#cfe3f2" lw 1.5 front
    set label 20 + h sprintf("{/:Italic h}_%d", h) at xh, HY[h] center front font ",13"
    set label 30 + h sprintf("+ {/:Italic b}@_%d^{(0)}", h) at xh, HY[h] + R + 0.24 center front font ",10" tc rgb "#505050"
}
set object 40 circle at xo, OY size R fc rgb "#fbe2c6" lw 1.5 front
set label 40 "{/:Italic z}" at xo, OY center front font ",13"
set label 41 "+ {/:Italic b}^{(1)}" at xo, OY + 0.75 center front font ",10" tc rgb "#505050"
# the links, shortened to the circles' edges
link(n, x1, y1, x2, y2) = sprintf("set arrow %d from %f,%f to %f,%f head filled size 0.16,20 lw 1.3 lc rgb '%s' back", \
    n, x1 + R * (x2 - x1) / sqrt((x2 - x1)**2 + (y2 - y1)**2), y1 + R * (y2 - y1) / sqrt((x2 - x1)**2 + (y2 - y1)**2), \
    x2 - (R + 0.03) * (x2 - x1) / sqrt((x2 - x1)**2 + (y2 - y1)**2), y2 - (R + 0.03) * (y2 - y1) / sqrt((x2 - x1)**2 + (y2 - y1)**2), INK)
do for [i = 1:2] { do for [h = 1:3] { eval link(10 * i + h, xi, IY[i], xh, HY[h]) } }
do for [h = 1:3] { eval link(50 + h, xh, HY[h], xo, OY) }
set arrow 60 from xo + R, OY to xo + 1.25, OY head filled size 0.16,20 lw 1.3 lc rgb INK
set label 60 "{/:Italic p} = ".SIGMA."({/:Italic z})" at xo + 1.35, OY left font ",13"
# two weights named on their links, and the function of a hidden unit
set label 70 "{/:Italic W}@_{11}^{(0)}" at 2.55, 5.05 center font ",11" tc rgb BLUE
set label 71 "{/:Italic W}@_{32}^{(0)}" at 2.75, 1.30 center font ",11" tc rgb BLUE
set label 72 "{/:Italic W}@_{11}^{(1)}" at 7.35, 4.55 center font ",11" tc rgb ORANGE
set label 73 "{/:Italic h}_{/:Italic h} = {/:Italic f}({/:Italic z}@_{/:Italic h}^{(0)} ),  {/:Italic z}@_{/:Italic h}^{(0)} = {/:Italic W}@_{{/:Italic h}1}^{(0)} {/:Italic x}_1 + {/:Italic W}@_{{/:Italic h}2}^{(0)} {/:Italic x}_2 + {/:Italic b}@_{/:Italic h}^{(0)}" at xh, 0.4 center font ",10" tc rgb "#505050"
set label 74 "{/:Italic z} = {/:Italic W}^{(1)}{/:Italic h} + {/:Italic b}^{(1)}" at xo, 2.25 center font ",10" tc rgb "#505050"
# what each column is, and the two layers of weights
set label 80 "input {/:Italic a}^{(0)} = {/:Italic x}" at xi, 6.2 center font ",11"
set label 81 "hidden layer: {/:Italic a}^{(1)} = {/:Italic h}" at xh, 6.2 center font ",11"
set label 82 "output: the logit" at xo, 6.2 center font ",11"
set label 83 "layer 0: {/:Italic W}^{(0)} (3, 2), {/:Italic b}^{(0)} (3)" at (xi + xh) / 2, -0.15 center font ",10" tc rgb BLUE
set label 84 "layer 1: {/:Italic W}^{(1)} (1, 3), {/:Italic b}^{(1)} (1)" at (xh + xo) / 2 + 0.3, -0.15 center font ",10" tc rgb ORANGE
plot NaN notitle
unset output
