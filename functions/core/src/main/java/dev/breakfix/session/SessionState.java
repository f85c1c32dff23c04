package dev.breakfix.session;

/**
 * Where a session stands. A session only moves forward through
 * {@code REQUESTED → LAUNCHING → BOOTING → READY → ENDING → ENDED}, may skip ahead (a session ended
 * before it was ready goes straight to ENDING), and may fail from any state that is not final.
 */
public enum SessionState {
    REQUESTED("Reserving a server"),
    LAUNCHING("Launching your server"),
    BOOTING("Waiting for your server to accept SSH"),
    READY("Ready"),
    ENDING("Ending: saving the recording and removing the server"),
    ENDED("Ended"),
    FAILED("Failed");

    /** The stages a user waits through before the shell, for a progress indicator. */
    public static final int STARTUP_STEPS = READY.ordinal() + 1;

    private final String stage;

    SessionState(String stage) {
        this.stage = stage;
    }

    /** A short sentence for the user about this state. */
    public String stage() {
        return stage;
    }

    public boolean isFinal() {
        return this == ENDED || this == FAILED;
    }

    /** Holds a server slot and counts as the caller's one active session. */
    public boolean isActive() {
        return !isFinal();
    }

    public boolean canMoveTo(SessionState next) {
        if (isFinal()) {
            return false;
        }
        return next == FAILED || next.ordinal() > ordinal();
    }

    /** Progress through start-up: step n of {@link #STARTUP_STEPS}, or the last step once ready or after. */
    public Progress progress() {
        int step = Math.min(ordinal() + 1, STARTUP_STEPS);
        return new Progress(stage, this == FAILED ? STARTUP_STEPS : step, STARTUP_STEPS);
    }

    public record Progress(String stage, int step, int of) {}
}
