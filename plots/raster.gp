# raster.gp -- a picture that is not a plot (a screenshot), as the SVG and PDF the handouts use
# beside every figure's PNG: the image itself, at its own aspect, nothing drawn over it.
# usage: gnuplot -e "png='fig/x.png'; w=1280; h=628" plots/raster.gp   (writes fig/x.svg, fig/x.pdf)
base = png[1:strlen(png) - 4]
unset border; unset tics; unset key; unset colorbox
set margins 0, 0, 0, 0
set xrange [0:w - 1]; set yrange [0:h - 1]
set size ratio -1
set terminal svg size w / 2, h / 2
set output base . ".svg"
plot png binary filetype=png with rgbimage
set terminal pdfcairo size (w / 160.0), (h / 160.0)
set output base . ".pdf"
plot png binary filetype=png with rgbimage
