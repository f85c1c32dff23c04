package dev.breakfix.terminal;

import java.time.Instant;

/**
 * The terminal tickets already used (DynamoDB on AWS and locally): what makes a ticket single-use
 * across every gateway instance. One conditional write per ticket; entries may be forgotten once
 * their ticket has expired, since an expired ticket is refused anyway.
 */
public interface UsedTickets {

    /**
     * Marks the ticket's nonce used.
     *
     * @param ticketExpiresAt when the ticket expires; the entry is kept at least until then
     * @return true the first time for a nonce, false if it was used already
     */
    boolean markUsed(String nonce, Instant ticketExpiresAt);
}
