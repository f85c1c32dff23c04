package dev.breakfix.local.stepfunctions.asl;

/**
 * The Resource of a Task state: the resource to call, and whether the state then waits for a task
 * token ({@code .waitForTaskToken}) or takes the call's answer as its result.
 *
 * @param arn the Resource as written
 * @param target the resource without its integration-pattern suffix
 * @param waitsForTaskToken whether the resource ends in {@code .waitForTaskToken}
 */
public record TaskResource(String arn, String target, boolean waitsForTaskToken) {
    public static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

    public static TaskResource parse(String arn) {
        if (arn.endsWith(WAIT_FOR_TASK_TOKEN)) {
            return new TaskResource(arn, arn.substring(0, arn.length() - WAIT_FOR_TASK_TOKEN.length()), true);
        }
        return new TaskResource(arn, arn, false);
    }

    @Override
    public String toString() {
        return arn;
    }
}
