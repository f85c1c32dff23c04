package dev.breakfix.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakfix.scenario.ServerLimits;
import org.junit.jupiter.api.Test;

class InstanceTypesTest {

    @Test
    void forLimits_shouldStartAtTheSmallestSizeThatFits_whenTheLimitsAreTheDefault() {
        assertThat(InstanceTypes.forLimits(ServerLimits.DEFAULT)).containsExactly("t4g.nano", "t4g.micro", "t4g.small");
    }

    @Test
    void forLimits_shouldSkipSizesWithTooLittleMemory_whenTheScenarioNeedsMore() {
        assertThat(InstanceTypes.forLimits(new ServerLimits(513, 512, 1.0)))
                .containsExactly("t4g.micro", "t4g.small", "t4g.medium");
        assertThat(InstanceTypes.forLimits(new ServerLimits(2048, 512, 2.0)))
                .containsExactly("t4g.small", "t4g.medium", "t4g.large");
    }

    @Test
    void forLimits_shouldOfferFewerFallbacks_whenTheScenarioNeedsTheLargestMemory() {
        assertThat(InstanceTypes.forLimits(new ServerLimits(ServerLimits.MAX_MEMORY_MIB, 512, ServerLimits.MAX_CPUS)))
                .containsExactly("t4g.medium", "t4g.large");
    }

    @Test
    void allowed_shouldHoldEveryTypeALaunchCanAskFor_whenUsedForIam() {
        for (int memory = ServerLimits.MIN_MEMORY_MIB; memory <= ServerLimits.MAX_MEMORY_MIB; memory += 64) {
            assertThat(InstanceTypes.ALLOWED).containsAll(InstanceTypes.forLimits(new ServerLimits(memory, 512, 2.0)));
        }
        assertThat(InstanceTypes.ALLOWED).allMatch(type -> type.startsWith("t4g."));
    }
}
