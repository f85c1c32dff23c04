package dev.breakfix.identity;

import java.util.List;
import java.util.Optional;

/**
 * Partners by the hash of their key ({@link ApiKey#hash()}); the key itself is never stored. The
 * caller authorizer finds a partner on every partner request; operators add and list them.
 */
public interface PartnerKeys {

    /** Stores a new partner under its key's hash; false if that hash is taken (never, in practice). */
    boolean add(String keyHash, Partner partner);

    Optional<Partner> find(String keyHash);

    /** Every partner, for the operator. */
    List<Partner> list();
}
