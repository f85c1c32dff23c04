package dev.breakfix.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakfix.ssh.PtySize;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AsciicastTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void header_shouldBeVersion2WithSizeTimestampTitleAndOneLineEnd() throws Exception {
        byte[] header = Asciicast.header(new PtySize(120, 40), Instant.parse("2026-11-28T10:00:00Z"), "Nginx \"down\"");

        String text = new String(header, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("\n{");
        JsonNode json = JSON.readTree(text);
        assertThat(json.get("version").asInt()).isEqualTo(2);
        assertThat(json.get("width").asInt()).isEqualTo(120);
        assertThat(json.get("height").asInt()).isEqualTo(40);
        assertThat(json.get("timestamp").asLong()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z").getEpochSecond());
        assertThat(json.get("title").asText()).isEqualTo("Nginx \"down\"");
    }

    @Test
    void event_shouldWriteTimeTypeAndData_asOneJsonArrayOnOneLine() throws Exception {
        String data = "a\"b\\c\r\n\u001b[31mred\u001b[0m\tdone é ✓ \u0000\u007f\u2028";

        String line = new String(Asciicast.event(12_000_345, 'o', data), StandardCharsets.UTF_8);

        assertThat(line).startsWith("[12.000345, \"o\", \"").endsWith("]\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
        JsonNode event = JSON.readTree(line);
        assertThat(event.get(0).asDouble()).isEqualTo(12.000345);
        assertThat(event.get(1).asText()).isEqualTo("o");
        assertThat(event.get(2).asText()).isEqualTo(data);
    }

    @Test
    void seconds_shouldPadTheFraction() {
        StringBuilder out = new StringBuilder();
        Asciicast.seconds(out, 5);
        assertThat(out).hasToString("0.000005");
    }
}
