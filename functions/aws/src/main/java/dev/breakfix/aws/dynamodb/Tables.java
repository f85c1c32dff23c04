package dev.breakfix.aws.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * Every table breakfix uses, and how each is read. All keys are strings.
 *
 * <p>Access patterns:
 * <ul>
 *   <li>{@code Sessions} — get a session by id ({@code id}); list an owner's sessions newest first
 *       (index {@code byOwner}: {@code owner}, {@code createdAt}); list the sessions not over yet,
 *       oldest first, for the reaper (sparse index {@code byInFlight}: {@code inFlight}, {@code createdAt};
 *       {@code inFlight} is set at creation and removed by the write that makes a session final, so the
 *       index holds only sessions in flight — about the server cap's worth — and the reaper's query
 *       reads only those; docs/decisions/0006). Written by the API (create, end, extend, checks, hints),
 *       by the workflow (state moves, the slot note) and by the reaper (close), always with a condition.
 *       Sessions are history and are kept; {@code purgeAt} lets anonymous ones expire.
 *       A partner lists every session it created, for all its candidates, newest first (sparse index
 *       {@code byPartner}: {@code partner}, {@code createdAt}; {@code partner} — the partner's id — is
 *       only on partners' sessions); one candidate's sessions are the byOwner listing of
 *       {@code partner#<id>#<candidate>}.
 *       Item layout: {@link DynamoDbSessions}.</li>
 *   <li>{@code Routes} — where a session's server answers SSH, by {@code sessionId}; read by the
 *       terminal gateway and the checker, written by the workflow.</li>
 *   <li>{@code Counters} — single items updated with conditions to hold invariants without
 *       transactions: the running-server count ({@code name = "servers"}; the workflow reserves and
 *       releases, the reaper releases for sessions whose workflow died), one active session per
 *       owner ({@code name = "active#<owner>"}), each terminal ticket once used
 *       ({@code name = "ticket#<nonce>"}, put only if absent, so a ticket opens one terminal;
 *       {@link DynamoDbUsedTickets}), rate limits ({@code name = "rate#<what>#<who>#<window start>"},
 *       a count up to a limit, {@link DynamoDbWindowCounters}: anonymous tokens per client address per
 *       hour; locally also each partner key's daily quota). Items that only matter for a while
 *       carry {@code expiresAt}; code ignores expired items because TTL deletion is late.</li>
 *   <li>{@code PartnerKeys} — partners by the SHA-256 of their API key ({@code keyHash}; the key itself
 *       is never stored): read on every partner request by the caller authorizer (cached for a minute
 *       per function instance), written by the operator's {@code partner-key create}, scanned by
 *       {@code partner-key list}. Item: {@code keyHash}, {@code partnerId}, {@code name},
 *       {@code ratePerSecond}, {@code burst}, {@code dailyQuota}, {@code createdAt}
 *       ({@link DynamoDbPartnerKeys}). On AWS the same limits live in the key's API Gateway usage plan,
 *       which is what enforces them there.</li>
 * </ul>
 */
public final class Tables {
    public static final TableSpec SESSIONS = new TableSpec(
            "Sessions", "SESSIONS_TABLE", "id", Optional.empty(),
            List.of(new TableSpec.Index("byOwner", "owner", Optional.of("createdAt")),
                    new TableSpec.Index("byInFlight", "inFlight", Optional.of("createdAt")),
                    new TableSpec.Index("byPartner", "partner", Optional.of("createdAt"))),
            Optional.of("purgeAt"));

    public static final TableSpec ROUTES = new TableSpec(
            "Routes", "ROUTES_TABLE", "sessionId", Optional.empty(), List.of(), Optional.of("expiresAt"));

    public static final TableSpec COUNTERS = new TableSpec(
            "Counters", "COUNTERS_TABLE", "name", Optional.empty(), List.of(), Optional.of("expiresAt"));

    public static final TableSpec PARTNER_KEYS = new TableSpec(
            "PartnerKeys", "PARTNER_KEYS_TABLE", "keyHash", Optional.empty(), List.of(), Optional.empty());

    public static final List<TableSpec> ALL = List.of(SESSIONS, ROUTES, COUNTERS, PARTNER_KEYS);

    private Tables() {}
}
