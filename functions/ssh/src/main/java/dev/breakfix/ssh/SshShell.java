package dev.breakfix.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalInt;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * An interactive login shell on a pty: what the terminal gateway bridges to the browser. Keystrokes
 * go to {@link #input()}, the screen comes from {@link #output()} (a pty merges stderr into it).
 */
public final class SshShell implements AutoCloseable {
    private final ChannelShell channel;

    SshShell(ChannelShell channel) {
        this.channel = channel;
    }

    /** Bytes typed by the user, to the remote shell. */
    public OutputStream input() {
        return channel.getInvertedIn();
    }

    /** Bytes the remote terminal shows. Ends when the shell exits. */
    public InputStream output() {
        return channel.getInvertedOut();
    }

    /** Tells the remote pty its new size (SIGWINCH for the programs on it). */
    public void resize(PtySize size) throws IOException {
        channel.sendWindowChange(size.columns(), size.rows());
    }

    public boolean isOpen() {
        return channel.isOpen() && !channel.isClosing();
    }

    /** Waits until the shell has exited; returns its exit status if it had one and ended in time. */
    public OptionalInt awaitExit(Duration timeout) {
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
        Integer status = channel.getExitStatus();
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    @Override
    public void close() {
        channel.close(true);
    }
}
