package io.openconnectors.camel.store;

/**
 * How the consumers make what they acknowledge durable as one unit: a poll's notifications with its window, a
 * webhook's notifications before the 2xx. Without an event store there is nothing to commit.
 */
@FunctionalInterface
public interface Transactions {

    Transactions NONE = Work::run;

    void inTransaction(Work work) throws Exception;

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    static Transactions of(EventIngest store) {
        return work -> store.inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
