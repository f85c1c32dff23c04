package dev.breakfix.aws;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as fixed-width ISO-8601 strings ({@code 2026-11-28T10:00:00.000Z}), the one shape breakfix
 * writes everywhere: DynamoDB items, workflow input and output, server tags. Fixed width keeps string
 * comparisons (conditions, sort keys) equal to time comparisons.
 */
public final class IsoInstants {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoInstants() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Reads any ISO-8601 instant, fixed width or not. */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
