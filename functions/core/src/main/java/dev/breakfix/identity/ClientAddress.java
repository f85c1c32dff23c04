package dev.breakfix.identity;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network address a request came from, as the gateway saw it, for limits "per client address".
 * An IPv6 client usually holds a whole /64, so IPv6 addresses are limited per /64 prefix.
 */
public record ClientAddress(InetAddress address) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * Parses a literal address (never a host name: nothing is looked up). Accepts what gateways put in
     * a request: {@code 203.0.113.7}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}, {@code 203.0.113.7:51234}.
     */
    public static Optional<ClientAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.strip();
        if (literal.startsWith("[") && literal.contains("]")) {
            literal = literal.substring(1, literal.indexOf(']'));
        } else if (literal.chars().filter(c -> c == ':').count() == 1) {
            literal = literal.substring(0, literal.indexOf(':'));
        }
        if (!IPV4.matcher(literal).matches() && !(literal.contains(":") && IPV6.matcher(literal).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClientAddress(InetAddress.getByName(literal)));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** What a limit counts by: the IPv4 address, or the IPv6 address's /64 network. */
    public String limitKey() {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(String.format("%x", ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }
}
