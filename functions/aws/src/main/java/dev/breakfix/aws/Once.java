package dev.breakfix.aws;

import java.util.function.Supplier;

/** A value made on first use and kept: how the Lambda wiring builds clients only when a task needs them. */
public final class Once<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    private Once(Supplier<T> make) {
        this.make = make;
    }

    public static <T> Once<T> of(Supplier<T> make) {
        return new Once<>(make);
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                if (value == null) {
                    value = make.get();
                }
                made = value;
            }
        }
        return made;
    }
}
