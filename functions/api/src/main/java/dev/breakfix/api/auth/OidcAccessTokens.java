package dev.breakfix.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import dev.breakfix.identity.UserTokens;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' access tokens checked as API Gateway's Cognito authorizer checks them, for any OIDC issuer
 * (Cognito on AWS, the local provider locally):
 * <ul>
 *   <li>signed with RS256 by a key in the issuer's JWKS (fetched once, cached, fetched again for a key
 *       id it does not know, at most once per {@link #JWKS_REFRESH_LIMIT});</li>
 *   <li>{@code iss} is the issuer; {@code exp} is in the future, {@code nbf} and {@code iat} not
 *       in it, within {@link #CLOCK_SKEW}; {@code sub} is there;</li>
 *   <li>an <em>access</em> token, not an ID token: {@code typ: at+jwt} (RFC 9068, the local
 *       provider) or {@code token_use: access} (Cognito);</li>
 *   <li>for this API: {@code aud} names the API's audience when the token has one (the local provider);
 *       a token without {@code aud} must name the website's app client in {@code client_id} (Cognito's
 *       access tokens); and a {@code client_id}, when there is one, must be that client.</li>
 * </ul>
 * Whatever fails, the answer is the same "invalid", and nothing of the token is logged.
 */
public final class OidcAccessTokens implements UserTokens {
    private static final Logger LOG = LoggerFactory.getLogger(OidcAccessTokens.class);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration JWKS_CACHE = Duration.ofMinutes(15);
    static final Duration JWKS_REFRESH_LIMIT = Duration.ofSeconds(30);
    private static final int JWKS_TIMEOUT_MILLIS = 3000;
    private static final int JWKS_SIZE_LIMIT = 64 * 1024;
    private static final List<JOSEObjectType> ACCESS_TOKEN_TYPES = List.of(
            new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));

    /**
     * Where tokens come from and whom they are for.
     *
     * @param issuer the exact {@code iss} ({@code https://cognito-idp.<region>.amazonaws.com/<pool id>})
     * @param audience the API's audience, for tokens that carry {@code aud}
     * @param clientId the website's app client, for tokens that carry {@code client_id}
     * @param jwks where the issuer's signing keys are
     */
    public record Settings(String issuer, Optional<String> audience, Optional<String> clientId, URI jwks) {
        public Settings {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("an issuer is needed");
            }
            if (audience.isEmpty() && clientId.isEmpty()) {
                throw new IllegalArgumentException("an audience or a client id is needed, or any token of the issuer would do");
            }
        }

        /** Cognito publishes its keys here; other issuers say where in their discovery document. */
        public static URI defaultJwks(String issuer) {
            return URI.create(issuer.replaceAll("/+$", "") + "/.well-known/jwks.json");
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public OidcAccessTokens(Settings settings, Clock clock) {
        this(settings, remoteKeys(settings.jwks()), clock);
    }

    OidcAccessTokens(Settings settings, JWKSource<SecurityContext> keys, Clock clock) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPES.get(0),
                ACCESS_TOKEN_TYPES.get(1), JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new ClaimsRules(settings, clock));
    }

    private static JWKSource<SecurityContext> remoteKeys(URI jwks) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwks.toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                    .cache(JWKS_CACHE.toMillis(), JWKS_TIMEOUT_MILLIS)
                    .refreshAheadCache(false)
                    .rateLimited(JWKS_REFRESH_LIMIT.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS location is not a URL", e);
        }
    }

    @Override
    public Verification verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = processor.process(jwt, null);
            if (!isAccessToken(jwt, claims)) {
                return new Verification.Invalid();
            }
            return new Verification.Valid(claims.getSubject());
        } catch (RateLimitReachedException unknownKeyAgain) {
            return new Verification.Invalid();
        } catch (KeySourceException unavailable) {
            LOG.warn("the identity provider's signing keys could not be had: {}", unavailable.getClass().getSimpleName());
            return new Verification.Unavailable();
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException invalid) {
            return new Verification.Invalid();
        }
    }

    /** RFC 9068's header type, or Cognito's claim; and never a token that says it is another use. */
    private static boolean isAccessToken(SignedJWT jwt, JWTClaimsSet claims) throws ParseException {
        String use = claims.getStringClaim("token_use");
        if (use != null) {
            return use.equals("access");
        }
        return ACCESS_TOKEN_TYPES.contains(jwt.getHeader().getType());
    }

    /** The claims rules, on the platform's clock. */
    private static final class ClaimsRules implements JWTClaimsSetVerifier<SecurityContext> {
        private final Settings settings;
        private final Clock clock;

        ClaimsRules(Settings settings, Clock clock) {
            this.settings = settings;
            this.clock = clock;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            Instant now = clock.instant();
            require(settings.issuer().equals(claims.getIssuer()));
            Date expires = claims.getExpirationTime();
            require(expires != null && now.isBefore(expires.toInstant().plus(CLOCK_SKEW)));
            Date notBefore = claims.getNotBeforeTime();
            require(notBefore == null || !notBefore.toInstant().isAfter(now.plus(CLOCK_SKEW)));
            Date issued = claims.getIssueTime();
            require(issued == null || !issued.toInstant().isAfter(now.plus(CLOCK_SKEW)));
            String subject = claims.getSubject();
            require(subject != null && !subject.isBlank() && subject.length() <= 256);
            require(isForThisApi(claims));
        }

        private boolean isForThisApi(JWTClaimsSet claims) throws BadJWTException {
            String client;
            try {
                client = claims.getStringClaim("client_id");
            } catch (ParseException notText) {
                throw new BadJWTException("client_id");
            }
            if (client != null && settings.clientId().isPresent() && !settings.clientId().get().equals(client)) {
                return false;
            }
            List<String> audience = claims.getAudience();
            if (!audience.isEmpty()) {
                return settings.audience().isPresent() && audience.contains(settings.audience().get());
            }
            return client != null && settings.clientId().isPresent();
        }

        private static void require(boolean rule) throws BadJWTException {
            if (!rule) {
                throw new BadJWTException("invalid");
            }
        }
    }
}
