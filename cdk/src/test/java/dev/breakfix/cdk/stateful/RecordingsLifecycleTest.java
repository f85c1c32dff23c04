package dev.breakfix.cdk.stateful;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordingsLifecycleTest {

    @Test
    void constructor_shouldRefuse_whenTransitionIsEarlierThanS3Allows() {
        assertThatThrownBy(() -> new RecordingsLifecycle(29, 365))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30 days");
    }

    @Test
    void constructor_shouldRefuse_whenRecordingsExpireBeforeTheyMove() {
        assertThatThrownBy(() -> new RecordingsLifecycle(60, 60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expire after");
    }
}
