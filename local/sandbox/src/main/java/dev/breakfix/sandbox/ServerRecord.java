package dev.breakfix.sandbox;

import java.time.Instant;

/**
 * What the sandbox writes down about each server ({@code server.json} in its folder) before it
 * starts it, so that a reaper finds every server after a crash and knows when it must be gone.
 */
public record ServerRecord(
        String server,
        String session,
        String scenario,
        Instant createdAt,
        Instant deadline,
        int slot,
        String hostAddress,
        String address,
        String hostInterface,
        String loginUser) {}
