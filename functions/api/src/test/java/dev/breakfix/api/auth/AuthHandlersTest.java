package dev.breakfix.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import dev.breakfix.api.FixturePlatform;
import dev.breakfix.api.http.ApiResponses;
import dev.breakfix.identity.AnonymousTokenLimit;
import dev.breakfix.identity.ApiKey;
import dev.breakfix.identity.IssuingPartnerKey;
import dev.breakfix.identity.Partner;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** The authorizer and the sign-in routes, as API Gateway calls them. */
class AuthHandlersTest {
    private static final Instant NOW = FixturePlatform.NOW;
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/POST/api/sessions";

    private final FixturePlatform platform = new FixturePlatform();
    private final TestIssuer issuer;

    AuthHandlersTest() throws Exception {
        issuer = new TestIssuer();
        platform.userTokens = new OidcAccessTokens(issuer.settings(), platform.clock());
    }

    @AfterEach
    void stop() throws Exception {
        issuer.close();
    }

    private AuthorizerResponse authorize(Map<String, String> headers) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn(METHOD_ARN);
        event.setHeaders(headers);
        return new CallerAuthorizerHandler(platform).handleRequest(event, null);
    }

    private void assertUnauthorized(Map<String, String> headers) {
        assertThatThrownBy(() -> authorize(headers)).hasMessage(CallerAuthorizerHandler.UNAUTHORIZED);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private ApiKey partnerKey(String name) {
        return ((IssuingPartnerKey.Result.Issued) new IssuingPartnerKey(platform.partnerKeys, platform.clock())
                .issue(new IssuingPartnerKey.Command(name, Optional.empty(), Optional.empty()))).key();
    }

    @ParameterizedTest
    @Event(value = "events/issue-anonymous-token.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswerATokenTheAuthorizerAccepts(APIGatewayProxyRequestEvent event) throws Exception {
        JsonNode issued = ApiResponses.JSON.readTree(
                new IssueAnonymousTokenHandler(platform).handleRequest(event, null).getBody());

        AuthorizerResponse answer = authorize(Map.of("authorization", "Bearer " + issued.get("token").asText()));

        assertThat(answer.getPrincipalId()).startsWith("anonymous#anon-");
        assertThat(answer.getContext()).containsEntry("ownerKind", "ANONYMOUS").doesNotContainKey("candidate");
        assertThat(answer.getUsageIdentifierKey()).isEqualTo("website-usage-key");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = (List<Map<String, Object>>) answer.getPolicyDocument().get("Statement");
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(s.get("Resource")).isEqualTo(List.of("arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/*"));
        });
    }

    @ParameterizedTest
    @Event(value = "events/issue-anonymous-token.json", type = APIGatewayProxyRequestEvent.class)
    void issue_shouldAnswer429WithRetryAfter_whenOneAddressAsksTooOften(APIGatewayProxyRequestEvent event) throws Exception {
        // given a limit of three an hour, and three tokens issued to 203.0.113.7 at 10:00
        platform.anonymousTokenLimit = new AnonymousTokenLimit(3, Duration.ofHours(1));
        IssueAnonymousTokenHandler handler = new IssueAnonymousTokenHandler(platform);
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(201);
        }

        // when it asks a fourth time
        APIGatewayProxyResponseEvent refused = handler.handleRequest(event, null);

        // then it is told to wait until the window ends, at 11:00
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "3600");
        assertThat(ApiResponses.JSON.readTree(refused.getBody()).path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        // and another address is not affected
        event.getRequestContext().getIdentity().setSourceIp("198.51.100.20");
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(201);
    }

    @Test
    void authorize_shouldKnowASignedInUser_byTheirAccessToken() throws Exception {
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);

        AuthorizerResponse answer = authorize(bearer(token));

        assertThat(answer.getContext()).containsEntry("ownerKind", "USER").containsEntry("ownerId", "sub-alice");
        assertThat(answer.getPrincipalId()).isEqualTo("user#sub-alice");
        assertThat(answer.getUsageIdentifierKey()).isEqualTo("website-usage-key");
    }

    @Test
    void authorize_shouldAnswerUnauthorized_forForgedExpiredWrongAudienceAndWrongIssuerTokens() throws Exception {
        RSAKey forger = TestIssuer.FORGER;
        String forged = TestIssuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT, forger, UnaryOperator.identity());
        String expired = issuer.sign(TestIssuer.localClaims("sub-alice", NOW.minusSeconds(7200))
                .expirationTime(Date.from(NOW.minusSeconds(3600))).build(), AT_JWT);
        String wrongAudience = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).audience("someone-elses-api").build(), AT_JWT);
        String wrongIssuer = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).issuer("https://evil.example").build(), AT_JWT);

        for (String token : List.of(forged, expired, wrongAudience, wrongIssuer)) {
            assertUnauthorized(bearer(token));
        }
    }

    @Test
    void authorize_shouldAnswerUnauthorized_forGarbageTokensAndMissingCredentials() {
        for (String garbage : TestIssuer.garbage()) {
            assertUnauthorized(bearer(garbage));
        }
        assertUnauthorized(Map.of("Authorization", "Basic YWxpY2U6d29uZGVybGFuZA=="));
        assertUnauthorized(Map.of("Host", "example"));
        assertUnauthorized(null);
    }

    @ParameterizedTest
    @Event(value = "events/authorize-request.json", type = APIGatewayCustomAuthorizerEvent.class)
    void authorize_shouldAnswerUnauthorized_forTheRecordedEventsPlaceholderToken(APIGatewayCustomAuthorizerEvent event) {
        assertThatThrownBy(() -> new CallerAuthorizerHandler(platform).handleRequest(event, null))
                .hasMessage(CallerAuthorizerHandler.UNAUTHORIZED);
    }

    @Test
    void authorize_shouldFailOtherwise_whenTheIssuersKeysCannotBeFetched() throws Exception {
        // a 500 from API Gateway, not a 401 that would sign the user out for our fault
        issuer.stopServingKeys();
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);

        assertThatThrownBy(() -> authorize(bearer(token)))
                .isInstanceOf(CallerAuthorizerHandler.IdentityUnavailableException.class)
                .message().isNotEqualTo(CallerAuthorizerHandler.UNAUTHORIZED);
    }

    @Test
    void authorize_shouldKnowAPartner_byItsKey_actingForTheCandidateItNames() {
        ApiKey key = partnerKey("Acme");
        Partner acme = platform.partnerKeys.list().get(0);

        AuthorizerResponse answer = authorize(Map.of("x-api-key", key.reveal(), "X-Candidate", "cand-7"));

        assertThat(answer.getContext()).containsEntry("ownerKind", "PARTNER").containsEntry("ownerId", acme.id())
                .containsEntry("candidate", "cand-7");
        assertThat(answer.getUsageIdentifierKey()).isEqualTo(key.reveal());
        assertThat(answer.toString()).doesNotContain(key.reveal());
    }

    @Test
    void authorize_shouldAnswerUnauthorized_forAWrongOrUnknownApiKey() {
        partnerKey("Acme");

        assertUnauthorized(Map.of("x-api-key", "wrong"));
        assertUnauthorized(Map.of("x-api-key", ApiKey.generate().reveal()));
        assertUnauthorized(Map.of("x-api-key", ""));
    }

    @Test
    void authorize_shouldAnswerUnauthorized_forAKeyAndATokenTogether_orABadCandidate() throws Exception {
        ApiKey key = partnerKey("Acme");
        String token = issuer.sign(TestIssuer.localClaims("sub-alice", NOW).build(), AT_JWT);
        Map<String, String> both = new LinkedHashMap<>(bearer(token));
        both.put("x-api-key", key.reveal());

        assertUnauthorized(both);
        assertUnauthorized(Map.of("x-api-key", key.reveal(), "X-Candidate", "no spaces or #hashes"));
        assertUnauthorized(Map.of("x-api-key", key.reveal(), "X-Candidate", "c".repeat(129)));
    }

    @Test
    void signInSettings_shouldSayDisabled_whenNoProviderIsConfigured() throws Exception {
        APIGatewayProxyResponseEvent response = new GetSignInSettingsHandler(platform).handleRequest(new APIGatewayProxyRequestEvent(), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ApiResponses.JSON.readTree(response.getBody()).get("enabled").asBoolean()).isFalse();
    }

    @Test
    void signInSettings_shouldGiveTheWebsiteItsClientSettings() throws Exception {
        Map<String, String> cognito = new HashMap<>();
        cognito.put(IdentityEnvironment.ISSUER, "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
        cognito.put(IdentityEnvironment.CLIENT_ID, "5p0a1b2c3d");
        cognito.put(IdentityEnvironment.AUTHORIZATION_ENDPOINT, "https://login.breakfix.example/oauth2/authorize");
        cognito.put(IdentityEnvironment.TOKEN_ENDPOINT, "https://login.breakfix.example/oauth2/token");
        cognito.put(IdentityEnvironment.LOGOUT_ENDPOINT, "https://login.breakfix.example/logout");
        cognito.put(IdentityEnvironment.LOGOUT_REDIRECT_PARAMETER, "logout_uri");
        cognito.put(IdentityEnvironment.SCOPES, "openid email profile");
        platform.signInSettings = IdentityEnvironment.signIn(cognito);

        JsonNode body = ApiResponses.JSON.readTree(new GetSignInSettingsHandler(platform)
                .handleRequest(new APIGatewayProxyRequestEvent(), null).getBody());

        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("clientId").asText()).isEqualTo("5p0a1b2c3d");
        assertThat(body.get("authorizationEndpoint").asText()).endsWith("/oauth2/authorize");
        assertThat(body.get("logoutRedirectParameter").asText()).isEqualTo("logout_uri");
        assertThat(body.get("redirectPath").asText()).isEqualTo("/");
        assertThat(body.get("scopes")).extracting(JsonNode::asText).containsExactly("openid", "email", "profile");
        // and the same variables configure the authorizer, with Cognito's keys location
        assertThat(IdentityEnvironment.tokens(cognito)).hasValueSatisfying(s -> {
            assertThat(s.clientId()).contains("5p0a1b2c3d");
            assertThat(s.jwks()).hasToString("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json");
        });
    }
}
