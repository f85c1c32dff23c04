package dev.breakfix.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.aws.LocalDynamoDb;
import dev.breakfix.session.Owner;
import dev.breakfix.session.Session;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import dev.breakfix.session.SessionsContract;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The sessions contract against dynalite, with the workflow's state moves written as the ASL writes them. */
class DynamoDbSessionsTest extends SessionsContract {
    private static final String TABLE = LocalDynamoDb.table(Tables.SESSIONS);
    private final DynamoDbSessions sessions = new DynamoDbSessions(LocalDynamoDb.client(), TABLE);

    @Override
    protected Sessions sessions() {
        return sessions;
    }

    @Override
    protected void workflowMoves(SessionId id, SessionState to) {
        // As statemachines/session.asl.json writes: the final moves also take the session out of flight.
        String expression = to.isFinal() ? "SET #state = :to REMOVE #inFlight" : "SET #state = :to";
        Map<String, String> names = to.isFinal() ? Map.of("#state", "state", "#inFlight", "inFlight")
                : Map.of("#state", "state");
        LocalDynamoDb.client().updateItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(id.value())))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":to", AttributeValue.fromS(to.name()))));
    }

    @Override
    protected void workflowHoldsSlot(SessionId id) {
        // "Note on the session that it holds a slot" in statemachines/session.asl.json
        LocalDynamoDb.client().updateItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(id.value())))
                .updateExpression("SET slotHeld = :yes")
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true))));
    }

    @Test
    void create_shouldPutANotOverSessionInFlight_andAFinalWriteShouldTakeItOut() {
        // given a new session (in the sparse index), when the workflow ends it, then it leaves the index
        Session s = Session.requested(SessionId.random(), Owner.user("uma"), "nginx-wont-start", T0);
        sessions.create(s);
        assertThat(item(s.id())).containsEntry("inFlight", AttributeValue.fromS(DynamoDbSessions.IN_FLIGHT));

        workflowMoves(s.id(), SessionState.ENDING);
        workflowMoves(s.id(), SessionState.ENDED);

        assertThat(item(s.id())).doesNotContainKey("inFlight");
    }

    @Test
    void markFailed_shouldTakeTheSessionOutOfFlight() {
        Session s = Session.requested(SessionId.random(), Owner.user("vic"), "nginx-wont-start", T0);
        sessions.create(s);

        sessions.markFailed(s.id(), new Session.Failure("START_FAILED", "could not start"), T0.plusSeconds(1));

        assertThat(item(s.id())).doesNotContainKey("inFlight");
    }

    private static Map<String, AttributeValue> item(SessionId id) {
        return LocalDynamoDb.client().getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id.value())))).item();
    }
}
