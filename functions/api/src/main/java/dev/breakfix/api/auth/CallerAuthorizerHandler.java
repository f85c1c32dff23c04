package dev.breakfix.api.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import dev.breakfix.api.AwsPlatform;
import dev.breakfix.api.Platform;
import dev.breakfix.api.http.Requests;
import dev.breakfix.identity.IdentifyingCaller;
import dev.breakfix.identity.IdentifyingCaller.Credentials;
import dev.breakfix.identity.IdentifyingCaller.Result;
import dev.breakfix.session.Owner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REQUEST authorizer in front of every route that needs a caller: it turns what the request
 * carries into an owner, which API Gateway passes to the handlers in the request context
 * ({@link Requests#owner}). Locally the gateway calls this same class.
 * <ul>
 *   <li>{@code Authorization: Bearer <token>}: an anonymous token, or a user's access token
 *       ({@link OidcAccessTokens}) → an anonymous or user owner, counted under the website's key;</li>
 *   <li>{@code x-api-key: <key>}, optionally {@code X-Candidate: <id>}: a partner acting for that
 *       candidate, counted under its own key (its usage plan).</li>
 * </ul>
 * Anything else is answered "Unauthorized", which API Gateway turns into a 401; when a user's token
 * cannot be checked because the identity provider's keys cannot be fetched, it fails otherwise, which
 * API Gateway answers with a 500 (a user is not told to sign in again for our fault).
 */
public final class CallerAuthorizerHandler implements RequestHandler<APIGatewayCustomAuthorizerEvent, AuthorizerResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(CallerAuthorizerHandler.class);

    /** The exact message API Gateway recognises as "answer 401". */
    public static final String UNAUTHORIZED = "Unauthorized";
    /** The partner's key. */
    public static final String API_KEY_HEADER = "x-api-key";
    /** The partner's opaque id for the candidate it acts for. */
    public static final String CANDIDATE_HEADER = "X-Candidate";

    private final IdentifyingCaller identifying;

    public CallerAuthorizerHandler() {
        this(AwsPlatform.instance());
    }

    public CallerAuthorizerHandler(Platform p) {
        this.identifying = new IdentifyingCaller(p.anonymousTokens(), p.userTokens(), p.partnerKeys(),
                p.websiteUsageKey());
    }

    /** Thrown for "the caller could not be identified just now"; API Gateway answers 500. */
    public static final class IdentityUnavailableException extends RuntimeException {
        IdentityUnavailableException() {
            super("the identity provider could not be reached", null, false, false);
        }
    }

    @Override
    public AuthorizerResponse handleRequest(APIGatewayCustomAuthorizerEvent event, Context context) {
        Map<String, String> headers = event.getHeaders();
        Credentials credentials = new Credentials(bearer(headers), header(headers, API_KEY_HEADER),
                header(headers, CANDIDATE_HEADER));
        Result result = identifying.identify(credentials);
        if (result instanceof Result.Unavailable) {
            LOG.warn("a caller could not be identified: the identity provider's keys are unavailable");
            throw new IdentityUnavailableException();
        }
        if (!(result instanceof Result.Identified identified)) {
            throw new IllegalStateException(UNAUTHORIZED);
        }
        Owner owner = identified.owner();
        Map<String, Object> callerContext = new LinkedHashMap<>();
        callerContext.put(Requests.OWNER_KIND, owner.kind().name());
        callerContext.put(Requests.OWNER_ID, owner.id());
        if (!owner.candidate().isEmpty()) {
            callerContext.put(Requests.CANDIDATE, owner.candidate());
        }
        return new AuthorizerResponse(owner.key(), apiWide(event.getMethodArn()), callerContext,
                identified.usageKey().orElse(null));
    }

    private static Optional<String> bearer(Map<String, String> headers) {
        return header(headers, "Authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip());
    }

    private static Optional<String> header(Map<String, String> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .filter(v -> v != null)
                .findFirst();
    }

    /**
     * The policy covers every method of the API, not just this one, so that an answer API Gateway
     * caches for one request serves the caller's others too.
     */
    static String apiWide(String methodArn) {
        if (methodArn == null) {
            return "*";
        }
        String[] parts = methodArn.split("/", 3);
        return parts.length < 2 ? methodArn : parts[0] + "/" + parts[1] + "/*";
    }
}
