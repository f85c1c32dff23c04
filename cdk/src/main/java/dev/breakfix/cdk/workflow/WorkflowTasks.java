package dev.breakfix.cdk.workflow;

import dev.breakfix.tasks.AwaitSshHandler;
import dev.breakfix.tasks.CloseRecordingHandler;
import dev.breakfix.tasks.MarkSessionReadyHandler;
import dev.breakfix.tasks.PrepareLaunchHandler;
import dev.breakfix.tasks.StoreWaitTokenHandler;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.Duration;

/**
 * The Lambda tasks of the session workflow ({@code functions/workflow}), each with what it touches.
 * The CDK app creates a function for every task the state machine file names
 * ({@code ${<Name>Function}}), gives it the names it needs in its environment (the contract of
 * {@code dev.breakfix.tasks.AwsTaskPlatform}) and grants it exactly its {@link Needs}. A placeholder
 * naming a task that is not listed here stops the synth: add the task here first.
 */
public final class WorkflowTasks {

    /** What a task touches; each need is a set of environment variables and a grant. */
    public enum Needs {
        /** Reads and writes the Sessions table ({@code SESSIONS_TABLE}). */
        SESSIONS,
        /**
         * Builds RunInstances requests ({@code LAUNCH_TEMPLATE_ID}, {@code LAUNCH_TEMPLATE_VERSION},
         * {@code SERVER_SUBNET_IDS}, {@code SERVER_SECURITY_GROUP_IDS}, {@code SCENARIO_IMAGES}). Names only:
         * the state machine sends the request to EC2 itself, so the function gets no EC2 permission.
         */
        LAUNCH_SETTINGS,
        /** Reads and writes recordings ({@code RECORDINGS_BUCKET}). */
        RECORDINGS,
        /** Resumes its own workflow's executions ({@code SESSION_STATE_MACHINE_ARN}). */
        WORKFLOW_CALLBACK,
        /** Reads the master secret with Secrets Manager's GetSecretValue ({@code MASTER_SECRET_ARN}). */
        MASTER_SECRET,
        /** Connects to scenario servers over SSH: runs in the VPC with the checker's security group. */
        SERVER_NETWORK
    }

    /**
     * One task function.
     *
     * @param name the function's name in the state machine file: {@code ${<name>Function}}
     * @param handler the handler class Lambda instantiates
     */
    public record Task(String name, Class<?> handler, Set<Needs> needs, Duration timeout) {
        public Task {
            needs = needs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(needs));
        }

        public String placeholder() {
            return name + "Function";
        }

        public String handlerName() {
            return handler.getName() + "::handleRequest";
        }
    }

    public static final List<Task> ALL = List.of(
            // Builds one RunInstances request (the session's keys in its user data); no AWS call.
            new Task("PrepareLaunch", PrepareLaunchHandler.class,
                    EnumSet.of(Needs.LAUNCH_SETTINGS, Needs.MASTER_SECRET), Duration.seconds(10)),
            // One SSH connection attempt with a 3 s connect timeout; the workflow retries.
            new Task("AwaitSsh", AwaitSshHandler.class,
                    EnumSet.of(Needs.MASTER_SECRET, Needs.SERVER_NETWORK), Duration.seconds(15)),
            new Task("MarkSessionReady", MarkSessionReadyHandler.class,
                    EnumSet.of(Needs.SESSIONS), Duration.seconds(10)),
            new Task("StoreWaitToken", StoreWaitTokenHandler.class,
                    EnumSet.of(Needs.SESSIONS, Needs.WORKFLOW_CALLBACK), Duration.seconds(10)),
            // Joins the recording's chunks: a listing, reads and one write.
            new Task("CloseRecording", CloseRecordingHandler.class,
                    EnumSet.of(Needs.RECORDINGS), Duration.seconds(60)));

    private WorkflowTasks() {}

    /** The task a placeholder such as {@code LaunchServerFunction} names. */
    public static Optional<Task> byPlaceholder(String placeholder) {
        return ALL.stream().filter(task -> task.placeholder().equals(placeholder)).findFirst();
    }
}
