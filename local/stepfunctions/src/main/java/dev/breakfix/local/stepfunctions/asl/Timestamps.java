package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Timestamps as the language has them: RFC 3339 with an uppercase T, and Z or a numeric offset. */
public final class Timestamps {
    private static final Pattern FORMAT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private Timestamps() {}

    public static Optional<Instant> parse(JsonNode value) {
        if (value == null || !value.isTextual() || !FORMAT.matcher(value.textValue()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.textValue()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
