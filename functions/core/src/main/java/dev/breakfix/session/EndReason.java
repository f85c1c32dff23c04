package dev.breakfix.session;

/** Why a session ended. */
public enum EndReason {
    /** The user ended it. */
    USER,
    /** Its time ran out. */
    EXPIRED,
    /** The check passed and the user had asked to end on success. */
    SOLVED_AND_ENDED,
    /** Something of ours failed; the session is FAILED. */
    ERROR,
    /** The reaper closed it because the workflow did not. */
    REAPED
}
