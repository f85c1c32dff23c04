package dev.breakfix.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckRunnerTest {

    @Test
    void firstLine_shouldSkipBlankLinesAndTrim_whenOutputStartsEmpty() {
        assertThat(CheckRunner.firstLine("\n   \n  nginx answers 200  \nmore\n")).hasValue("nginx answers 200");
    }

    @Test
    void firstLine_shouldBeEmpty_whenNothingPrintableWasPrinted() {
        assertThat(CheckRunner.firstLine("\n\t\n\u0007\n")).isEmpty();
    }

    @Test
    void clean_shouldRemoveEscapesAndControlCharacters_whenTheScriptPrintsColours() {
        assertThat(CheckRunner.clean("\u001B[1;31mnot yet\u001B[0m\u0007 fixed\r")).isEqualTo("not yet fixed");
    }

    @Test
    void clean_shouldCapTheLength_whenTheLineIsLong() {
        // given
        String line = "x".repeat(1000);

        // when
        String cleaned = CheckRunner.clean(line);

        // then
        assertThat(cleaned).hasSize(CheckRunner.MAX_MESSAGE_CHARS).endsWith("…");
    }
}
