package dev.breakfix.sandbox;

/** A base or scenario image could not be built; the message carries the failing step's output. */
public final class ImageBuildException extends SandboxException {
    public ImageBuildException(String message) {
        super(message);
    }
}
