"""Make the web subset of STIX Two Math that the article's MathML is set in.

The full font is 1.5 MB; the article needs Latin, Greek, the math operators and the math
italic letters (the browser draws <mi>x</mi> with U+1D465), about 250 KB as WOFF2. The
subset keeps the OpenType MATH table, so stretchy brackets, radicals and big operators
still work. Run once when the font or the ranges change (needs `pip install fonttools brotli`):

    python scripts/subset_math_font.py path/to/STIXTwoMath-Regular.ttf

tests/test_math_font.py checks that every character inside the built page's <math>
elements is in the subset.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parents[1] / "docs" / "assets" / "fonts" / "STIXTwoMath-subset.woff2"
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0131,U+0237,U+02C6-02DC,U+0300-036F,"  # Latin, accents
    "U+0391-03C9,U+03D1,U+03D5,U+03F0-03F6,"  # Greek
    "U+2000-206F,U+20D0-20F0,U+2100-214F,U+2190-21FF,"  # punctuation, combining marks, letterlike, arrows
    "U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+27C0-27FF,U+2980-29FF,U+2A00-2AFF,"  # operators, brackets
    "U+1D400-1D467,U+1D6A4-1D6A5,U+1D6A8-1D71B"  # math bold and italic Latin, dotless i/j, bold and italic Greek
)


def main(source: str) -> None:
    subset.main([
        source, f"--unicodes={UNICODES}", "--layout-features=*", "--flavor=woff2",
        f"--output-file={OUT}",
    ])
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} STIXTwoMath-Regular.ttf")
    main(sys.argv[1])
