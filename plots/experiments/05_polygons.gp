# 05_polygons.gp -- the figures of chapter 5's experiment on weights set by hand, from
# 05_polygons.c's data: polygons.png (a square; a union of two polygons) and polygons_circle.png
# (a circle by 3, 8 and 32 lines, and the area against the number of lines).
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 05_polygons.gp

load "plots/style.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"
R = 2.5

# The plane, as in the Playground: the network's probability as the background.
set xrange [-6:6]; set yrange [-6:6]; set cbrange [0:1]
set size ratio -1
set xlabel "x_1"; set ylabel "x_2"
set palette defined (0 ORANGE, 0.5 GREY, 1 BLUE)
unset colorbox
set key outside bottom center horizontal

# ---- polygons: AND of four half-planes; OR of two ANDs
eval term(1040, 560)
set output out . "/polygons." . ext
set multiplot layout 1, 2 title "Weights set by hand: large-weight sigmoid units carve polygons (blue: the network's p > 1/2)" font ",12"
set title "2-4-1: a square, the AND of 4 half-planes"
plot dir . "/square_grid.dat" using 1:2:3 with image notitle, \
     dir . "/square_lines.dat" using 1:2 with lines lw 1.2 dt 2 lc rgb "#505050" title "hidden units: z = 0", \
     dir . "/shapes.dat" index 0 using 1:2 with lines lw 1.5 lc rgb "black" title "the square"
set title "2-7-2-1: the OR of two ANDs, a second hidden layer"
plot dir . "/union_grid.dat" using 1:2:3 with image notitle, \
     dir . "/union_lines.dat" using 1:2 with lines lw 1.2 dt 2 lc rgb "#505050" title "first layer: z = 0", \
     dir . "/shapes.dat" index 1 using 1:2 with lines lw 1.5 lc rgb "black" title "the two polygons", \
     dir . "/shapes.dat" index 2 using 1:2 with lines lw 1.5 lc rgb "black" notitle
unset multiplot
unset output

# ---- polygons_circle: one hidden layer, more and more lines; then the area they enclose
eval term(1640, 470)
set output out . "/polygons_circle." . ext
set multiplot layout 1, 4 title "One hidden layer with many units: a circle as the AND of n tangent half-planes (k = 50)" font ",12"
set parametric
set trange [0:2 * pi]
set key outside bottom center horizontal
do for [n in "3 8 32"] {
    set title sprintf("2-%s-1: %s lines", n, n)
    plot dir . "/circle" . n . "_grid.dat" using 1:2:3 with image notitle, \
         dir . "/circle" . n . "_gon.dat" using 1:2 with lines lw 1.2 dt 2 lc rgb "#303030" title "their n-gon", \
         R * cos(t), R * sin(t) with lines lw 1.5 lc rgb "black" title "the circle"
}
unset parametric

set size noratio
set title "Area beyond the disc's: |area / {/Symbol p}R^2 - 1|"
set xlabel "lines n (hidden units)"
set ylabel "|excess area|"
set logscale xy
set xrange [2.5:80]; set yrange [1e-5:1.5]
set xtics (3, 4, 6, 8, 16, 32, 64)
set format y "10^{%L}"
set grid
set key inside bottom left opaque box
mine = dir . "/curves.dat"
gon(n) = n * tan(pi / n) / pi - 1
set samples 200
if (ref ne "") {
    plot [n = 2.5:80] gon(n) with lines lw 1.5 dt 2 lc rgb DARK title "n-gon: n tan({/Symbol p}/n)/{/Symbol p} - 1", \
         mine using 1:3 with points pt 5 ps 1.1 lc rgb BLUE title "k = 1000", \
         mine using 1:($2 > 0 ? $2 : NaN) with points pt 7 ps 1.1 lc rgb ORANGE title "k = 50", \
         mine using 1:($2 < 0 ? -$2 : NaN) with points pt 11 ps 1.4 lc rgb ORANGE title "k = 50, below the disc", \
         ref using 1:3 with points pt 6 ps 2 lw 1.2 lc rgb DARK title "the reference's", \
         ref using 1:(abs($2)) with points pt 6 ps 2 lw 1.2 lc rgb DARK notitle
} else {
    plot [n = 2.5:80] gon(n) with lines lw 1.5 dt 2 lc rgb DARK title "n-gon: n tan({/Symbol p}/n)/{/Symbol p} - 1", \
         mine using 1:3 with points pt 5 ps 1.1 lc rgb BLUE title "k = 1000", \
         mine using 1:($2 > 0 ? $2 : NaN) with points pt 7 ps 1.1 lc rgb ORANGE title "k = 50", \
         mine using 1:($2 < 0 ? -$2 : NaN) with points pt 11 ps 1.4 lc rgb ORANGE title "k = 50, below the disc"
}
unset multiplot
unset output
