package dev.breakfix.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void decode_shouldHoldBackACharacterSplitAcrossReads_andGiveItWhole() {
        byte[] bytes = "é✓😀!".getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder();
        TerminalText decoder = new TerminalText();

        // when it arrives one byte per read
        for (byte b : bytes) {
            text.append(decoder.decode(new byte[] {b}, 1));
        }

        // then no character is broken
        assertThat(text).hasToString("é✓😀!");
    }

    @Test
    void decode_shouldReplaceBytesThatAreNotUtf8_withoutLosingWhatFollows() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 'o', 'k'};

        assertThat(new TerminalText().decode(bytes, bytes.length)).isEqualTo("\uFFFD\uFFFDok");
    }

    @Test
    void decode_shouldUseOnlyTheGivenLength() {
        byte[] buffer = Arrays.copyOf("hello".getBytes(StandardCharsets.UTF_8), 64);

        assertThat(new TerminalText().decode(buffer, 5)).isEqualTo("hello");
    }
}
