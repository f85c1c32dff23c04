package dev.breakfix.local.stepfunctions.asl;

import java.util.List;

/** One entry of a Catch field: the errors it handles, where the error output goes, the next state. */
public record Catcher(List<String> errorEquals, PathField resultPath, String next) {
    public boolean matches(String error) {
        return errorEquals.stream().anyMatch(name -> StatesErrors.matches(name, error));
    }
}
