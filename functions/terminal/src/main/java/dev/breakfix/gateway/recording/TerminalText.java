package dev.breakfix.gateway.recording;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one terminal's output bytes into text for the recording, read by read: a UTF-8 character split
 * across two reads is held back until it is whole; bytes that are not UTF-8 at all (binary output)
 * become U+FFFD, as a terminal would show them. One per connection; not thread-safe.
 */
public final class TerminalText {
    private byte[] carry = new byte[0];

    public String decode(byte[] bytes, int length) {
        byte[] all;
        int n;
        if (carry.length == 0) {
            all = bytes;
            n = length;
        } else {
            all = Arrays.copyOf(carry, carry.length + length);
            System.arraycopy(bytes, 0, all, carry.length, length);
            n = all.length;
        }
        int complete = completeUpTo(all, n);
        carry = Arrays.copyOfRange(all, complete, n);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Where the last whole character ends: the start of a trailing, still incomplete sequence, or {@code n}. */
    static int completeUpTo(byte[] bytes, int n) {
        for (int i = n - 1; i >= Math.max(0, n - 3); i--) {
            int b = bytes[i] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return n - i >= needed ? n : i;
        }
        return n;
    }
}
