package dev.breakfix.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers lookups for a while, so the authorizer does not read storage on every partner request:
 * found partners and unknown hashes alike (a flood of wrong keys then costs no reads). A partner
 * removed from storage keeps working here for up to {@code ttl}.
 */
public final class CachingPartnerKeys implements PartnerKeys {
    private static final int MAX_ENTRIES = 10_000;

    private final PartnerKeys stored;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    });

    private record Entry(Optional<Partner> partner, Instant until) {}

    public CachingPartnerKeys(PartnerKeys stored, Duration ttl, Clock clock) {
        this.stored = stored;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean add(String keyHash, Partner partner) {
        cache.remove(keyHash);
        return stored.add(keyHash, partner);
    }

    @Override
    public Optional<Partner> find(String keyHash) {
        Instant now = clock.instant();
        Entry entry = cache.get(keyHash);
        if (entry != null && now.isBefore(entry.until())) {
            return entry.partner();
        }
        Optional<Partner> found = stored.find(keyHash);
        cache.put(keyHash, new Entry(found, now.plus(ttl)));
        return found;
    }

    @Override
    public List<Partner> list() {
        return stored.list();
    }
}
