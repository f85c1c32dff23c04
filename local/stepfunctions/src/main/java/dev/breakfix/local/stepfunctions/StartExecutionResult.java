package dev.breakfix.local.stepfunctions;

import java.time.Instant;

/**
 * The answer to StartExecution.
 *
 * @param alreadyRunning true when the same name and input were started before and still run: the
 *     call changed nothing, as Step Functions' idempotent StartExecution does
 */
public record StartExecutionResult(String executionArn, Instant startDate, boolean alreadyRunning) {}
