package dev.breakfix.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every scenario on offer, in a stable order (easiest first, then by title). */
public final class ScenarioCatalog {
    private final Map<String, Scenario> byId = new LinkedHashMap<>();

    public ScenarioCatalog(List<Scenario> scenarios) {
        scenarios.stream()
                .sorted((a, b) -> a.difficulty() != b.difficulty()
                        ? a.difficulty().compareTo(b.difficulty())
                        : a.title().compareToIgnoreCase(b.title()))
                .forEach(s -> {
                    if (byId.putIfAbsent(s.id(), s) != null) {
                        throw new IllegalArgumentException("duplicate scenario id " + s.id());
                    }
                });
    }

    public List<Scenario> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Scenario> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
