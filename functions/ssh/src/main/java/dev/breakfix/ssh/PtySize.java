package dev.breakfix.ssh;

/** A terminal's size in character cells, as the browser's terminal reports it. */
public record PtySize(int columns, int rows) {
    public static final PtySize DEFAULT = new PtySize(80, 24);

    public PtySize {
        if (columns < 1 || columns > 1000 || rows < 1 || rows > 1000) {
            throw new IllegalArgumentException("not a terminal size: " + columns + "x" + rows);
        }
    }
}
