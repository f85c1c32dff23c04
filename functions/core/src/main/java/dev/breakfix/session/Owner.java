package dev.breakfix.session;

/**
 * Who a session belongs to: a signed-in user, an anonymous visitor, or a partner acting for one of
 * its candidates. Only the owner sees the session (and a partner every session it created, whichever
 * candidate it was for); anyone else is told it does not exist ({@link #mayAccess}).
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

    /**
     * The ownership rule every use case applies before it shows or changes anything of a session:
     * a caller may reach what it owns, and a partner what it created for any of its candidates
     * (the candidate it names on a request only says for whom it acts, not what it may see). Everyone
     * else gets "not found".
     */
    public boolean mayAccess(Owner resourceOwner) {
        if (equals(resourceOwner)) {
            return true;
        }
        return kind == Kind.PARTNER && resourceOwner.kind == Kind.PARTNER && id.equals(resourceOwner.id);
    }

    /** One string per owner, used as a storage key (for example "user#abc"). */
    public String key() {
        String base = kind.name().toLowerCase() + "#" + id;
        return candidate.isEmpty() ? base : base + "#" + candidate;
    }
}
