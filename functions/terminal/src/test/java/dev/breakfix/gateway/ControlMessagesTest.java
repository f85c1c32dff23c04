package dev.breakfix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.ssh.PtySize;
import org.junit.jupiter.api.Test;

/** The JSON control messages the website and the gateway exchange (docs/decisions/0007). */
class ControlMessagesTest {

    @Test
    void resize_shouldReadTheSizeTheBrowserAsksFor() {
        assertThat(ControlMessages.resize("{\"resize\":{\"cols\":120,\"rows\":40}}")).contains(new PtySize(120, 40));
    }

    @Test
    void resize_shouldIgnoreAnythingElse() {
        for (String message : new String[] {"", "not json", "{}", "{\"resize\":{}}", "{\"resize\":{\"cols\":0,\"rows\":40}}",
                "{\"resize\":{\"cols\":120,\"rows\":100000}}", "{\"resize\":{\"cols\":\"120\",\"rows\":40}}",
                "{\"resize\":{\"cols\":12.5,\"rows\":40}}", "{\"ping\":1}", "[1,2]"}) {
            assertThat(ControlMessages.resize(message)).as(message).isEmpty();
        }
    }

    @Test
    void serverMessages_shouldHaveTheDocumentedShape() {
        assertThat(ControlMessages.CONNECTED).isEqualTo("{\"status\":\"connected\"}");
        assertThat(ControlMessages.ended("EXPIRED")).isEqualTo("{\"ended\":\"EXPIRED\"}");
        assertThat(ControlMessages.exited(0)).isEqualTo("{\"exited\":0}");
        assertThat(ControlMessages.exited(null)).isEqualTo("{\"exited\":null}");
        assertThat(ControlMessages.error(Refusal.TICKET_USED))
                .startsWith("{\"error\":{\"code\":\"TICKET_USED\",\"message\":\"");
    }

    @Test
    void closeReasons_shouldFitInACloseFrame() {
        for (Refusal refusal : Refusal.values()) {
            assertThat(refusal.closeReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        }
    }
}
