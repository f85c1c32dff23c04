package dev.breakfix.session;

/**
 * Who a session belongs to: a signed-in user, an anonymous visitor, or a partner acting for one of
 * its candidates. Only the owner sees the session; anyone else is told it does not exist.
 *
 * @param id the user's subject, the anonymous token's subject, or the partner's id
 * @param candidate the partner's opaque id for its candidate; empty for the other kinds
 */
public record Owner(Kind kind, String id, String candidate) {
    public enum Kind { USER, ANONYMOUS, PARTNER }

    public Owner {
        if (kind == null || id == null || id.isBlank()) {
            throw new IllegalArgumentException("an owner needs a kind and an id");
        }
        candidate = candidate == null ? "" : candidate;
    }

    public static Owner user(String subject) {
        return new Owner(Kind.USER, subject, "");
    }

    public static Owner anonymous(String subject) {
        return new Owner(Kind.ANONYMOUS, subject, "");
    }

    public static Owner partner(String partnerId, String candidate) {
        return new Owner(Kind.PARTNER, partnerId, candidate);
    }

    /** One string per owner, used as a storage key (for example "user#abc"). */
    public String key() {
        String base = kind.name().toLowerCase() + "#" + id;
        return candidate.isEmpty() ? base : base + "#" + candidate;
    }
}
