package dev.breakfix.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LambdaSecrets against a stand-in for the Parameters and Secrets extension's local endpoint. */
class LambdaSecretsTest {
    @RegisterExtension
    static final WireMockExtension EXTENSION = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:master";

    private LambdaSecrets secrets() {
        return new LambdaSecrets(Map.of("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(EXTENSION.getPort()),
                "AWS_SESSION_TOKEN", "session-token"));
    }

    @Test
    void secretString_shouldGiveTheSecretsValue_whenTheExtensionAnswers() {
        // given
        EXTENSION.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ARN\":\"" + ARN + "\",\"Name\":\"master\",\"SecretString\":\"c2VjcmV0\"}")));

        // when
        String value = secrets().secretString(ARN);

        // then
        assertThat(value).isEqualTo("c2VjcmV0");
        EXTENSION.verify(getRequestedFor(urlPathEqualTo("/secretsmanager/get"))
                .withQueryParam("secretId", equalTo(ARN))
                .withHeader("X-Aws-Parameters-Secrets-Token", equalTo("session-token")));
    }

    @Test
    void secretString_shouldFail_whenTheExtensionRefuses() {
        // given
        EXTENSION.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(aResponse().withStatus(400)
                .withBody("bad session token or header key")));

        // when / then
        assertThatThrownBy(() -> secrets().secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the secrets extension answered 400");
    }

    @Test
    void secretString_shouldFail_whenNothingListens() throws Exception {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LambdaSecrets secrets = new LambdaSecrets(Map.of("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(closedPort)));

        // when / then
        assertThatThrownBy(() -> secrets.secretString(ARN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the secrets extension is not reachable");
    }
}
