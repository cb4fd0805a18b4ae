package dev.descent.plot;

import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A legend drawn across the bottom of a composed figure, entries flowing in rows: used where one legend
 * serves several panels, and where XChart would truncate long labels.
 */
final class LegendBand {

    /** One entry: a line sample (stroke may be null) with an optional marker, then the label. */
    record Entry(String label, Color color, BasicStroke stroke, Marker marker) {
    }

    private static final int ROW = 34;
    private static final int SAMPLE = 48;
    private static final int GAP = 34;
    private static final Font FONT = Style.font(Font.PLAIN, 18);

    private final List<Entry> entries = new ArrayList<>();

    LegendBand add(String label, Color color, BasicStroke stroke, Marker marker) {
        entries.add(new Entry(label, color, stroke, marker));
        return this;
    }

    /** The band's height when laid out across {@code width} pixels. */
    int height(int width) {
        return rows(width).size() * ROW + 16;
    }

    private List<List<Entry>> rows(int width) {
        FontMetrics fm = metrics();
        List<List<Entry>> rows = new ArrayList<>();
        List<Entry> row = new ArrayList<>();
        int used = 0;
        for (Entry e : entries) {
            int w = entryWidth(e, fm);
            if (!row.isEmpty() && used + GAP + w > width - 40) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            used += (row.isEmpty() ? 0 : GAP) + w;
            row.add(e);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }

    private static int entryWidth(Entry e, FontMetrics fm) {
        return SAMPLE + 10 + fm.stringWidth(e.label());
    }

    /** Draws the band with its top at {@code top}, rows centred across {@code width}. */
    void draw(Graphics2D g, int top, int width) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        int y = top + 8 + ROW / 2;
        for (List<Entry> row : rows(width)) {
            int total = 0;
            for (Entry e : row) {
                total += entryWidth(e, fm) + (total == 0 ? 0 : GAP);
            }
            int x = (width - total) / 2;
            for (Entry e : row) {
                if (e.stroke() != null) {
                    g.setColor(e.color());
                    g.setStroke(e.stroke());
                    g.draw(new Line2D.Double(x, y, x + SAMPLE, y));
                }
                if (e.marker() != null) {
                    g.setColor(e.color());
                    g.setStroke(new BasicStroke(1.5f));
                    e.marker().paint(g, x + SAMPLE / 2.0, y, 12);
                }
                g.setColor(Style.INK);
                g.drawString(e.label(), x + SAMPLE + 10, y + (fm.getAscent() - fm.getDescent()) / 2);
                x += entryWidth(e, fm) + GAP;
            }
            y += ROW;
        }
    }
}
