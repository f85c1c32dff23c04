package dev.breakfix.session;

/**
 * The global cap on running servers. The workflow reserves a slot with a conditional counter update
 * (the authority); the API reads the count to refuse early when it is plainly full.
 */
public interface ServerSlots {
    int running();
}
