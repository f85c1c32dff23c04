package dev.breakfix.aws.secretsmanager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.breakfix.aws.RecordedAws.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.breakfix.aws.RecordedAws;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SecretsManagerSecrets against recorded Secrets Manager (JSON 1.1 protocol) answers: the request it sends,
 * how it reads the value, and that its errors never carry one. See src/test/README.md.
 */
class SecretsManagerSecretsTest {
    @RegisterExtension
    static final WireMockExtension SECRETS_MANAGER = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:breakfix-master-AbCdEf";
    private static final String VALUE = "c29tZS1tYXN0ZXItc2VjcmV0LXZhbHVl";

    private final SecretsManagerSecrets secrets = SecretsManagerSecrets.builder()
            .secretsManagerClient(RecordedAws.secretsManager(SECRETS_MANAGER.baseUrl()))
            .build();

    @Test
    void secretString_shouldGiveTheSecretsStringValue_whenSecretsManagerAnswers() throws Exception {
        // given
        answer(200, "secretsmanager/get-secret-value.json");

        // when
        String value = secrets.secretString(ARN);

        // then
        assertThat(value).isEqualTo(VALUE);
        List<LoggedRequest> sent = SECRETS_MANAGER.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Content-Type")).startsWith("application/x-amz-json-1.1");
        assertThat(sent.get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.get("SecretId").asText()).isEqualTo(ARN);
        assertThat(body.has("VersionStage")).as("the current version, Secrets Manager's default").isFalse();
    }

    @Test
    void secretString_shouldFailNamingTheErrorCode_whenTheSecretDoesNotExist() {
        // given
        answer(400, "secretsmanager/resource-not-found.json");

        // when / then
        assertThatThrownBy(() -> secrets.secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Secrets Manager refused to give secret " + ARN + ": ResourceNotFoundException (HTTP 400)");
    }

    @Test
    void secretString_shouldFailNamingTheErrorCode_whenTheRoleMayNotReadTheSecret() {
        // given
        answer(400, "secretsmanager/access-denied.json");

        // when / then
        assertThatThrownBy(() -> secrets.secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Secrets Manager refused to give secret " + ARN + ": AccessDeniedException (HTTP 400)");
    }

    @Test
    void secretString_shouldFailWithoutTheValue_whenTheSecretIsBinary() {
        // given
        answer(200, "secretsmanager/get-secret-value-binary.json");

        // when / then
        assertThatThrownBy(() -> secrets.secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret " + ARN + " has no string value")
                .hasNoCause();
    }

    @Test
    void secretString_shouldFail_whenNothingListens() throws Exception {
        // given
        SecretsManagerSecrets unreachable = SecretsManagerSecrets.builder()
                .secretsManagerClient(RecordedAws.secretsManager(RecordedAws.unreachableBaseUrl()))
                .build();

        // when / then
        assertThatThrownBy(() -> unreachable.secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Secrets Manager is not reachable to read secret " + ARN);
    }

    private static void answer(int status, String body) {
        SECRETS_MANAGER.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(recorded(body))));
    }
}
