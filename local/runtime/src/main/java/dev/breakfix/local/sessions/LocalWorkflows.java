package dev.breakfix.local.sessions;

import dev.breakfix.aws.stepfunctions.StepFunctionsWorkflows;
import dev.breakfix.local.stepfunctions.StateMachineRunner;
import dev.breakfix.local.stepfunctions.StepFunctionsException;
import dev.breakfix.workflow.Workflows;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Workflows} on the local state-machine runner: the same execution input and task outputs as
 * {@link StepFunctionsWorkflows} sends to Step Functions, and the same answers to a stale token.
 */
public final class LocalWorkflows implements Workflows {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorkflows.class);
    private static final Set<StepFunctionsException.Code> TOKEN_GONE = EnumSet.of(
            StepFunctionsException.Code.TaskTimedOut, StepFunctionsException.Code.InvalidToken,
            StepFunctionsException.Code.TaskDoesNotExist);

    private final StateMachineRunner runner;
    private volatile String stateMachineArn;

    public LocalWorkflows(StateMachineRunner runner) {
        this.runner = runner;
    }

    /** The session state machine, once registered with the runner. */
    public void use(String sessionStateMachineArn) {
        this.stateMachineArn = sessionStateMachineArn;
    }

    @Override
    public void start(SessionStart input) {
        String name = input.sessionId().value();
        try {
            runner.startExecution(stateMachineArn, Optional.of(name), Optional.of(StepFunctionsWorkflows.input(input)));
        } catch (StepFunctionsException e) {
            if (e.code() != StepFunctionsException.Code.ExecutionAlreadyExists) {
                throw e;
            }
            LOG.warn("workflow already exists, not started again: session={}", name);
        }
    }

    @Override
    public boolean resume(String token, Signal signal) {
        try {
            runner.sendTaskSuccess(token, StepFunctionsWorkflows.output(signal));
            return true;
        } catch (StepFunctionsException e) {
            if (!TOKEN_GONE.contains(e.code())) {
                throw e;
            }
            LOG.info("the workflow no longer waits on this token: error={}", e.code());
            return false;
        }
    }
}
