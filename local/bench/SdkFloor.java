import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The least a function that reads DynamoDB can do: build the client as breakfix builds it (AwsClients) and
 * make one GetItem. No breakfix code, no catalog, no API Gateway event: what is left of a cold start is the
 * JVM, the logging backend the SDK's first log call starts, and the AWS SDK itself. Packaged into a copy of
 * the API's base package by {@code sdk-floor.sh}, measured by ColdStart like any function.
 */
public final class SdkFloor implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DynamoDbClient dynamo = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        boolean found = dynamo.getItem(b -> b.tableName("Sessions")
                .key(Map.of("id", AttributeValue.fromS("s-0123456789abcdefghjk")))).hasItem();
        return Map.of("statusCode", 200, "found", found);
    }
}
