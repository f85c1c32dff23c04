package dev.breakfix.scenario;

/** One thing wrong with a scenario folder, precise enough for its author to fix it. */
public record ScenarioProblem(String file, String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? file + ": " + message : file + ": field '" + field + "': " + message;
    }
}
