package dev.breakfix.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How hard a scenario is; written in lower case in scenario.yaml and in the API. */
public enum Difficulty {
    EASY, MEDIUM, HARD;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Difficulty> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Difficulty::wireName).collect(Collectors.joining(", "));
    }
}
