package dev.breakfix.terminal;

import dev.breakfix.secrets.MasterSecret;
import dev.breakfix.session.Owner;
import dev.breakfix.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Terminal tickets: what lets a browser open one terminal WebSocket on one session. The API issues a
 * ticket to the session's owner; the terminal gateway verifies it, then consumes its nonce with a
 * conditional write ({@link UsedTickets}) so that it opens one terminal only.
 *
 * <p>A ticket is {@code t1.<session id>.<owner tag>.<expiry, epoch seconds>.<nonce>.<mac>}: every part
 * is URL-safe, none is secret. The MAC is HMAC-SHA256 under a key derived from the master secret for
 * {@value #PURPOSE}, over everything before it. The owner tag is a keyed digest of the owner's key, so
 * the ticket is bound to its caller without naming them in URLs and access logs.
 */
public final class TerminalTickets {
    /** How long a ticket may wait before it is used. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);
    static final String PURPOSE = "terminal-ticket";
    static final String VERSION = "t1";
    /** Tolerated difference between the issuer's clock and the gateway's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    private static final int MAX_LENGTH = 256;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;

    public TerminalTickets(MasterSecret secret, Clock clock) {
        this.key = secret.derive(PURPOSE, "", 32);
        this.clock = clock;
    }

    /** A ticket as handed to the caller. */
    public record Issued(String ticket, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[ticket redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** What a genuine ticket says. */
    public record Ticket(SessionId session, String ownerTag, Instant expiresAt, String nonce) {
        @Override
        public String toString() {
            return "Ticket[" + session + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The outcome of checking a ticket presented for one session. */
    public sealed interface Verification {
        /** Genuine, for this session, and in time; still to be consumed. */
        record Valid(Ticket ticket) implements Verification {}

        /** Not one of ours, damaged, or for another session. */
        record Invalid() implements Verification {}

        /** Genuine but too old. */
        record Expired() implements Verification {}
    }

    public Issued issue(SessionId session, Owner owner) {
        Instant expires = clock.instant().plus(LIFETIME);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String signed = String.join(".", VERSION, session.value(), ownerTag(owner),
                Long.toString(expires.getEpochSecond()), BASE64.encodeToString(nonce));
        return new Issued(signed + "." + BASE64.encodeToString(mac(signed)), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** Checks a ticket presented to open a terminal on {@code session}. Nothing is consumed. */
    public Verification verify(String ticket, SessionId session) {
        if (ticket == null || ticket.length() > MAX_LENGTH) {
            return new Verification.Invalid();
        }
        String[] parts = ticket.split("\\.", -1);
        if (parts.length != 6 || !VERSION.equals(parts[0])) {
            return new Verification.Invalid();
        }
        for (int i = 1; i < parts.length; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                return new Verification.Invalid();
            }
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(parts[5]);
        } catch (IllegalArgumentException e) {
            return new Verification.Invalid();
        }
        String signed = ticket.substring(0, ticket.lastIndexOf('.'));
        if (!MessageDigest.isEqual(presented, mac(signed)) || !parts[1].equals(session.value())) {
            return new Verification.Invalid();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return new Verification.Invalid();
        }
        Instant now = clock.instant();
        if (expires > now.plus(LIFETIME).plus(CLOCK_SKEW).getEpochSecond()) {
            // Signed with our key but lives longer than we ever issue: refuse rather than trust it.
            return new Verification.Invalid();
        }
        if (now.getEpochSecond() >= expires) {
            return new Verification.Expired();
        }
        return new Verification.Valid(new Ticket(session, parts[2], Instant.ofEpochSecond(expires), parts[4]));
    }

    /** Whether the ticket was issued to {@code owner}. */
    public boolean issuedTo(Ticket ticket, Owner owner) {
        return MessageDigest.isEqual(ticket.ownerTag().getBytes(StandardCharsets.US_ASCII),
                ownerTag(owner).getBytes(StandardCharsets.US_ASCII));
    }

    private String ownerTag(Owner owner) {
        return BASE64.encodeToString(Arrays.copyOf(mac("owner\u0000" + owner.key()), 12));
    }

    private byte[] mac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
