package dev.breakfix.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the one SDK client of each kind an entry point needs, with the url-connection HTTP client
 * (small, quick to start). On AWS, region and credentials come from the environment; locally, an
 * {@link Emulator} points the client at dynalite or s3proxy.
 */
public final class AwsClients {
    private AwsClients() {}

    /** A local stand-in for an AWS service: where it listens and the credentials it accepts. */
    public record Emulator(URI endpoint, String accessKeyId, String secretAccessKey) {
        static final Region REGION = Region.US_EAST_1;

        StaticCredentialsProvider credentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }

        @Override
        public String toString() {
            return "Emulator[" + endpoint + "]";
        }
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static DynamoDbClient dynamoDb(Emulator emulator) {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(emulator.endpoint())
                .region(Emulator.REGION)
                .credentialsProvider(emulator.credentials())
                .build();
    }

    public static S3Client s3() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static S3Client s3(Emulator emulator) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(emulator.endpoint())
                .forcePathStyle(true)
                .region(Emulator.REGION)
                .credentialsProvider(emulator.credentials())
                .build();
    }
}
