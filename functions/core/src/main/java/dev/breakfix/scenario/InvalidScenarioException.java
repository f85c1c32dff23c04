package dev.breakfix.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** The scenario folders cannot be loaded; lists every problem found, not just the first. */
public final class InvalidScenarioException extends RuntimeException {
    private final List<ScenarioProblem> problems;

    public InvalidScenarioException(List<ScenarioProblem> problems) {
        super(problems.stream().map(ScenarioProblem::toString)
                .collect(Collectors.joining("\n  ", "invalid scenarios:\n  ", "")));
        this.problems = List.copyOf(problems);
    }

    public List<ScenarioProblem> problems() {
        return problems;
    }
}
