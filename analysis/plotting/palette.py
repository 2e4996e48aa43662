"""The toolkit's one palette: Okabe-Ito colours, safe for common colour-vision deficiencies."""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinguishable under deuteranopia,
# protanopia and tritanopia. Ordered for use as a series cycle.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"

SERIES = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE)

INK = "#222222"
MUTED = "#595959"  # 7:1 contrast on white: used for subtitles, notes, source lines
RULE = "#999999"

SEX = {"female": VERMILLION, "male": BLUE, "total": INK}
