package dev.breakfix.reaper;

import dev.breakfix.session.ReapingSessions;
import java.io.PrintStream;
import java.time.Clock;

/**
 * The reaper's metric, {@value #NAMESPACE}/{@value #NAME}: how many servers one run found running past
 * their deadline plus the grace period (and terminated). Written on every run, zero included, so the
 * operators' alarm (Breakfix-Ops) sees a datapoint every five minutes and a silent reaper stands out.
 *
 * <p>As a CloudWatch embedded metric format (EMF) line on standard output: Lambda sends it to the
 * function's log group, where CloudWatch turns it into the metric. No SDK client and no
 * {@code cloudwatch:PutMetricData} permission. No dimensions: the alarm reads the metric without any.
 */
public final class PastDeadlineMetric {
    public static final String NAMESPACE = "breakfix";
    public static final String NAME = "ServersPastDeadline";

    private final PrintStream out;
    private final Clock clock;

    public PastDeadlineMetric(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Writes the run's count as one EMF line. */
    public void record(ReapingSessions.Report report) {
        out.println(line(count(report), clock.millis()));
        out.flush();
    }

    /** The servers a run terminated because they were past their deadline (not for other reasons). */
    static long count(ReapingSessions.Report report) {
        return report.serversTerminated().stream()
                .filter(server -> server.why() == ReapingSessions.Why.PAST_DEADLINE)
                .count();
    }

    /** One EMF document: the metric's definition in {@code _aws}, its value as a root member of the same name. */
    public static String line(long count, long epochMillis) {
        return "{\"_aws\":{\"Timestamp\":" + epochMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE
                + "\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"" + NAME + "\",\"Unit\":\"Count\"}]}]},\""
                + NAME + "\":" + count + "}";
    }
}
