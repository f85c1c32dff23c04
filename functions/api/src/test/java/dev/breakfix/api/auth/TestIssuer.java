package dev.breakfix.api.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An OIDC issuer for tests: an RSA key made in the test, its JWKS served by a tiny HTTP server on a
 * loopback port (counting fetches), and tokens shaped like the local provider's (RFC 9068: typ
 * {@code at+jwt}, {@code aud}) or Cognito's ({@code token_use}, {@code client_id}, no {@code aud}).
 */
final class TestIssuer implements AutoCloseable {
    static final String ISSUER = "https://issuer.example/pool";
    static final String AUDIENCE = "breakfix-api";
    static final String CLIENT_ID = "breakfix-website";

    /** One key for every test issuer: generating RSA keys is the slow part. */
    private static final RSAKey KEY = generate("key-1");
    /** A key that is not the issuer's, under the issuer's key id: what a forger signs with. */
    static final RSAKey FORGER = generate("key-1");
    /** A key the issuer never published. */
    static final RSAKey STRANGER = generate("unknown-kid");

    final RSAKey key = KEY;
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer server;
    private volatile boolean serving = true;

    TestIssuer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            if (!serving) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    URI jwks() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** The keys stop being served (the provider is down). */
    void stopServingKeys() {
        serving = false;
    }

    OidcAccessTokens.Settings settings() {
        return new OidcAccessTokens.Settings(ISSUER, java.util.Optional.of(AUDIENCE), java.util.Optional.of(CLIENT_ID), jwks());
    }

    /** The claims of a valid local-provider access token for {@code subject} at {@code now}. */
    static JWTClaimsSet.Builder localClaims(String subject, Instant now) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .claim("client_id", CLIENT_ID).claim("scope", "breakfix-api/play")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).jwtID("jti-1");
    }

    /** The claims of a valid Cognito access token for {@code subject} at {@code now}. */
    static JWTClaimsSet.Builder cognitoClaims(String subject, Instant now) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).claim("token_use", "access")
                .claim("client_id", CLIENT_ID).claim("scope", "openid profile")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    String sign(JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        return sign(claims, type, key, UnaryOperator.identity());
    }

    static String sign(JWTClaimsSet claims, JOSEObjectType type, RSAKey with, UnaryOperator<JWSHeader.Builder> header)
            throws Exception {
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID());
        if (type != null) {
            builder.type(type);
        }
        SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    /** The same claims, HMAC-signed with the issuer's public key as the secret: the "alg confusion" forgery. */
    String signHs256WithPublicKey(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        byte[] secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
        jwt.sign(new MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
        return jwt.serialize();
    }

    /** An unsigned token ({@code alg: none}) with these claims. */
    static String unsigned(JWTClaimsSet claims) {
        return new com.nimbusds.jwt.PlainJWT(claims).serialize();
    }

    static List<String> garbage() {
        return List.of("garbage", "", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.", "Bearer x", "x".repeat(5000),
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.AAAA");
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
