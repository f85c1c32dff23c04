package dev.breakfix.aws.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * Every table breakfix uses, and how each is read. All keys are strings.
 *
 * <p>Access patterns:
 * <ul>
 *   <li>{@code Sessions} — get a session by id ({@code id}); list an owner's sessions newest first
 *       (index {@code byOwner}: {@code owner}, {@code createdAt}). Written by the API (create, end,
 *       extend, checks, hints) and by the workflow (state moves), always with a condition on the
 *       state. Sessions are history and are kept; {@code purgeAt} lets anonymous ones expire.
 *       Item layout: {@link DynamoDbSessions}.</li>
 *   <li>{@code Routes} — where a session's server answers SSH, by {@code sessionId}; read by the
 *       terminal gateway and the checker, written by the workflow.</li>
 *   <li>{@code Counters} — single items updated with conditions to hold invariants without
 *       transactions: the running-server count ({@code name = "servers"}), one active session per
 *       owner ({@code name = "active#<owner>"}), rate limits. Items that only matter for a while
 *       carry {@code expiresAt}; code ignores expired items because TTL deletion is late.</li>
 * </ul>
 */
public final class Tables {
    public static final TableSpec SESSIONS = new TableSpec(
            "Sessions", "SESSIONS_TABLE", "id", Optional.empty(),
            List.of(new TableSpec.Index("byOwner", "owner", Optional.of("createdAt"))),
            Optional.of("purgeAt"));

    public static final TableSpec ROUTES = new TableSpec(
            "Routes", "ROUTES_TABLE", "sessionId", Optional.empty(), List.of(), Optional.of("expiresAt"));

    public static final TableSpec COUNTERS = new TableSpec(
            "Counters", "COUNTERS_TABLE", "name", Optional.empty(), List.of(), Optional.of("expiresAt"));

    public static final List<TableSpec> ALL = List.of(SESSIONS, ROUTES, COUNTERS);

    private Tables() {}
}
