package dev.breakfix.gateway.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.ssh.PtySize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * asciicast v2 lines: a header object, then one JSON array per event,
 * {@code [seconds since the start, type, data]}, each on its own line with no blank lines between (a
 * blank line stops {@code asciinema play}). Types written here: {@code "o"} output, {@code "r"} resize
 * ({@code "COLSxROWS"}) and {@code "m"} marker. Non-ASCII text is written as UTF-8, control characters
 * as JSON escapes.
 */
public final class Asciicast {
    /** Players cap pauses at this many seconds: a replay of someone thinking is not worth watching in full. */
    public static final int IDLE_TIME_LIMIT_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Asciicast() {}

    /** The header line, with its line end. */
    public static byte[] header(PtySize size, Instant start, String title) {
        ObjectNode header = JSON.createObjectNode()
                .put("version", 2)
                .put("width", size.columns())
                .put("height", size.rows())
                .put("timestamp", start.getEpochSecond())
                .put("idle_time_limit", IDLE_TIME_LIMIT_SECONDS)
                .put("title", title);
        header.putObject("env").put("TERM", "xterm-256color").put("SHELL", "/bin/bash");
        return (header.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One event line, with its line end. */
    public static byte[] event(long micros, char type, String data) {
        StringBuilder line = new StringBuilder(data.length() + 32);
        line.append('[');
        seconds(line, micros);
        line.append(", \"").append(type).append("\", ");
        string(line, data);
        line.append("]\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String resizeData(PtySize size) {
        return size.columns() + "x" + size.rows();
    }

    /** Seconds with microsecond precision, as asciinema writes them: {@code 12.000345}. */
    static void seconds(StringBuilder out, long micros) {
        long whole = micros / 1_000_000;
        long fraction = micros % 1_000_000;
        out.append(whole).append('.');
        String digits = Long.toString(fraction);
        for (int i = digits.length(); i < 6; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
