package dev.breakfix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.ssh.PtySize;
import java.util.Optional;

/**
 * The JSON control messages of the terminal wire format (text frames; binary frames carry terminal
 * bytes both ways).
 *
 * <pre>
 * browser → gateway   {"resize":{"cols":120,"rows":40}}
 * gateway → browser   {"status":"connected"}                      the shell is open; bytes follow
 *                     {"ended":"USER"}                            the session is over (then close 1000)
 *                     {"exited":0}                                the shell exited (then close 1000)
 *                     {"error":{"code":"TICKET_USED","message":…}} refused (then close, see Refusal)
 * </pre>
 * Unknown messages from the browser are ignored, so the website can add some before the gateway knows them.
 */
final class ControlMessages {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONNECTED = "{\"status\":\"connected\"}";

    private ControlMessages() {}

    /** The size a {@code resize} message asks for; empty for anything else or an impossible size. */
    static Optional<PtySize> resize(String message) {
        try {
            JsonNode resize = JSON.readTree(message).path("resize");
            JsonNode cols = resize.path("cols");
            JsonNode rows = resize.path("rows");
            if (!cols.canConvertToInt() || !rows.canConvertToInt() || !cols.isIntegralNumber() || !rows.isIntegralNumber()) {
                return Optional.empty();
            }
            return Optional.of(new PtySize(cols.intValue(), rows.intValue()));
        } catch (Exception malformedOrOutOfRange) {
            return Optional.empty();
        }
    }

    static String ended(String reason) {
        return JSON.createObjectNode().put("ended", reason).toString();
    }

    static String exited(Integer status) {
        ObjectNode message = JSON.createObjectNode();
        if (status == null) {
            message.putNull("exited");
        } else {
            message.put("exited", status);
        }
        return message.toString();
    }

    static String error(Refusal refusal) {
        ObjectNode message = JSON.createObjectNode();
        message.putObject("error").put("code", refusal.name()).put("message", refusal.message());
        return message.toString();
    }
}
