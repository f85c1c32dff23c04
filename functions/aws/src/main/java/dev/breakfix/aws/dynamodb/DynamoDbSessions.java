package dev.breakfix.aws.dynamodb;

import dev.breakfix.session.EndReason;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import java.nio.charset.StandardCharsets;
import dev.breakfix.aws.IsoInstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Sessions in DynamoDB, one item per session, every change a conditional write on that item.
 *
 * <p>Item: {@code id}, {@code owner} (the owner's key; the {@code byOwner} index), {@code ownerKind},
 * {@code ownerId}, {@code candidate}, {@code partner} (a partner's sessions only: its id; the sparse
 * {@code byPartner} index), {@code scenarioId}, {@code state}, {@code createdAt},
 * {@code readyAt}, {@code expiresAt}, {@code solved}, {@code solvedAt}, {@code endedAt},
 * {@code endReason}, {@code failureCode}, {@code failure}, {@code serverId}, {@code waitToken},
 * {@code endRequested}, {@code checks}, {@code lastCheckAt}, {@code hintsRevealed}, {@code inFlight},
 * {@code slotHeld}. Times are fixed-width ISO-8601 strings. The workflow
 * (statemachines/session.asl.json) writes {@code state}, {@code serverId}, {@code endReason},
 * {@code endedAt}, {@code failure}, {@code failureCode} and {@code slotHeld} directly.
 *
 * <p>{@code inFlight} ({@value #IN_FLIGHT}) is on a session from its creation until the write that makes
 * it final (the workflow's "Mark the session ended/failed", {@link #markFailed}, {@link #reap}) removes
 * it: the sparse index {@code byInFlight} therefore holds only sessions not over, which is what the
 * reaper reads ({@link #listUnfinished}). {@code slotHeld} is the workflow's note that the session holds
 * a server slot; whoever removes it ({@link #dropSlotHold}: the workflow's cleanup or the reaper) gives
 * the slot back, so it is given back once.
 */
public final class DynamoDbSessions implements Sessions {
    private static final String BY_OWNER = "byOwner";
    private static final String BY_IN_FLIGHT = "byInFlight";
    private static final String BY_PARTNER = "byPartner";
    /** The value of {@code inFlight} on a session not over; its absence means over. */
    static final String IN_FLIGHT = "yes";
    private static final List<String> NOT_OVER = List.of("REQUESTED", "LAUNCHING", "BOOTING", "READY");
    private static final Map<String, String> NAMES = Map.of("#state", "state", "#inFlight", "inFlight");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSessions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(Session session) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(session)).conditionExpression("attribute_not_exists(id)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Session> find(SessionId id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page listByOwner(Owner owner, int limit, Optional<String> cursor) {
        return listBy(BY_OWNER, "owner", owner.key(), limit, cursor);
    }

    @Override
    public Page listByPartner(String partnerId, int limit, Optional<String> cursor) {
        return listBy(BY_PARTNER, "partner", partnerId, limit, cursor);
    }

    /** One page of an index whose partition is {@code attribute = value}, newest first. */
    private Page listBy(String index, String attribute, String value, int limit, Optional<String> cursor) {
        Map<String, AttributeValue> start = cursor.map(c -> decodeCursor(c, attribute, value)).orElse(null);
        QueryResponse response;
        try {
            response = dynamo.query(b -> b.tableName(table).indexName(index)
                    .keyConditionExpression("#key = :value")
                    .expressionAttributeNames(Map.of("#key", attribute))
                    .expressionAttributeValues(Map.of(":value", s(value)))
                    .scanIndexForward(false)
                    .limit(limit)
                    .exclusiveStartKey(start));
        } catch (DynamoDbException e) {
            if (start != null && e.statusCode() == 400) {
                throw new BadCursorException();
            }
            throw e;
        }
        List<Session> items = response.items().stream().map(DynamoDbSessions::fromItem).toList();
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(encodeCursor(response.lastEvaluatedKey(), attribute))
                : Optional.empty();
        return new Page(items, next);
    }

    @Override
    public Optional<Session> markReady(SessionId id, Instant now, Instant expiresAt) {
        return update(id, "SET #state = :ready, readyAt = :now, expiresAt = :expires",
                "#state = :booting AND attribute_not_exists(endRequested)",
                Map.of(":ready", s("READY"), ":booting", s("BOOTING"), ":now", time(now), ":expires", time(expiresAt)));
    }

    @Override
    public Optional<Session> storeWaitToken(SessionId id, String token) {
        return update(id, "SET waitToken = :token", "#state = :ready",
                Map.of(":token", s(token), ":ready", s("READY")));
    }

    @Override
    public Optional<Session> requestEnd(SessionId id, EndReason reason) {
        return update(id, "SET endRequested = if_not_exists(endRequested, :reason)",
                "#state IN (:s0, :s1, :s2, :s3)", withNotOver(Map.of(":reason", s(reason.name()))));
    }

    @Override
    public Optional<Session> extend(SessionId id, Instant current, Instant next) {
        return update(id, "SET expiresAt = :next", "#state = :ready AND expiresAt = :current",
                Map.of(":next", time(next), ":current", time(current), ":ready", s("READY")));
    }

    @Override
    public void markFailed(SessionId id, Session.Failure failure, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(withNotOver(Map.of(
                ":failed", s("FAILED"), ":error", s(EndReason.ERROR.name()), ":now", time(now),
                ":code", s(failure.code()), ":failure", s(failure.message()))));
        values.put(":ending", s("ENDING"));
        update(id, "SET #state = :failed, endReason = :error, endedAt = :now, failureCode = :code, failure = :failure"
                + " REMOVE waitToken, #inFlight", "#state IN (:s0, :s1, :s2, :s3, :ending)", values);
    }

    @Override
    public List<Session> listUnfinished(Instant createdBefore, int limit) {
        List<Session> unfinished = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(BY_IN_FLIGHT)
                    .keyConditionExpression("#inFlight = :yes AND createdAt < :before")
                    .expressionAttributeNames(Map.of("#inFlight", "inFlight"))
                    .expressionAttributeValues(Map.of(":yes", s(IN_FLIGHT), ":before", time(createdBefore)))
                    .scanIndexForward(true)
                    .limit(limit)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                Session session = fromItem(item);
                // The index trails the table by a moment: a session that just ended may still be in it.
                if (!session.state().isFinal() && unfinished.size() < limit) {
                    unfinished.add(session);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && unfinished.size() < limit);
        return unfinished;
    }

    @Override
    public boolean dropSlotHold(SessionId id) {
        return update(id, "REMOVE slotHeld", "attribute_exists(slotHeld)", Map.of()).isPresent();
    }

    @Override
    public boolean reap(SessionId id, Session.Failure failure, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(withNotOver(Map.of(
                ":failed", s("FAILED"), ":reaped", s(EndReason.REAPED.name()), ":now", time(now),
                ":code", s(failure.code()), ":failure", s(failure.message()))));
        values.put(":ending", s("ENDING"));
        return update(id, "SET #state = :failed, endReason = :reaped, endedAt = :now, failureCode = :code,"
                + " failure = :failure REMOVE waitToken, #inFlight", "#state IN (:s0, :s1, :s2, :s3, :ending)", values)
                .isPresent();
    }

    @Override
    public boolean startCheck(SessionId id, Instant now, Instant lastCheckNotAfter) {
        return update(id, "ADD checks :one SET lastCheckAt = :now",
                "attribute_exists(id) AND (attribute_not_exists(lastCheckAt) OR lastCheckAt <= :notAfter)",
                Map.of(":one", n(1), ":now", time(now), ":notAfter", time(lastCheckNotAfter))).isPresent();
    }

    @Override
    public void recordCheck(SessionId id, Instant now, boolean passed) {
        if (passed) {
            update(id, "SET solved = :true, solvedAt = if_not_exists(solvedAt, :now)", "attribute_exists(id)",
                    Map.of(":true", AttributeValue.fromBool(true), ":now", time(now)));
        }
    }

    @Override
    public Optional<Integer> revealHint(SessionId id, int available) {
        if (available <= 0) {
            return Optional.empty();
        }
        return update(id, "ADD hintsRevealed :one",
                "attribute_exists(id) AND (attribute_not_exists(hintsRevealed) OR hintsRevealed < :available)",
                Map.of(":one", n(1), ":available", n(available)))
                .map(Session::hintsRevealed);
    }

    /** One conditional update; the item after it, or empty when the condition refused it. */
    private Optional<Session> update(SessionId id, String expression, String condition,
            Map<String, AttributeValue> values) {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(key(id))
                .updateExpression(expression)
                .conditionExpression(condition)
                .returnValues(ReturnValue.ALL_NEW);
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        Map<String, String> names = new HashMap<>();
        NAMES.forEach((placeholder, name) -> {
            if (expression.contains(placeholder) || condition.contains(placeholder)) {
                names.put(placeholder, name);
            }
        });
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        try {
            return Optional.of(fromItem(dynamo.updateItem(request.build()).attributes()));
        } catch (ConditionalCheckFailedException refused) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> withNotOver(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        for (int i = 0; i < NOT_OVER.size(); i++) {
            all.put(":s" + i, s(NOT_OVER.get(i)));
        }
        return all;
    }

    private static Map<String, AttributeValue> key(SessionId id) {
        return Map.of("id", s(id.value()));
    }

    static Map<String, AttributeValue> toItem(Session session) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(session.id().value()));
        item.put("owner", s(session.owner().key()));
        item.put("ownerKind", s(session.owner().kind().name()));
        item.put("ownerId", s(session.owner().id()));
        if (!session.owner().candidate().isEmpty()) {
            item.put("candidate", s(session.owner().candidate()));
        }
        if (session.owner().kind() == Owner.Kind.PARTNER) {
            item.put("partner", s(session.owner().id()));
        }
        item.put("scenarioId", s(session.scenarioId()));
        item.put("state", s(session.state().name()));
        if (!session.state().isFinal()) {
            item.put("inFlight", s(IN_FLIGHT));
        }
        item.put("createdAt", time(session.createdAt()));
        item.put("solved", AttributeValue.fromBool(session.solved()));
        item.put("checks", n(session.checks()));
        item.put("hintsRevealed", n(session.hintsRevealed()));
        session.readyAt().ifPresent(t -> item.put("readyAt", time(t)));
        session.expiresAt().ifPresent(t -> item.put("expiresAt", time(t)));
        session.solvedAt().ifPresent(t -> item.put("solvedAt", time(t)));
        session.endedAt().ifPresent(t -> item.put("endedAt", time(t)));
        session.endReason().ifPresent(r -> item.put("endReason", s(r.name())));
        session.failure().ifPresent(f -> {
            item.put("failureCode", s(f.code()));
            item.put("failure", s(f.message()));
        });
        session.serverId().ifPresent(v -> item.put("serverId", s(v)));
        session.waitToken().ifPresent(v -> item.put("waitToken", s(v)));
        session.endRequested().ifPresent(r -> item.put("endRequested", s(r.name())));
        session.lastCheckAt().ifPresent(t -> item.put("lastCheckAt", time(t)));
        return item;
    }

    static Session fromItem(Map<String, AttributeValue> item) {
        Owner owner = new Owner(Owner.Kind.valueOf(text(item, "ownerKind").orElseThrow()),
                text(item, "ownerId").orElseThrow(), text(item, "candidate").orElse(""));
        Optional<Session.Failure> failure = text(item, "failureCode")
                .map(code -> new Session.Failure(code, text(item, "failure").orElse("")));
        return new Session(
                new SessionId(text(item, "id").orElseThrow()),
                owner,
                text(item, "scenarioId").orElseThrow(),
                SessionState.valueOf(text(item, "state").orElseThrow()),
                instant(item, "createdAt").orElseThrow(),
                instant(item, "readyAt"),
                instant(item, "expiresAt"),
                item.containsKey("solved") && Boolean.TRUE.equals(item.get("solved").bool()),
                instant(item, "solvedAt"),
                instant(item, "endedAt"),
                text(item, "endReason").map(EndReason::valueOf),
                failure,
                text(item, "serverId"),
                text(item, "waitToken"),
                text(item, "endRequested").map(EndReason::valueOf),
                number(item, "checks"),
                instant(item, "lastCheckAt"),
                number(item, "hintsRevealed"));
    }

    /** A listing's position: the index's partition value (so a cursor only works in its own listing), time, id. */
    private static String encodeCursor(Map<String, AttributeValue> lastKey, String attribute) {
        String joined = text(lastKey, attribute).orElse("") + "\n" + text(lastKey, "createdAt").orElse("") + "\n"
                + text(lastKey, "id").orElse("");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, String attribute, String value) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw new BadCursorException();
        }
        if (parts.length != 3 || !parts[0].equals(value) || !SessionId.isValid(parts[2])) {
            throw new BadCursorException();
        }
        return Map.of(attribute, s(parts[0]), "createdAt", s(parts[1]), "id", s(parts[2]));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue time(Instant instant) {
        return s(IsoInstants.format(instant));
    }

    private static Optional<String> text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> item, String name) {
        return text(item, name).map(IsoInstants::parse);
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
    }
}
