package dev.breakfix.local.stepfunctions.asl;

import java.util.List;

/** A definition the runner will not run, with every problem found and where it is. */
public final class InvalidDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("invalid state machine definition:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
