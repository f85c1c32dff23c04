package dev.breakfix.cdk.ops;

import dev.breakfix.cdk.constructs.JavaFunction;
import dev.breakfix.reaper.PastDeadlineMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What operators watch: one dashboard (sessions, API, task functions, terminal gateway) and alarms
 * that mail the operator (an SNS topic; {@code -c alarmEmail=...} subscribes an address):
 * <ul>
 *   <li>session executions failed, timed out or aborted;</li>
 *   <li>a server the workflow could not confirm as terminated (from the execution logs);</li>
 *   <li>servers running past their deadline, counted by the reaper on every run
 *       ({@code PastDeadlineMetric}: {@code breakfix/ServersPastDeadline}, no dimensions, an embedded
 *       metric format line in the reaper's log);</li>
 *   <li>the API answering 5xx;</li>
 *   <li>a monthly AWS Budgets cost budget: 80 % spent and 100 % forecast.</li>
 * </ul>
 */
public final class OpsStack extends Stack {
    /** The metric the reaper publishes each run: servers found running past deadline plus grace. */
    public static final String PAST_DEADLINE_METRIC = PastDeadlineMetric.NAME;
    public static final String PAST_DEADLINE_NAMESPACE = PastDeadlineMetric.NAMESPACE;

    /**
     * @param alarmEmail who gets the alarms and budget notices (subscribe more to the topic by hand)
     * @param monthlyBudgetUsd the monthly cost budget of the account, in US dollars
     */
    public record Settings(Optional<String> alarmEmail, int monthlyBudgetUsd) {
        public Settings {
            if (monthlyBudgetUsd < 1) {
                throw new IllegalArgumentException("the monthly budget must be at least 1 USD, not " + monthlyBudgetUsd);
            }
        }
    }

    /** What is watched. */
    public record Watched(StateMachine sessions, Metric serversNotTerminated, Map<String, JavaFunction> taskFunctions,
            JavaFunction reaper, RestApi api, ApplicationLoadBalancer gatewayLoadBalancer, FargateService gateway) {}

    private final Topic alarms;
    private final List<Alarm> alarmList = new ArrayList<>();

    public OpsStack(Construct scope, String id, StackProps props, Watched watched, Settings settings) {
        super(scope, id, props);
        alarms = Topic.Builder.create(this, "Alarms")
                .displayName("breakfix alarms")
                .enforceSsl(true)
                .build();
        settings.alarmEmail().ifPresent(email -> alarms.addSubscription(new EmailSubscription(email)));
        alarms.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("BudgetsPublish")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("budgets.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarms.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());

        Duration period = Duration.minutes(5);
        StateMachine sessions = watched.sessions();
        MathExpression sessionsFailed = MathExpression.Builder.create()
                .label("session executions failed, timed out or aborted")
                .expression("failed + timedOut + aborted")
                .usingMetrics(Map.of(
                        "failed", sessions.metricFailed(sum(period)),
                        "timedOut", sessions.metricTimedOut(sum(period)),
                        "aborted", sessions.metricAborted(sum(period))))
                .period(period)
                .build();
        alarm("SessionsFailed", sessionsFailed, 1, 1,
                "A session execution failed, timed out or was aborted: read it in the Step Functions console (execution name = session id).");
        alarm("ServersNotTerminated", watched.serversNotTerminated().with(sum(period)), 1, 1,
                "The workflow could not confirm that a server terminated. The reaper should catch it; check EC2 for instances tagged breakfix:managed=true.");
        Metric pastDeadline = Metric.Builder.create()
                .namespace(PAST_DEADLINE_NAMESPACE)
                .metricName(PAST_DEADLINE_METRIC)
                .statistic("Maximum")
                .period(period)
                .build();
        alarm("ServersPastDeadline", pastDeadline, 1, 2,
                "Servers are running past their deadline (reported by the reaper): terminate instances tagged breakfix:managed=true whose breakfix:deadline has passed.");
        alarm("ReaperFailing", watched.reaper().function().metricErrors(sum(period)), 1, 2,
                "The reaper failed twice in a row: servers past their deadline may be left running. Read its log group.");
        alarm("ApiServerErrors", watched.api().metricServerError(sum(period)), 5, 1,
                "The API answered 5xx: read the API's access logs and the failing function's log group.");

        budget(settings);
        dashboard(watched, period);
    }

    public Topic alarms() {
        return alarms;
    }

    public List<Alarm> alarmList() {
        return List.copyOf(alarmList);
    }

    private void alarm(String id, IMetric metric, double threshold, int periods, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        alarm.addAlarmAction(new SnsAction(alarms));
        alarmList.add(alarm);
    }

    /** A monthly cost budget of the whole account, telling the alarm topic at 80 % actual and 100 % forecast. */
    private void budget(Settings settings) {
        List<CfnBudget.SubscriberProperty> subscribers = new ArrayList<>();
        subscribers.add(CfnBudget.SubscriberProperty.builder().subscriptionType("SNS").address(alarms.getTopicArn()).build());
        List<CfnBudget.NotificationWithSubscribersProperty> notifications = List.of(
                notification("ACTUAL", 80, subscribers),
                notification("FORECASTED", 100, subscribers));
        CfnBudget.Builder.create(this, "MonthlyBudget")
                .budget(CfnBudget.BudgetDataProperty.builder()
                        .budgetType("COST")
                        .timeUnit("MONTHLY")
                        .budgetLimit(CfnBudget.SpendProperty.builder()
                                .amount(settings.monthlyBudgetUsd())
                                .unit("USD")
                                .build())
                        .build())
                .notificationsWithSubscribers(notifications)
                .build();
    }

    private static CfnBudget.NotificationWithSubscribersProperty notification(String type, int percent,
            List<CfnBudget.SubscriberProperty> subscribers) {
        return CfnBudget.NotificationWithSubscribersProperty.builder()
                .notification(CfnBudget.NotificationProperty.builder()
                        .notificationType(type)
                        .comparisonOperator("GREATER_THAN")
                        .threshold(percent)
                        .thresholdType("PERCENTAGE")
                        .build())
                .subscribers(subscribers)
                .build();
    }

    private void dashboard(Watched watched, Duration period) {
        StateMachine sessions = watched.sessions();
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .defaultInterval(Duration.hours(6))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# breakfix\nSessions are Step Functions executions (name = session id); servers are EC2 "
                        + "instances tagged `breakfix:managed=true`. Alarms go to the SNS topic of this stack.")
                .width(24)
                .height(2)
                .build());
        dashboard.addWidgets(
                graph("Sessions", List.of(sessions.metricStarted(sum(period)), sessions.metricSucceeded(sum(period)),
                        sessions.metricFailed(sum(period)), sessions.metricTimedOut(sum(period)))),
                graph("Servers not terminated / past deadline", List.of(
                        watched.serversNotTerminated().with(sum(period)),
                        Metric.Builder.create().namespace(PAST_DEADLINE_NAMESPACE).metricName(PAST_DEADLINE_METRIC)
                                .statistic("Maximum").period(period).build())));
        dashboard.addWidgets(
                graph("API requests and errors", List.of(watched.api().metricCount(sum(period)),
                        watched.api().metricClientError(sum(period)), watched.api().metricServerError(sum(period)))),
                graph("API latency (p99)", List.of(watched.api().metricLatency(
                        MetricOptions.builder().statistic("p99").period(period).build()))));
        List<IMetric> taskErrors = new ArrayList<>();
        List<IMetric> taskDurations = new ArrayList<>();
        watched.taskFunctions().forEach((name, function) -> {
            taskErrors.add(function.function().metricErrors(MetricOptions.builder().statistic("Sum").period(period)
                    .label(name).build()));
            taskDurations.add(function.function().metricDuration(MetricOptions.builder().statistic("p90")
                    .period(period).label(name).build()));
        });
        taskErrors.add(watched.reaper().function().metricErrors(MetricOptions.builder().statistic("Sum")
                .period(period).label("Reaper").build()));
        dashboard.addWidgets(graph("Workflow task errors", taskErrors), graph("Workflow task duration (p90)", taskDurations));
        dashboard.addWidgets(
                graph("Terminal gateway connections", List.of(
                        watched.gatewayLoadBalancer().getMetrics().activeConnectionCount(sum(period)),
                        watched.gatewayLoadBalancer().getMetrics().newConnectionCount(sum(period)))),
                graph("Terminal gateway CPU and memory", List.of(
                        watched.gateway().metricCpuUtilization(), watched.gateway().metricMemoryUtilization())));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }
}
