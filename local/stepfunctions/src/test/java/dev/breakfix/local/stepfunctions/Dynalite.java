package dev.breakfix.local.stepfunctions;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared dynalite launcher (local/emulators), in memory, for one test class:
 * {@code @RegisterExtension static final Dynalite DYNAMO = new Dynalite();}
 */
public final class Dynalite implements BeforeAllCallback, AfterAllCallback {
    private dev.breakfix.local.emulators.Dynalite dynalite;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dynalite = dev.breakfix.local.emulators.Dynalite.start(NodeTools.nodeModules(), Optional.empty());
        URI endpoint = dynalite.endpoint();
        client = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        dev.breakfix.local.emulators.Dynalite.ACCESS_KEY, dev.breakfix.local.emulators.Dynalite.SECRET_KEY)))
                .build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    public DynamoDbClient client() {
        return client;
    }
}
