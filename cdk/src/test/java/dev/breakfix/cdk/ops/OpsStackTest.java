package dev.breakfix.cdk.ops;

import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.cdk.TestApps;
import dev.breakfix.cdk.workflow.WorkflowStack;
import dev.breakfix.reaper.PastDeadlineMetric;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operations: the dashboard, the alarms (to the operators' topic) and the monthly budget. */
class OpsStackTest {
    private static JsonNode template;

    @BeforeAll
    static void synthesize() {
        TestApps.Synthesized app = TestApps.shared();
        template = app.template(app.stacks().ops());
    }

    @Test
    void alarms_shouldCoverFailedSessions_unterminatedAndOverdueServers_andApi5xx_allToTheTopic() {
        Map<String, JsonNode> alarms = resources(template, "AWS::CloudWatch::Alarm");
        String topic = resources(template, "AWS::SNS::Topic").keySet().iterator().next();

        assertThat(alarms.keySet()).anyMatch(id -> id.startsWith("SessionsFailed"))
                .anyMatch(id -> id.startsWith("ServersNotTerminated")).anyMatch(id -> id.startsWith("ServersPastDeadline"))
                .anyMatch(id -> id.startsWith("ApiServerErrors")).anyMatch(id -> id.startsWith("ReaperFailing"));
        alarms.forEach((id, alarm) -> assertThat(alarm.path("Properties").path("AlarmActions").toString())
                .as(id).contains(topic));
        assertThat(alarms.values().stream().map(JsonNode::toString))
                .anyMatch(text -> text.contains(OpsStack.PAST_DEADLINE_METRIC))
                .anyMatch(text -> text.contains(WorkflowStack.SERVERS_NOT_TERMINATED_METRIC))
                .anyMatch(text -> text.contains("5XXError"))
                .anyMatch(text -> text.contains("ExecutionsFailed"));
    }

    @Test
    void pastDeadlineAlarm_shouldReadExactlyTheMetricTheReaperWrites_withoutDimensions() {
        // given the alarm on servers past their deadline
        JsonNode alarm = resources(template, "AWS::CloudWatch::Alarm").entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("ServersPastDeadline")).findFirst().orElseThrow()
                .getValue().path("Properties");

        // then it reads the reaper's EMF metric by namespace and name, with no dimensions (the reaper writes none)
        assertThat(alarm.path("Namespace").asText()).isEqualTo(PastDeadlineMetric.NAMESPACE).isEqualTo("breakfix");
        assertThat(alarm.path("MetricName").asText()).isEqualTo(PastDeadlineMetric.NAME).isEqualTo("ServersPastDeadline");
        assertThat(alarm.has("Dimensions")).isFalse();
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Maximum");
        assertThat(alarm.path("Period").asInt()).isEqualTo(300);
        assertThat(alarm.path("Threshold").asDouble()).isEqualTo(1.0);
        // and the line the reaper prints names that metric with an empty dimension set
        assertThat(PastDeadlineMetric.line(0, 0)).contains("\"Namespace\":\"breakfix\"")
                .contains("\"Dimensions\":[[]]").contains("\"Name\":\"ServersPastDeadline\"");
    }

    @Test
    void budget_shouldBeMonthly_andTellTheTopicAt80PercentAndForecast100() {
        JsonNode budget = resources(template, "AWS::Budgets::Budget").values().iterator().next().path("Properties");

        assertThat(budget.path("Budget").path("TimeUnit").asText()).isEqualTo("MONTHLY");
        assertThat(budget.path("Budget").path("BudgetType").asText()).isEqualTo("COST");
        assertThat(budget.path("NotificationsWithSubscribers")).hasSize(2);
        assertThat(budget.path("NotificationsWithSubscribers").toString()).contains("ACTUAL").contains("FORECASTED")
                .contains("\"SubscriptionType\":\"SNS\"");
    }

    @Test
    void topic_shouldRequireTls_letBudgetsPublish_andMailTheOperator_whenAnAddressIsGiven() {
        JsonNode policy = resources(template, "AWS::SNS::TopicPolicy").values().iterator().next();
        JsonNode subscription = resources(template, "AWS::SNS::Subscription").values().iterator().next();

        assertThat(policy.toString()).contains("budgets.amazonaws.com").contains("aws:SecureTransport");
        assertThat(subscription.path("Properties").path("Endpoint").asText()).isEqualTo(TestApps.ALARM_EMAIL);
        assertThat(resources(template, "AWS::CloudWatch::Dashboard")).hasSize(1);
    }
}
