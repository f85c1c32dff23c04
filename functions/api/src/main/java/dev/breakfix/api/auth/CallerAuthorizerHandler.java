package dev.breakfix.api.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.Requests;
import dev.breakfix.identity.AnonymousTokens;
import dev.breakfix.session.Owner;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REQUEST authorizer in front of every route that needs a caller: it turns the
 * {@code Authorization: Bearer} token into an owner, which API Gateway passes to the handlers in the
 * request context ({@link Requests#owner}). Locally the gateway calls this same class.
 *
 * <p>A missing or invalid token is answered with "Unauthorized", which API Gateway turns into a 401.
 */
public final class CallerAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponse> {
    /** The exact message API Gateway recognises as "answer 401". */
    public static final String UNAUTHORIZED = "Unauthorized";

    private final AnonymousTokens anonymous;

    public CallerAuthorizerHandler() {
        this(AwsPlatform.instance());
    }

    public CallerAuthorizerHandler(Platform p) {
        this.anonymous = p.anonymousTokens();
    }

    @Override
    public IamPolicyResponse handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        Owner owner = bearer(event.getHeaders()).flatMap(this::owner)
                .orElseThrow(() -> new IllegalStateException(UNAUTHORIZED));
        return IamPolicyResponse.builder()
                .withPrincipalId(owner.key())
                .withPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
                        .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponse.allowStatement(apiWide(event.getMethodArn()))))
                        .build())
                .withContext(Map.of(Requests.OWNER_KIND, owner.kind().name(), Requests.OWNER_ID, owner.id()))
                .build();
    }

    private Optional<Owner> owner(String token) {
        return anonymous.verify(token).map(Owner::anonymous);
    }

    private static Optional<String> bearer(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .findFirst();
    }

    /**
     * The policy covers every method of the API, not just this one, because API Gateway caches the
     * answer per token and reuses it for the caller's other requests.
     */
    static String apiWide(String methodArn) {
        if (methodArn == null) {
            return "*";
        }
        String[] parts = methodArn.split("/", 3);
        return parts.length < 2 ? methodArn : parts[0] + "/" + parts[1] + "/*";
    }
}
