package dev.breakfix.identity;

import dev.breakfix.session.Owner;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling, from what the request carries: a user's access token or an anonymous token
 * ({@code Authorization: Bearer}), or a partner's key ({@code x-api-key}) with the candidate it acts
 * for. One kind of credential per request; anything unclear is refused, and a refusal never says why
 * (which would tell a prober what exists).
 */
public final class IdentifyingCaller {
    /** What a partner may call its candidates: letters, digits and {@code . _ - @ : +}, up to 128. */
    public static final Pattern CANDIDATE = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final AnonymousTokens anonymous;
    private final UserTokens users;
    private final PartnerKeys partners;
    private final Optional<String> websiteUsageKey;

    /**
     * @param websiteUsageKey the API key every website caller (user or anonymous) is counted under on
     *     AWS, where usage plans are chosen by the key the authorizer names; empty where there is none
     */
    public IdentifyingCaller(AnonymousTokens anonymous, UserTokens users, PartnerKeys partners,
            Optional<String> websiteUsageKey) {
        this.anonymous = anonymous;
        this.users = users;
        this.partners = partners;
        this.websiteUsageKey = websiteUsageKey;
    }

    /** What a request carries; header values as sent, empty when absent. */
    public record Credentials(Optional<String> bearer, Optional<String> apiKey, Optional<String> candidate) {}

    public sealed interface Result {
        /**
         * @param usageKey the API key the request counts against (its usage plan), if any
         */
        record Identified(Owner owner, Optional<String> usageKey) implements Result {}

        /** No valid credential: 401. */
        record Refused() implements Result {}

        /** The credential could not be checked just now (our side): 5xx, so a user is not signed out. */
        record Unavailable() implements Result {}
    }

    public Result identify(Credentials credentials) {
        if (credentials.apiKey().isPresent()) {
            return credentials.bearer().isPresent() ? new Result.Refused() : partner(credentials);
        }
        Optional<String> bearer = credentials.bearer().filter(t -> !t.isBlank() && t.length() <= MAX_TOKEN_LENGTH);
        if (bearer.isEmpty()) {
            return new Result.Refused();
        }
        Optional<String> visitor = anonymous.verify(bearer.get());
        if (visitor.isPresent()) {
            return new Result.Identified(Owner.anonymous(visitor.get()), websiteUsageKey);
        }
        UserTokens.Verification verified = users.verify(bearer.get());
        if (verified instanceof UserTokens.Verification.Valid valid) {
            return new Result.Identified(Owner.user(valid.subject()), websiteUsageKey);
        }
        if (verified instanceof UserTokens.Verification.Unavailable) {
            return new Result.Unavailable();
        }
        return new Result.Refused();
    }

    private Result partner(Credentials credentials) {
        String key = credentials.apiKey().get();
        if (!ApiKey.hasKeyShape(key)) {
            return new Result.Refused();
        }
        Optional<String> candidate = credentials.candidate().map(String::strip).filter(c -> !c.isEmpty());
        if (candidate.isPresent() && !CANDIDATE.matcher(candidate.get()).matches()) {
            return new Result.Refused();
        }
        return partners.find(ApiKey.hash(key))
                .<Result>map(p -> new Result.Identified(Owner.partner(p.id(), candidate.orElse("")), Optional.of(key)))
                .orElseGet(Result.Refused::new);
    }
}
