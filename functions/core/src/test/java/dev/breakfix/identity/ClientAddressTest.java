package dev.breakfix.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void parse_shouldReadTheForms_gatewaysWrite() {
        assertThat(ClientAddress.parse("203.0.113.7").orElseThrow().limitKey()).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.parse("203.0.113.7:51234").orElseThrow().limitKey()).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.parse("[2001:db8::1]:443").orElseThrow().isIpv6()).isTrue();
    }

    @Test
    void limitKey_shouldBeThe64Prefix_forIpv6() {
        String one = ClientAddress.parse("2001:db8:aa:bb::1").orElseThrow().limitKey();
        String sameNetwork = ClientAddress.parse("2001:db8:aa:bb:ffff:1:2:3").orElseThrow().limitKey();
        String otherNetwork = ClientAddress.parse("2001:db8:aa:bc::1").orElseThrow().limitKey();

        assertThat(one).isEqualTo(sameNetwork).isEqualTo("2001:db8:aa:bb::/64");
        assertThat(otherNetwork).isNotEqualTo(one);
    }

    @Test
    void parse_shouldRefuseHostNamesAndGarbage_withoutLookingAnythingUp() {
        assertThat(ClientAddress.parse("example.com")).isEmpty();
        assertThat(ClientAddress.parse("localhost")).isEmpty();
        assertThat(ClientAddress.parse("")).isEmpty();
        assertThat(ClientAddress.parse(null)).isEmpty();
        assertThat(ClientAddress.parse("1.2.3")).isEmpty();
    }
}
