package dev.breakfix.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.http.ApiResponses;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

class AuthHandlersTest {
    private final FixturePlatform platform = new FixturePlatform();

    @ParameterizedTest
    @Event(value = "events/issue-anonymous-token.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswerATokenTheAuthorizerAccepts(APIGatewayProxyRequestEvent event) throws Exception {
        JsonNode issued = ApiResponses.JSON.readTree(
                new IssueAnonymousTokenHandler(platform).handleRequest(event, null).getBody());

        APIGatewayCustomAuthorizerEvent authorize = authorizeWith("Bearer " + issued.get("token").asText());
        IamPolicyResponse policy = new CallerAuthorizerHandler(platform).handleRequest(authorize, null);

        assertThat(policy.getPrincipalId()).startsWith("anonymous#anon-");
        assertThat(policy.getContext()).containsEntry("ownerKind", "ANONYMOUS");
        @SuppressWarnings("unchecked")
        Map<String, Object>[] statements = (Map<String, Object>[]) policy.getPolicyDocument().get("Statement");
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat((String[]) s.get("Resource")).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/*");
        });
    }

    @ParameterizedTest
    @Event(value = "events/authorize-request.json", type = APIGatewayCustomAuthorizerEvent.class)
    void authorize_shouldAnswerUnauthorized_forAGarbageToken(APIGatewayCustomAuthorizerEvent event) {
        assertThatThrownBy(() -> new CallerAuthorizerHandler(platform).handleRequest(event, null))
                .hasMessage(CallerAuthorizerHandler.UNAUTHORIZED);
    }

    @ParameterizedTest
    @Event(value = "events/authorize-request.json", type = APIGatewayCustomAuthorizerEvent.class)
    void authorize_shouldAnswerUnauthorized_withoutAnAuthorizationHeader(APIGatewayCustomAuthorizerEvent event) {
        event.setHeaders(new HashMap<>(Map.of("Host", "example")));

        assertThatThrownBy(() -> new CallerAuthorizerHandler(platform).handleRequest(event, null))
                .hasMessage(CallerAuthorizerHandler.UNAUTHORIZED);
    }

    private APIGatewayCustomAuthorizerEvent authorizeWith(String authorization) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn("arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/POST/api/sessions");
        event.setHeaders(Map.of("authorization", authorization));
        return event;
    }
}
