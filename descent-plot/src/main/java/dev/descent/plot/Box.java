package dev.descent.plot;

/** A rectangle of the plane to draw: x from xMin to xMax, y from yMin to yMax. */
public record Box(double xMin, double xMax, double yMin, double yMax) {

    public Box {
        if (!(xMin < xMax) || !(yMin < yMax)) {
            throw new IllegalArgumentException("an empty plot box: x " + xMin + ".." + xMax + ", y " + yMin + ".." + yMax);
        }
    }

    double width() {
        return xMax - xMin;
    }

    double height() {
        return yMax - yMin;
    }

    /** Clamps a coordinate to a generous margin around the box, so far-off points stay drawable. */
    double clampX(double x) {
        return Double.isNaN(x) ? x : Math.max(xMin - 3 * width(), Math.min(xMax + 3 * width(), x));
    }

    double clampY(double y) {
        return Double.isNaN(y) ? y : Math.max(yMin - 3 * height(), Math.min(yMax + 3 * height(), y));
    }
}
