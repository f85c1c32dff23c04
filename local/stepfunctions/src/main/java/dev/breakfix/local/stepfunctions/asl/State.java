package dev.breakfix.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** One state of a definition, checked and compiled. */
public sealed interface State
        permits State.Task, State.Pass, State.Choice, State.Wait, State.Succeed, State.Fail {

    String name();

    /** The state's {@code Type} as written: Task, Pass, Choice, Wait, Succeed or Fail. */
    String type();

    /** Where a state goes when it is done: another state, or the end of the execution. */
    record Transition(Optional<String> next) {
        public static final Transition END = new Transition(Optional.empty());

        public static Transition to(String state) {
            return new Transition(Optional.of(state));
        }

        public boolean isEnd() {
            return next.isEmpty();
        }
    }

    /** A number of seconds given in the definition or read from the input. */
    record Seconds(OptionalInt fixed, Optional<String> path) {
        public static final Seconds NONE = new Seconds(OptionalInt.empty(), Optional.empty());

        public boolean isSet() {
            return fixed.isPresent() || path.isPresent();
        }
    }

    record Task(
            String name,
            TaskResource resource,
            Transition transition,
            PathField inputPath,
            Optional<PayloadTemplate> parameters,
            Optional<PayloadTemplate> resultSelector,
            PathField resultPath,
            PathField outputPath,
            List<Retrier> retry,
            List<Catcher> catchers,
            Seconds timeout,
            Seconds heartbeat) implements State {
        @Override
        public String type() {
            return "Task";
        }
    }

    record Pass(
            String name,
            Transition transition,
            PathField inputPath,
            Optional<PayloadTemplate> parameters,
            Optional<JsonNode> result,
            PathField resultPath,
            PathField outputPath) implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    record Choice(
            String name,
            PathField inputPath,
            PathField outputPath,
            List<Branch> choices,
            Optional<String> defaultState) implements State {
        /** A rule and the state it leads to. */
        public record Branch(ChoiceRule rule, String next) {}

        @Override
        public String type() {
            return "Choice";
        }
    }

    record Wait(String name, Transition transition, PathField inputPath, PathField outputPath, Until until)
            implements State {
        /** How long a Wait state waits: exactly one of the four fields. */
        public sealed interface Until permits Seconds, SecondsPath, Timestamp, TimestampPath {}

        public record Seconds(long seconds) implements Until {}

        public record SecondsPath(String path) implements Until {}

        public record Timestamp(Instant timestamp) implements Until {}

        public record TimestampPath(String path) implements Until {}

        @Override
        public String type() {
            return "Wait";
        }
    }

    record Succeed(String name, PathField inputPath, PathField outputPath) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    record Fail(String name, Optional<TextSource> error, Optional<TextSource> cause) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }

    /** Error or Cause of a Fail state: a constant, a path, or an intrinsic function. */
    sealed interface TextSource permits Constant, FromPath, FromIntrinsic {
        String text(JsonNode input, JsonNode context);
    }

    record Constant(String value) implements TextSource {
        @Override
        public String text(JsonNode input, JsonNode context) {
            return value;
        }
    }

    record FromPath(String path) implements TextSource {
        @Override
        public String text(JsonNode input, JsonNode context) {
            JsonNode value = JsonPaths.read(path, input, context);
            if (!value.isTextual()) {
                throw AslError.runtime("The JSONPath '" + path + "' must select a string but selected "
                        + Json.typeName(value));
            }
            return value.textValue();
        }
    }

    record FromIntrinsic(Intrinsic intrinsic) implements TextSource {
        @Override
        public String text(JsonNode input, JsonNode context) {
            JsonNode value = intrinsic.evaluate(input, context);
            return value.isTextual() ? value.textValue() : Json.write(value);
        }
    }
}
