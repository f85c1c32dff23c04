package dev.breakfix.aws.secretsmanager;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a secret's string value with Secrets Manager's {@code GetSecretValue}, through the SDK client and
 * its default credentials chain: under SnapStart Lambda gives a function container credentials
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}), not {@code AWS_SESSION_TOKEN}, so the Parameters and
 * Secrets extension, which needs that token, cannot serve it (docs/decisions/0018).
 *
 * <p>No cache here: the platforms ask once per execution environment and keep the value
 * ({@code Once}), before the snapshot where they can. Errors name the secret and Secrets Manager's error
 * code, never the value.
 */
public final class SecretsManagerSecrets {
    private final SecretsManagerClient secretsManager;

    private SecretsManagerSecrets(Builder builder) {
        this.secretsManager = builder.secretsManager != null ? builder.secretsManager : defaultClient();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The secret's string value; fails loudly (at init, not per request) if Secrets Manager does not give it. */
    public String secretString(String secretId) {
        GetSecretValueResponse response;
        try {
            response = secretsManager.getSecretValue(b -> b.secretId(secretId));
        } catch (SecretsManagerException e) {
            throw new IllegalStateException("Secrets Manager refused to give secret " + secretId + ": "
                    + e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkClientException e) {
            throw new IllegalStateException("Secrets Manager is not reachable to read secret " + secretId, e);
        }
        if (response.secretString() == null) {
            throw new IllegalStateException("secret " + secretId + " has no string value");
        }
        return response.secretString();
    }

    private static SecretsManagerClient defaultClient() {
        return SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** The client is built only if none is given (region and credentials from the environment). */
    public static final class Builder {
        private SecretsManagerClient secretsManager;

        private Builder() {}

        public Builder secretsManagerClient(SecretsManagerClient secretsManager) {
            this.secretsManager = secretsManager;
            return this;
        }

        public SecretsManagerSecrets build() {
            return new SecretsManagerSecrets(this);
        }
    }
}
