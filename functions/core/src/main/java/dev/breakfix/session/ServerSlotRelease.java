package dev.breakfix.session;

/**
 * Giving one slot of the global server cap back, as the workflow's "Release the server slot" does: the
 * reaper's way to free the slot of a session whose workflow died. Call it only after winning
 * {@link Sessions#dropSlotHold}, so that a slot is released at most once.
 */
public interface ServerSlotRelease {

    /** Counts one running server fewer; never below zero. */
    void release();
}
