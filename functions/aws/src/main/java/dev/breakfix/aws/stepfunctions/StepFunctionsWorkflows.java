package dev.breakfix.aws.stepfunctions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakfix.aws.IsoInstants;
import dev.breakfix.workflow.Workflows;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The session workflow on Step Functions ({@code statemachines/session.asl.json}): one Standard
 * execution per session, named by the session id.
 *
 * <p><b>Starting twice.</b> Step Functions answers a second StartExecution with the same name and the
 * same input with success while the first execution runs, and with {@code ExecutionAlreadyExists} once
 * it has finished or if the input differs. The name is the session id, random and used for nothing
 * else, so an execution of that name <em>is</em> this session's workflow: the exception is taken as
 * "already started" and logged, not thrown. (The input is built deterministically, so a retried start
 * sends the identical input.)
 *
 * <p><b>Resuming.</b> The execution waits on one task token; "end", "solved and end", "extend" and
 * "time is up" resume it with SendTaskSuccess and the output the ASL reads in {@code $.end}:
 * {@code {"action":"END","reason":...}} or {@code {"action":"EXTEND","expiresAt":...,"secondsLeft":...}}.
 * A token that timed out, was used, or never existed answers false.
 */
public final class StepFunctionsWorkflows implements Workflows {
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsWorkflows.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final String stateMachineArn;

    private StepFunctionsWorkflows(Builder builder) {
        if (builder.stateMachineArn == null || builder.stateMachineArn.isBlank()) {
            throw new IllegalArgumentException("stateMachineArn is required");
        }
        this.stateMachineArn = builder.stateMachineArn;
        this.sfn = builder.sfn != null ? builder.sfn : defaultClient();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void start(SessionStart input) {
        String name = input.sessionId().value();
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input(input)));
            LOG.info("workflow started: session={}", name);
        } catch (ExecutionAlreadyExistsException e) {
            LOG.warn("workflow already exists, not started again: session={}", name);
        }
    }

    @Override
    public boolean resume(String token, Signal signal) {
        Objects.requireNonNull(token, "token");
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(token).output(output(signal)));
            return true;
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
            LOG.info("the workflow no longer waits on this token: error={}", e.awsErrorDetails().errorCode());
            return false;
        }
    }

    /** What the ASL reads from {@code $}: the fields its states name. The local runner gets the same. */
    public static String input(SessionStart input) {
        ObjectNode json = JSON.createObjectNode()
                .put("sessionId", input.sessionId().value())
                .put("scenarioId", input.scenarioId())
                .put("owner", input.owner())
                .put("timeLimitSeconds", input.timeLimitSeconds())
                .put("deadline", IsoInstants.format(input.deadline()));
        return write(json);
    }

    /** What the ASL reads from {@code $.end} after the wait. */
    public static String output(Signal signal) {
        ObjectNode json = JSON.createObjectNode();
        if (signal instanceof Signal.End end) {
            json.put("action", "END").put("reason", end.reason().name());
        } else if (signal instanceof Signal.Extend extend) {
            json.put("action", "EXTEND")
                    .put("expiresAt", IsoInstants.format(extend.expiresAt()))
                    .put("secondsLeft", extend.secondsLeft());
        } else {
            throw new IllegalArgumentException("unknown signal " + signal);
        }
        return write(json);
    }

    private static String write(ObjectNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SfnClient defaultClient() {
        return SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Configuration from the environment the CDK app sets; the client is built only if none is given. */
    public static final class Builder {
        private SfnClient sfn;
        private String stateMachineArn;

        private Builder() {}

        public Builder sfnClient(SfnClient sfn) {
            this.sfn = sfn;
            return this;
        }

        public Builder stateMachineArn(String stateMachineArn) {
            this.stateMachineArn = stateMachineArn;
            return this;
        }

        public StepFunctionsWorkflows build() {
            return new StepFunctionsWorkflows(this);
        }
    }
}
