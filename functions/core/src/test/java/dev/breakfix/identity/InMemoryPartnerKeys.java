package dev.breakfix.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PartnerKeys} in memory; {@link #lookups} counts what reached "storage". */
public final class InMemoryPartnerKeys implements PartnerKeys {
    private final Map<String, Partner> byHash = new LinkedHashMap<>();
    public int lookups;

    @Override
    public synchronized boolean add(String keyHash, Partner partner) {
        return byHash.putIfAbsent(keyHash, partner) == null;
    }

    @Override
    public synchronized Optional<Partner> find(String keyHash) {
        lookups++;
        return Optional.ofNullable(byHash.get(keyHash));
    }

    @Override
    public synchronized List<Partner> list() {
        return List.copyOf(byHash.values());
    }

    public synchronized Map<String, Partner> stored() {
        return Map.copyOf(byHash);
    }
}
