package dev.breakfix.cdk.stateful;

/**
 * How long session recordings stay, and when they move to cheaper storage. Recordings are read
 * mostly in the first days after a session (replays, partner reviews), rarely after.
 *
 * @param infrequentAccessAfterDays when a recording moves to S3 Standard-IA (S3 needs at least 30)
 * @param expireAfterDays when a recording is deleted (its noncurrent version follows a few days later)
 */
public record RecordingsLifecycle(int infrequentAccessAfterDays, int expireAfterDays) {
    /** The CDK context keys that override the defaults, e.g. {@code cdk synth -c recordingsExpireAfterDays=90}. */
    public static final String INFREQUENT_ACCESS_CONTEXT_KEY = "recordingsInfrequentAccessAfterDays";
    public static final String EXPIRE_CONTEXT_KEY = "recordingsExpireAfterDays";

    public static final RecordingsLifecycle DEFAULT = new RecordingsLifecycle(30, 365);

    /** A replaced or deleted recording's old version is kept this long, to undo a mistake. */
    public static final int NONCURRENT_VERSION_DAYS = 7;

    public RecordingsLifecycle {
        if (infrequentAccessAfterDays < 30) {
            throw new IllegalArgumentException(
                    "S3 moves objects to Standard-IA after 30 days at the earliest, not " + infrequentAccessAfterDays);
        }
        if (expireAfterDays <= infrequentAccessAfterDays) {
            throw new IllegalArgumentException("recordings must expire after they move to Standard-IA ("
                    + expireAfterDays + " <= " + infrequentAccessAfterDays + " days)");
        }
    }
}
