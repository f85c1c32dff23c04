package dev.breakfix.local.stepfunctions.store;

import dev.breakfix.local.stepfunctions.ExecutionStore;

class InMemoryExecutionStoreTest extends ExecutionStoreContract {
    private final InMemoryExecutionStore store = new InMemoryExecutionStore();

    @Override
    ExecutionStore store() {
        return store;
    }
}
