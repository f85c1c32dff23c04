package dev.breakfix.aws.dynamodb;

import dev.breakfix.aws.LocalDynamoDb;
import dev.breakfix.session.SessionId;
import dev.breakfix.session.SessionState;
import dev.breakfix.session.Sessions;
import dev.breakfix.session.SessionsContract;
import java.util.Map;
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
        LocalDynamoDb.client().updateItem(b -> b.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(id.value())))
                .updateExpression("SET #state = :to")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":to", AttributeValue.fromS(to.name()))));
    }
}
