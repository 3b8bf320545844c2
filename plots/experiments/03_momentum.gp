# 03_momentum.gp -- the figure of chapter 3's experiment on momentum, from 03_momentum.c's data.
# Usage: gnuplot -e "dir='DATA'; out='FIGURES'; ext='png'; ref='REFERENCE.dat' or ''" 03_momentum.gp

load "plots/style.gp"
load dir . "/values.gp"
if (!exists("ref")) ref = ""
DARK = "#404040"

# The bowl's contours, from its matrix: the loss at the start, halved again and again.
f(x, y) = 0.5 * (a11 * x * x + 2 * a12 * x * y + a22 * y * y)
L0 = f(start0, start1)
set xrange [-4.5:1.5]; set yrange [-3.4:1.4]
set isosamples 240, 240
set contour base
set cntrparam levels discrete L0, L0 / 4, L0 / 16, L0 / 64, L0 / 256
unset surface
set view map
set table $contours
splot f(x, y)
unset table
unset contour
set surface

eval term(1160, 500)
set output out . "/momentum." . ext
set multiplot layout 1, 2 title "Heavy-ball momentum against plain gradient descent on narrow bowls" font ",12"

set title sprintf("The first 30 steps on a bowl with {/:Italic %s} = %g", "\316\272", kappa)
set size ratio -1
set xlabel THETA."_1"; set ylabel THETA."_2"
set key bottom right opaque
plot $contours using 1:2 with lines lw 1 lc rgb "#b0b0b0" notitle, \
     dir . "/paths.dat" index 0 using 1:2 with linespoints pt 7 ps 0.5 lw 1.3 lc rgb BLUE title "plain descent", \
     dir . "/paths.dat" index 1 using 1:2 with linespoints pt 5 ps 0.5 lw 1.3 lc rgb ORANGE title "heavy ball"

set size noratio
set title "Steps until the gradient is 10^{-6} of its first size"
set xlabel "condition number \316\272 = ".LAMBDA."_{max} / ".LAMBDA."_{min}"
set ylabel "steps"
set logscale xy
set format x "10^{%L}"; set format y "10^{%L}"
set xrange [7:14000]; set yrange [8:200000]
set grid
set key top left opaque
mine = dir . "/curves.dat"
if (ref ne "") {
    plot mine using 1:($2 > 0 ? $2 : NaN) with linespoints pt 7 ps 1.1 lw 2.5 lc rgb BLUE title "plain descent", \
         mine using 1:($3 > 0 ? $3 : NaN) with linespoints pt 5 ps 1.1 lw 2.5 lc rgb ORANGE title "heavy ball", \
         mine using 1:4 with lines lw 1.2 dt 2 lc rgb BLUE title "rate (\316\272 - 1)/(\316\272 + 1) a step", \
         mine using 1:5 with lines lw 1.2 dt 2 lc rgb ORANGE title "rate (\342\210\232\316\272 - 1)/(\342\210\232\316\272 + 1) a step", \
         ref using 1:($2 > 0 ? $2 : NaN) with points pt 6 ps 2 lw 1.2 lc rgb DARK title "the reference's", \
         ref using 1:($3 > 0 ? $3 : NaN) with points pt 6 ps 2 lw 1.2 lc rgb DARK notitle
} else {
    plot mine using 1:($2 > 0 ? $2 : NaN) with linespoints pt 7 ps 1.1 lw 2.5 lc rgb BLUE title "plain descent", \
         mine using 1:($3 > 0 ? $3 : NaN) with linespoints pt 5 ps 1.1 lw 2.5 lc rgb ORANGE title "heavy ball", \
         mine using 1:4 with lines lw 1.2 dt 2 lc rgb BLUE title "rate (\316\272 - 1)/(\316\272 + 1) a step", \
         mine using 1:5 with lines lw 1.2 dt 2 lc rgb ORANGE title "rate (\342\210\232\316\272 - 1)/(\342\210\232\316\272 + 1) a step"
}
unset multiplot
unset output
