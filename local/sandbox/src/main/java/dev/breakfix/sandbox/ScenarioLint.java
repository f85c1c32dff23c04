package dev.breakfix.sandbox;

import dev.breakfix.scenario.InvalidScenarioException;
import dev.breakfix.scenario.ScenarioFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks scenario folders without running anything: the catalog loader's validation of
 * {@code scenario.yaml} and {@code description.md}, and the scripts (present, not empty, a bash
 * shebang, valid bash syntax by {@code bash -n}). The executable bit is not required.
 */
final class ScenarioLint {
    static final List<String> REQUIRED_SCRIPTS = List.of("setup.sh", "check.sh", "solution.sh");
    static final String OPTIONAL_SCRIPT = "decoy.sh";

    private ScenarioLint() {}

    /** Every problem found under {@code root}, one line each; empty when all is well. */
    static List<String> problems(Path root) {
        List<String> problems = new ArrayList<>();
        try {
            ScenarioFolders.load(root);
        } catch (InvalidScenarioException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
        }
        if (Files.isDirectory(root)) {
            for (Path folder : ScenarioFolders.scenarioFolders(root)) {
                problems.addAll(scriptProblems(folder));
            }
        }
        return problems;
    }

    static List<String> scriptProblems(Path folder) {
        List<String> problems = new ArrayList<>();
        String name = folder.getFileName().toString();
        for (String script : REQUIRED_SCRIPTS) {
            Path file = folder.resolve(script);
            if (!Files.isRegularFile(file)) {
                problems.add(name + "/" + script + ": missing (see scenario-amis/README.md)");
            } else {
                problems.addAll(scriptProblems(name, file));
            }
        }
        Path decoy = folder.resolve(OPTIONAL_SCRIPT);
        if (Files.exists(decoy)) {
            problems.addAll(scriptProblems(name, decoy));
        }
        return problems;
    }

    private static List<String> scriptProblems(String scenario, Path file) {
        List<String> problems = new ArrayList<>();
        String label = scenario + "/" + file.getFileName();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(label + ": cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            return List.of(label + ": is empty");
        }
        String first = text.lines().findFirst().orElse("");
        if (!first.startsWith("#!") || !first.contains("bash")) {
            problems.add(label + ": line 1 must be a bash shebang (#!/bin/bash): scripts run with bash");
        }
        if (text.contains("\r\n")) {
            problems.add(label + ": has Windows line endings (CRLF)");
        }
        HostCommands.Result syntax = HostCommands.run(Duration.ofSeconds(10), "bash", "-n", file.toString());
        if (!syntax.ok()) {
            problems.add(label + ": bash syntax error: " + syntax.output().strip().replace(file.toString(), "line"));
        }
        return problems;
    }
}
