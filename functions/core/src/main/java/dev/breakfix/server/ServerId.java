package dev.breakfix.server;

/** A scenario server's id as its backend knows it: an EC2 instance id, or a local container name. */
public record ServerId(String value) {
    public ServerId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a server id cannot be empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
