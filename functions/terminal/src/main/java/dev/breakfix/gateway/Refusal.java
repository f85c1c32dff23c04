package dev.breakfix.gateway;

import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Why a terminal was not opened: sent as {@code {"error":{"code","message"}}}, then the socket closes
 * with {@link #closeCode()} and {@link #closeReason()}. Nothing reaches the server before the ticket
 * has been checked and consumed.
 */
public enum Refusal {
    TICKET_INVALID(StatusCode.POLICY_VIOLATION, "ticket invalid",
            "This terminal link is not valid. Open the terminal again from the session page."),
    TICKET_EXPIRED(StatusCode.POLICY_VIOLATION, "ticket expired",
            "This terminal link has expired. Open the terminal again from the session page."),
    TICKET_USED(StatusCode.POLICY_VIOLATION, "ticket already used",
            "This terminal link was used already. Each link opens one terminal; ask for a new one."),
    SESSION_NOT_READY(StatusCode.POLICY_VIOLATION, "session not ready",
            "The session's server is not ready, or the session is over."),
    TOO_MANY_TERMINALS(StatusCode.POLICY_VIOLATION, "too many terminals",
            "This session has as many terminals open as it may. Close one and try again."),
    SERVER_UNREACHABLE(StatusCode.SERVER_ERROR, "server unreachable",
            "Your server did not answer. Try again in a moment.");

    private final int closeCode;
    private final String closeReason;
    private final String message;

    Refusal(int closeCode, String closeReason, String message) {
        this.closeCode = closeCode;
        this.closeReason = closeReason;
        this.message = message;
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public String message() {
        return message;
    }
}
