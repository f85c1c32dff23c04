package dev.breakfix.local.stepfunctions.asl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A checked state machine definition: every transition leads to a state that exists, every state
 * can be reached, every path and intrinsic function is well formed.
 *
 * @param source the definition's JSON text after substitutions, as it is stored with executions
 */
public record Definition(String startAt, Map<String, State> states, OptionalInt timeoutSeconds, String source) {
    public Definition {
        states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    public State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalArgumentException("no state named '" + name + "'");
        }
        return state;
    }

    /** The targets of every Task state, without integration-pattern suffixes. */
    public Set<String> taskTargets() {
        Set<String> targets = new java.util.TreeSet<>();
        for (State state : states.values()) {
            if (state instanceof State.Task) {
                targets.add(((State.Task) state).resource().target());
            }
        }
        return targets;
    }
}
